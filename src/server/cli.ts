/**
 * The `npm run cohort` command line: serve, create, backup, migrate, regrade,
 * verify, help.
 * Options come from flags first, then the environment (PORT, COHORT_DATA,
 * DATABASE_URL, COHORT_BASE, COHORT_URL, COHORT_HOST), then defaults.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { normalizeBase } from './app.ts';
import { backupDatabase } from './backup.ts';
import { parseBundle, type SubmissionBundle } from './bundle.ts';
import { loadCatalog } from './catalog.ts';
import { openDb, redactUrl } from './db.ts';
import { jsonLogger } from './log.ts';
import { createGradingPool } from './grading/pool.ts';
import { createCohort } from './people.ts';
import { startServer } from './server.ts';
import { loadExerciseIndex } from './submissions-exercises.ts';
import { regradeSubmissions } from './submissions-regrade.ts';
import { describeResult, verifyBundles, verifyCsv } from './submissions-verify.ts';

export const HELP = `npm run cohort -- <command> [options]

Hosts the workbook for a class: one Node server serves the pages and a small
JSON API that syncs each learner's progress and gives the instructor a dashboard.

Commands:
  serve [--port N] [--data DIR] [--base PATH]   build the workbook if needed and serve it (the default command)
  create "<cohort name>" [--url URL]            create a cohort; prints the instructor sign-in link and the join link
  backup <file>                                 a consistent copy of the database, safe while the server runs
  migrate                                       bring the database schema up to date (serve does this too)
  regrade [--exercise ID]                       grade every stored submission again (after a grader fix) and
                                                print each verdict that changed, e.g. "Ada  ack-policy  failed → passed"
  verify <bundle.json…> --csv FILE [--dist DIR] re-grade the code and re-score the quiz answers of submission
                                                bundles (exported from the Progress page) and write a CSV
                                                gradebook with claimed vs verified, differences flagged
  help, --help                                  this text

Options and their environment variables:
  --port N        PORT          port to listen on (default 4322)
  --host ADDR     COHORT_HOST   address to listen on (default 0.0.0.0; 127.0.0.1 for this machine only)
  --data DIR      COHORT_DATA   folder of the SQLite database (default ./cohort-data)
                  DATABASE_URL  use PostgreSQL instead (postgres://user:pass@host:5432/db); several servers may share it
  --base PATH     COHORT_BASE   serve under a sub-path, e.g. /courses/replication/ (default /)
  --url URL       COHORT_URL    the address learners use, for printed links (default http://127.0.0.1:PORT/BASE)
  --dist DIR      COHORT_DIST   serve this build as is instead of ./dist (no build step)
                  COHORT_TRUST_PROXY=1  take the client address from X-Forwarded-For (behind your own proxy only)
                  COHORT_AUTH_PER_MINUTE  join/sign-in attempts per client address per minute (default 20)
`;

interface Settings {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  base: string;
  url: string;
}

function settings(values: Record<string, string | boolean | undefined>): Settings {
  const env = process.env;
  const port = Number(values.port ?? env.PORT ?? 4322);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port: ${String(values.port ?? env.PORT)} is not a port number`);
  const base = normalizeBase((values.base as string | undefined) ?? env.COHORT_BASE);
  const url = ((values.url as string | undefined) ?? env.COHORT_URL ?? `http://127.0.0.1:${port}${base}`).replace(
    /\/?$/,
    '/',
  );
  return {
    port,
    host: (values.host as string | undefined) ?? env.COHORT_HOST ?? '0.0.0.0',
    dataDir: resolve((values.data as string | undefined) ?? env.COHORT_DATA ?? 'cohort-data'),
    databaseUrl: env.DATABASE_URL || undefined,
    base,
    url,
  };
}

/** Builds dist/ when it is missing or was built for another base path (the base is compiled into the pages). */
function ensureBuild(root: string, base: string): void {
  const marker = join(root, 'dist', '.workbook-base');
  const built = existsSync(join(root, 'dist', 'index.html'));
  const builtBase = existsSync(marker) ? readFileSync(marker, 'utf8').trim() : '/';
  if (built && builtBase === base) return;
  console.error(
    built
      ? `dist/ was built for base ${builtBase}; rebuilding for ${base}…`
      : 'No build yet; building the workbook (1–2 minutes)…',
  );
  const r = spawnSync('node', ['scripts/build.mjs'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, WORKBOOK_BASE: base },
  });
  if (r.status !== 0) throw new Error('the build failed');
  writeFileSync(marker, `${base}\n`);
}

export async function main(argv: string[], root: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      base: { type: 'string' },
      url: { type: 'string' },
      dist: { type: 'string' },
      exercise: { type: 'string' },
      csv: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command = 'serve', ...rest] = positionals;
  if (values.help || command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const s = settings(values);
  switch (command) {
    case 'serve': {
      // --dist / COHORT_DIST serve another build as is (tests use a small fixture build).
      const dist = (values.dist as string | undefined) ?? process.env.COHORT_DIST;
      if (!dist) ensureBuild(root, s.base);
      const server = await startServer({
        port: s.port,
        host: s.host,
        dataDir: s.dataDir,
        databaseUrl: s.databaseUrl,
        distDir: dist ? resolve(dist) : join(root, 'dist'),
        srcDir: join(root, 'src'),
        base: s.base,
        log: jsonLogger(),
        authPerMinute: process.env.COHORT_AUTH_PER_MINUTE ? Number(process.env.COHORT_AUTH_PER_MINUTE) : undefined,
        trustProxy: process.env.COHORT_TRUST_PROXY === '1',
      });
      console.error(`Cohort server at ${server.url} (${server.db.kind}: ${server.db.where}). Ctrl-C stops it.`);
      await new Promise<void>((done) => {
        const stop = () => void server.stop().then(done);
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
      return 0;
    }
    case 'create': {
      const name = rest.join(' ').trim();
      if (!name) {
        console.error('Usage: npm run cohort -- create "<cohort name>"');
        return 2;
      }
      const db = await openDb({ dataDir: s.dataDir, databaseUrl: s.databaseUrl });
      try {
        const c = await createCohort(db, name.slice(0, 120));
        process.stdout.write(
          [
            `Cohort "${name}" created (${db.kind}: ${db.kind === 'postgres' ? redactUrl(s.databaseUrl ?? '') : db.where}).`,
            '',
            'Instructor sign-in link (keep it private; it opens the dashboard):',
            `  ${s.url}cohort/signin/#${c.instructorSigninCode}`,
            'Join link for learners (rotate it from the dashboard if it leaks):',
            `  ${s.url}cohort/join/#${c.joinCode}`,
            '',
            'These codes are shown only now: the server keeps only their hashes.',
            '',
          ].join('\n'),
        );
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'backup': {
      const file = rest[0];
      if (!file) {
        console.error('Usage: npm run cohort -- backup <file>');
        return 2;
      }
      console.log(await backupDatabase({ dataDir: s.dataDir, databaseUrl: s.databaseUrl, file: resolve(file) }));
      return 0;
    }
    case 'migrate': {
      const db = await openDb({ dataDir: s.dataDir, databaseUrl: s.databaseUrl });
      await db.close();
      console.log('The database schema is up to date.');
      return 0;
    }
    case 'regrade':
      return regrade(root, s, values.exercise as string | undefined);
    case 'verify':
      return verify(root, rest, values.csv as string | undefined, values.dist as string | undefined);
    default:
      console.error(`Unknown command "${command}".\n\n${HELP}`);
      return 2;
  }
}

async function regrade(root: string, s: Settings, exercise: string | undefined): Promise<number> {
  const exercises = loadExerciseIndex(join(root, 'content'));
  if (exercise !== undefined && !exercises.has(exercise)) {
    console.error(
      `--exercise: there is no exercise named "${exercise}"; exercises: ${[...exercises.keys()].join(', ')}`,
    );
    return 2;
  }
  const db = await openDb({ dataDir: s.dataDir, databaseUrl: s.databaseUrl });
  const pool = createGradingPool();
  try {
    const r = await regradeSubmissions(db, pool, exercises, {
      exercise,
      onChange: (c) => process.stdout.write(`${c.learner}  ${c.exercise}  ${c.before} → ${c.after}\n`),
    });
    const skipped = r.skipped ? ` (${r.skipped} of exercises the course no longer has were left as they were)` : '';
    process.stdout.write(
      `Re-graded ${r.graded} submission${r.graded === 1 ? '' : 's'} of ${r.learners} learner${r.learners === 1 ? '' : 's'}${exercise ? ` for ${exercise}` : ''}: ${r.changes.length} changed, ${r.graded - r.changes.length} unchanged${skipped}.\n`,
    );
    return 0;
  } finally {
    await pool.close();
    await db.close();
  }
}

async function verify(
  root: string,
  files: string[],
  csv: string | undefined,
  dist: string | undefined,
): Promise<number> {
  if (files.length === 0 || !csv) {
    console.error('Usage: npm run cohort -- verify <bundle.json…> --csv grades.csv [--dist DIR]');
    return 2;
  }
  // Every bundle is read and checked before anything is graded or written.
  const bundles: { file: string; bundle: SubmissionBundle }[] = [];
  const errors: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(resolve(file), 'utf8');
    } catch (e) {
      errors.push(`${file}: cannot be read (${e instanceof Error ? e.message : String(e)})`);
      continue;
    }
    const r = parseBundle(text, file);
    if (r.ok) bundles.push({ file: basename(file), bundle: r.bundle });
    else errors.push(r.error);
  }
  if (errors.length > 0) {
    console.error(`Nothing was verified or written:\n${errors.map((e) => `  ${e}`).join('\n')}`);
    return 1;
  }
  const distDir = resolve(dist ?? join(root, 'dist'));
  const catalog = loadCatalog(distDir);
  if (!catalog.chapters.some((c) => c.questions.length > 0))
    console.error(`No quiz files in ${distDir}/data: quizzes cannot be re-scored (build the workbook or pass --dist).`);
  const pool = createGradingPool();
  try {
    const results = await verifyBundles(bundles, {
      pool,
      exercises: loadExerciseIndex(join(root, 'content')),
      catalog,
    });
    writeFileSync(resolve(csv), verifyCsv(results));
    for (const r of results) process.stdout.write(`${describeResult(r).join('\n')}\n`);
    const flags = results.reduce((n, r) => n + r.flags, 0);
    process.stdout.write(
      `Wrote ${csv}: ${results.length} bundle${results.length === 1 ? '' : 's'}, ${flags} flag${flags === 1 ? '' : 's'}.\n`,
    );
    return 0;
  } finally {
    await pool.close();
  }
}
