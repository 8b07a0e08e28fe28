/**
 * The cohort server's HTTP surface, one Hono app: the JSON API, the server's
 * own pages, the browser modules and the built workbook, all under one base
 * path. Every handler validates its body (size and shape) before anything
 * else, and answers problems with a 4xx and `{ error }` in plain words.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import { sanitizeProgress } from '../progress/parse.ts';
import type { Catalog } from './catalog.ts';
import type { Db } from './db.ts';
import { gradebookCsv, gradebookJson, itemAnalysis, roster } from './gradebook.ts';
import type { Logger } from './log.ts';
import { createModuleServer } from './modules.ts';
import { page } from './pages.ts';
import { parseBody } from './parse-body.ts';
import * as people from './people.ts';
import type { Person } from './people.ts';
import { createRateLimiter } from './rate-limit.ts';
import * as requests from './requests.ts';
import { csrfGuard, securityHeaders } from './security.ts';
import { serveStatic } from './static.ts';
import { quizRoutes } from './quiz-routes.ts';
import { loadQuizBook } from './quiz.ts';
import type { Grading } from './submissions-queue.ts';
import { submissionRoutes } from './submissions-routes.ts';
import { progressOf, pull, push } from './sync.ts';
import { SECRET_RE } from './tokens.ts';

export interface AppOptions {
  readonly db: Db;
  readonly catalog: Catalog;
  /** The built workbook to serve. */
  readonly distDir: string;
  /** The src/ folder (browser modules of cohort mode). */
  readonly srcDir: string;
  /** `/` or `/courses/replication/` (leading and trailing slash). */
  readonly base: string;
  readonly log: Logger;
  /** Join and sign-in attempts allowed per client address per minute. */
  readonly authPerMinute?: number;
  /** Use X-Forwarded-For for the client address (only behind a proxy you run). */
  readonly trustProxy?: boolean;
  /** Exercise submissions and their server-side grading (absent: the submission routes answer 404). */
  readonly grading?: Grading;
  /** Called around every request, so shutdown can wait for in-flight writes. */
  readonly track?: { begin(): void; end(): void };
}

type Env = { Variables: { person: Person; token: string } };

/** Normalises a base path to `/` or `/a/b/`. */
export function normalizeBase(base: string | undefined): string {
  const parts = (base ?? '/').split('/').filter(Boolean);
  return parts.length ? `/${parts.join('/')}/` : '/';
}

export function createApp(options: AppOptions): Hono<Env> {
  const { db, catalog, base, log } = options;
  const root = base === '/' ? '' : base.slice(0, -1);
  const app = new Hono<Env>();
  const authLimiter = createRateLimiter(options.authPerMinute ?? 20, 60_000);
  const modules = createModuleServer(options.srcDir);

  const clientKey = (c: Context<Env>): string => {
    if (options.trustProxy) {
      const f = c.req.header('X-Forwarded-For')?.split(',')[0]?.trim();
      if (f) return f;
    }
    const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
    return env?.incoming?.socket?.remoteAddress ?? 'local';
  };

  app.use('*', async (c, next) => {
    const started = performance.now();
    options.track?.begin();
    try {
      await next();
    } finally {
      options.track?.end();
      // Path only: no query string, no headers, no body (that is where secrets travel).
      log('request', {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: +(performance.now() - started).toFixed(1),
      });
    }
  });
  app.use('*', securityHeaders());
  app.onError((err, c) => {
    log('error', { path: c.req.path, message: err.message });
    return c.json({ error: 'the server failed; nothing was changed, try again' }, 500);
  });

  const api = new Hono<Env>();
  api.use('*', csrfGuard());
  api.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  const small = bodyLimit({
    maxSize: requests.SMALL_BODY_BYTES,
    onError: (c) => c.json({ error: `the body is larger than ${requests.SMALL_BODY_BYTES} bytes` }, 413),
  });
  const large = bodyLimit({
    maxSize: requests.MAX_BODY_BYTES,
    onError: (c) => c.json({ error: `the body is larger than ${requests.MAX_BODY_BYTES} bytes` }, 413),
  });

  const limited = async (c: Context<Env>, next: () => Promise<void>) => {
    if (!authLimiter.take(clientKey(c))) {
      c.header('Retry-After', '60');
      return c.json({ error: 'too many attempts; wait a minute and try again' }, 429);
    }
    return next();
  };

  const signedIn = async (c: Context<Env>, next: () => Promise<void>) => {
    const m = /^Bearer (\S+)$/.exec(c.req.header('Authorization') ?? '');
    const token = m?.[1];
    const person = token && SECRET_RE.test(token) ? await people.authenticate(db, token) : undefined;
    if (!person || !token) return c.json({ error: 'sign in first (this device has no valid sign-in)' }, 401);
    c.set('person', person);
    c.set('token', token);
    return next();
  };
  const instructor = async (c: Context<Env>, next: () => Promise<void>) => {
    if (c.get('person').role !== 'instructor') return c.json({ error: 'only the instructor may do this' }, 403);
    return next();
  };

  const personView = (p: Person) => ({
    id: p.id,
    role: p.role,
    displayName: p.displayName,
    email: p.email,
    cohort: { id: p.cohortId, name: p.cohortName },
  });

  api.get('/health', async (c) => {
    try {
      await db.kysely.selectFrom('cohorts').select('id').limit(1).execute();
      return c.json({ ok: true, database: db.kind });
    } catch {
      return c.json({ ok: false, database: db.kind }, 503);
    }
  });

  api.post('/join', small, limited, async (c) => {
    const b = await parseBody(c, requests.joinBody);
    if (b instanceof Response) return b;
    const r = await people.join(db, b.code, b.displayName, b.email ? b.email : null);
    if (!r)
      return c.json({ error: 'this join link is not valid (it may have been replaced); ask your instructor' }, 404);
    log('joined', { cohort: r.person.cohortId, person: r.person.id });
    return c.json(
      { token: r.token, signinCode: r.signinCode, person: personView(r.person), epoch: r.person.epoch },
      201,
    );
  });

  api.post('/signin', small, limited, async (c) => {
    const b = await parseBody(c, requests.signinBody);
    if (b instanceof Response) return b;
    const r = await people.signIn(db, b.code);
    if (!r) return c.json({ error: 'this sign-in link is not valid; ask your instructor for a new one' }, 404);
    log('signed-in', { person: r.person.id, role: r.person.role });
    return c.json({ token: r.token, person: personView(r.person), epoch: r.person.epoch });
  });

  api.post('/signout', small, signedIn, async (c) => {
    await people.signOutDevice(db, c.get('token'));
    return c.json({ ok: true });
  });

  api.get('/me', signedIn, async (c) => {
    const p = c.get('person');
    return c.json({ person: personView(p), ...(await pull(db, p)) });
  });

  api.get('/progress', signedIn, async (c) => c.json(await pull(db, c.get('person'))));

  api.post('/sync', large, signedIn, async (c) => {
    const b = await parseBody(c, requests.syncBody);
    if (b instanceof Response) return b;
    // The workbook's own parser: a payload it would have to drop anything from is refused whole.
    const parsed = sanitizeProgress(b.progress, { newSeed: () => 0 });
    if (parsed.problems.length > 0)
      return c.json(
        {
          error: `the progress cannot be read: ${parsed.problems.slice(0, 3).join('; ')}`,
          problems: parsed.problems.slice(0, 20),
        },
        422,
      );
    const person = c.get('person');
    const r = await push(db, person, { updateId: b.updateId, epoch: b.epoch, progress: parsed.data });
    if (!r.ok && r.reason === 'too-large')
      return c.json(
        { error: 'the merged progress would be too large for a browser to keep; nothing was changed' },
        413,
      );
    if (!r.ok)
      return c.json(
        {
          error: 'your progress was reset by the instructor',
          reset: true,
          epoch: r.epoch,
          revision: r.revision,
          progress: r.progress,
        },
        409,
      );
    return c.json({ revision: r.revision, epoch: r.epoch, duplicate: r.duplicate, progress: r.progress });
  });

  if (options.grading) api.route('/', submissionRoutes({ db, grading: options.grading, signedIn, instructor }));

  // Instructor endpoints: signed in, and the instructor of that cohort (a learner gets 403).
  const inst = new Hono<Env>();
  inst.use('*', signedIn, instructor);
  const cohortOf = (c: Context<Env>) => ({ id: c.get('person').cohortId, name: c.get('person').cohortName });
  inst.get('/roster', async (c) => c.json(await roster(db, catalog, cohortOf(c))));
  inst.get('/items', async (c) => c.json({ items: await itemAnalysis(db, catalog, cohortOf(c).id) }));
  inst.get('/learners/:id', async (c) => {
    const id = c.req.param('id');
    const r = await roster(db, catalog, cohortOf(c));
    const row = r.learners.find((l) => l.id === id);
    if (!row) return c.json({ error: 'no such learner in this cohort' }, 404);
    const progress = await progressOf(db, id);
    return c.json({ learner: row, progress });
  });
  // An instructor's action on one learner of their cohort: the body is checked first, and an
  // action that answers false found no such learner in this cohort.
  const postLearnerAction = <S extends z.ZodType>(
    path: string,
    schema: S,
    action: (cohortId: string, id: string, body: z.infer<S>, c: Context<Env>) => Promise<Response | false>,
  ) =>
    inst.post(`/learners/:id/${path}`, small, async (c) => {
      const b = await parseBody(c, schema);
      if (b instanceof Response) return b;
      const r = await action(c.get('person').cohortId, c.req.param('id') ?? '', b, c);
      return r === false ? c.json({ error: 'no such learner in this cohort' }, 404) : r;
    });
  postLearnerAction(
    'rename',
    requests.renameBody,
    async (cohort, id, b, c) => (await people.rename(db, cohort, id, b.displayName)) && c.json({ ok: true }),
  );
  postLearnerAction(
    'remove',
    requests.emptyBody,
    async (cohort, id, _b, c) => (await people.remove(db, cohort, id)) && c.json({ ok: true }),
  );
  postLearnerAction(
    'reset',
    requests.emptyBody,
    async (cohort, id, _b, c) => (await people.reset(db, cohort, id)) && c.json({ ok: true }),
  );
  postLearnerAction('signin-code', requests.emptyBody, async (cohort, id, _b, c) => {
    const code = await people.newSigninCode(db, cohort, id);
    return code !== undefined && c.json({ signinCode: code, link: `${origin(c)}${base}cohort/signin/#${code}` });
  });
  inst.post('/join-link/rotate', small, async (c) => {
    const b = await parseBody(c, requests.emptyBody);
    if (b instanceof Response) return b;
    const code = await people.rotateJoinCode(db, cohortOf(c).id);
    return c.json({ joinCode: code, link: `${origin(c)}${base}cohort/join/#${code}` });
  });
  inst.get('/export.csv', async (c) => {
    const csv = gradebookCsv(await roster(db, catalog, cohortOf(c)));
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="gradebook.csv"');
    return c.body(csv);
  });
  inst.get('/export.json', async (c) => {
    c.header('Content-Disposition', 'attachment; filename="gradebook.json"');
    return c.json(await gradebookJson(db, catalog, cohortOf(c)));
  });
  api.route('/instructor', inst);
  api.route('/quiz', quizRoutes({ db, book: loadQuizBook(options.distDir), signedIn }));
  api.all('*', (c) => c.json({ error: 'no such API endpoint' }, 404));
  app.route(`${root}/api`, api);

  // The server's own pages and the browser modules of cohort mode.
  const pages: Record<string, Parameters<typeof page>[0]> = {
    '': 'me',
    'join/': 'join',
    'signin/': 'signin',
    'dashboard/': 'dashboard',
  };
  app.get(`${root}/cohort/*`, async (c, next) => {
    const rest = c.req.path.slice(`${root}/cohort/`.length);
    if (rest.startsWith('_src/')) {
      const js = await modules(rest.slice('_src/'.length));
      if (js === undefined) return c.text('not found', 404);
      c.header('Content-Type', 'text/javascript; charset=utf-8');
      c.header('Cache-Control', 'no-cache');
      return c.body(js);
    }
    const name = pages[rest] ?? pages[`${rest}/`];
    if (!name) return next();
    if (!rest.endsWith('/') && rest !== '') return c.redirect(`${root}/cohort/${rest}/`, 301);
    c.header('Cache-Control', 'no-cache');
    return c.html(page(name, base));
  });
  app.get(`${root}/cohort`, (c) => c.redirect(`${root}/cohort/`, 301));

  // The built workbook.
  app.get('*', async (c) => {
    const path = c.req.path;
    if (root && path === root) return c.redirect(`${root}/`, 301);
    if (!path.startsWith(`${root}/`)) return c.text('not found', 404);
    const r = await serveStatic(options.distDir, path.slice(root.length + 1), base);
    if (r) return new Response(r.body as BodyInit, { status: r.status, headers: r.headers });
    const notFound = await serveStatic(options.distDir, '404.html', base);
    return new Response((notFound?.body as BodyInit | undefined) ?? 'not found', {
      status: 404,
      headers: notFound?.headers ?? { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  });
  return app;
}

/** The origin links are made from: the request's own host (links work behind the same name learners use). */
function origin(c: Context): string {
  const proto = c.req.header('X-Forwarded-Proto') === 'https' ? 'https' : new URL(c.req.url).protocol.replace(':', '');
  return `${proto}://${c.req.header('Host') ?? new URL(c.req.url).host}`;
}
