/**
 * HTTP for exercise submissions, mounted by app.ts on the API:
 *
 *   POST /exercises/:exercise/submissions           { code } → 202 { id }: stored and queued for grading
 *   GET  /exercises/:exercise/submissions           the caller's own submissions and verified verdicts
 *   GET  /instructor/learners/:id/submissions       a learner's submissions, with code (instructor)
 *   GET  /instructor/submissions/:id/replay[?run=smallest]
 *                                                   the failing run rebuilt in the sandbox (instructor)
 *
 * The learner is always the bearer token's person: no body or path field
 * names one. The body carries code only; a verdict, score or pass sent by a
 * client is refused by name, because the server grades the code itself.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { CORE_PROPERTIES } from '../assessment/grading/types.ts';
import type { Db } from './db.ts';
import { readJson } from './parse-body.ts';
import type { Person } from './people.ts';
import type { Grading } from './submissions-queue.ts';
import {
  insertSubmission,
  listSubmissions,
  MAX_CODE_CHARS,
  MAX_PENDING_PER_LEARNER,
  pendingCount,
  submissionInCohort,
} from './submissions.ts';

type Env = { Variables: { person: Person; token: string } };

/** Largest body: the longest code, JSON-escaped, with room to spare. */
export const SUBMISSION_BODY_BYTES = 1_000_000;

const EXERCISE_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const submissionBody = z.strictObject({ code: z.string().min(1, 'code: the submission is empty') });

/** Properties whose failure has no run to rebuild (nothing ran, or grading stopped between seeds). */
const NO_RUN: ReadonlySet<string> = new Set([CORE_PROPERTIES.entry, CORE_PROPERTIES.time]);

export interface SubmissionRouteOptions {
  readonly db: Db;
  readonly grading: Grading;
  /** app.ts's sign-in check (sets `person`). */
  readonly signedIn: MiddlewareHandler<Env>;
  /** app.ts's instructor check (after signedIn). */
  readonly instructor: MiddlewareHandler<Env>;
}

/** Reads `{ code }`, or answers 400/413 in plain words. */
async function readCode(c: Context<Env>): Promise<string | Response> {
  const json = await readJson(c);
  if (json instanceof Response) return json;
  const value = json.value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const extra = Object.keys(value).filter((k) => k !== 'code');
    if (extra.length > 0)
      return c.json(
        {
          error: `${extra.map((k) => JSON.stringify(k)).join(', ')} not accepted: send only { code }; the server grades the code itself`,
        },
        400,
      );
    const code = (value as { code?: unknown }).code;
    if (typeof code === 'string' && code.length > MAX_CODE_CHARS)
      return c.json({ error: `the code is longer than ${MAX_CODE_CHARS} characters` }, 413);
  }
  const r = submissionBody.safeParse(value);
  if (!r.success) {
    const i = r.error.issues[0];
    const msg = i?.path.length ? `${i.path.join('.')}: ${i.message}` : (i?.message ?? 'not a submission');
    return c.json({ error: `the body must be { code: "<your TypeScript>" } (${msg})` }, 400);
  }
  return r.data.code;
}

export function submissionRoutes(o: SubmissionRouteOptions): Hono<Env> {
  const { db, grading, signedIn, instructor } = o;
  const routes = new Hono<Env>();
  const limit = bodyLimit({
    maxSize: SUBMISSION_BODY_BYTES,
    onError: (c) => c.json({ error: `the body is larger than ${SUBMISSION_BODY_BYTES} bytes` }, 413),
  });
  const exerciseOf = (c: Context<Env>) => {
    const id = c.req.param('exercise') ?? '';
    return EXERCISE_RE.test(id) ? grading.exercises.get(id) : undefined;
  };
  const unknown = (c: Context<Env>) =>
    c.json({ error: `there is no exercise named ${JSON.stringify(c.req.param('exercise'))} in this course` }, 404);

  routes.post('/exercises/:exercise/submissions', limit, signedIn, async (c) => {
    const exercise = exerciseOf(c);
    if (!exercise) return unknown(c);
    const code = await readCode(c);
    if (code instanceof Response) return code;
    const person = c.get('person');
    if ((await pendingCount(db, person.id)) >= MAX_PENDING_PER_LEARNER) {
      c.header('Retry-After', '10');
      return c.json(
        { error: `${MAX_PENDING_PER_LEARNER} of your submissions are still being graded; wait for their verdicts` },
        429,
      );
    }
    const id = await insertSubmission(db, {
      personId: person.id,
      exercise: exercise.id,
      grader: exercise.grader,
      code,
    });
    grading.queue.enqueue(id);
    return c.json({ id, exercise: exercise.id, status: 'queued' }, 202);
  });

  routes.get('/exercises/:exercise/submissions', signedIn, async (c) => {
    const exercise = exerciseOf(c);
    if (!exercise) return unknown(c);
    return c.json({ submissions: await listSubmissions(db, c.get('person').id, exercise.id) });
  });

  routes.get('/instructor/learners/:id/submissions', signedIn, instructor, async (c) => {
    const cohortId = c.get('person').cohortId;
    const learner = await db.kysely
      .selectFrom('people')
      .select(['id', 'display_name'])
      .where('id', '=', c.req.param('id'))
      .where('cohort_id', '=', cohortId)
      .where('role', '=', 'learner')
      .executeTakeFirst();
    if (!learner) return c.json({ error: 'no such learner in this cohort' }, 404);
    const views = await listSubmissions(db, learner.id);
    const codes = new Map(
      (
        await db.kysely.selectFrom('submissions').select(['id', 'code']).where('person_id', '=', learner.id).execute()
      ).map((r) => [r.id, r.code]),
    );
    return c.json({
      learner: { id: learner.id, displayName: learner.display_name },
      submissions: views.map((v) => ({
        ...v,
        chapter: grading.exercises.get(v.exercise)?.chapter ?? null,
        code: codes.get(v.id) ?? '',
      })),
    });
  });

  routes.get('/instructor/submissions/:id/replay', signedIn, instructor, async (c) => {
    const s = await submissionInCohort(db, c.get('person').cohortId, c.req.param('id'));
    if (!s) return c.json({ error: 'no such submission in this cohort' }, 404);
    if (s.status !== 'verified' || !s.verdict)
      return c.json({ error: 'this submission has not been graded yet; try again in a moment' }, 409);
    if (s.verdict.passed) return c.json({ error: 'this submission passed: there is no failing run to replay' }, 409);
    const failure = s.verdict.failures.find((f) => !NO_RUN.has(f.property));
    if (!failure)
      return c.json(
        {
          error: `there is no run to show: ${s.verdict.containment?.message ?? s.verdict.error?.message ?? s.verdict.failures[0]?.message ?? 'grading stopped before a run'}`,
        },
        409,
      );
    const smaller = c.req.query('run') === 'smallest' ? failure.smaller : undefined;
    const r = await grading.pool.replay({
      grader: s.grader,
      code: s.code,
      seed: failure.seed,
      ...(smaller ? { scale: smaller.scale } : {}),
    });
    if (!r.ok) return c.json({ error: `the run could not be rebuilt: ${r.contained.message}` }, 422);
    const trace = r.result.trace;
    if (r.result.error || !trace || trace.events.length === 0)
      return c.json(
        { error: `the run could not be rebuilt: ${r.result.error?.message ?? 'no run was recorded'}` },
        422,
      );
    const last = trace.events.length - 1;
    const step = Math.min(smaller?.step ?? failure.step, last);
    const title = grading.exercises.get(s.exercise)?.title ?? s.exercise;
    return c.json({
      submission: { id: s.id, exercise: s.exercise, learner: s.display_name },
      title: `${title}, seed ${failure.seed}${smaller ? `, smallest failing run (${smaller.size})` : ''}`,
      whose: s.display_name,
      failure: {
        property: failure.property,
        message: smaller?.message ?? failure.message,
        seed: failure.seed,
        step,
      },
      step,
      trace,
      traceTruncated: r.result.traceTruncated === true,
      violations: r.result.violations.filter((v) => v.step <= last),
      properties: r.result.properties,
    });
  });

  return routes;
}
