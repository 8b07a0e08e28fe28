/**
 * `npm run cohort -- regrade`: after a stored verdict no longer matches what
 * the grader says (simulated by tampering the row, as an older grader would
 * have left it), regrade reports the change and fixes it; `--exercise`
 * grades only that exercise. On both databases through the function, and
 * through the real command line on SQLite.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/server/db.ts';
import { createGradingPool } from '../../src/server/grading/pool.ts';
import { createCohort, join as joinCohort } from '../../src/server/people.ts';
import { regradeSubmissions } from '../../src/server/submissions-regrade.ts';
import { CONTENT_DIR, databaseKinds, exercises, freshDatabase, T0, testApp, type TestApp } from './support/fixtures.ts';
import { ROOT } from './support/process.ts';

const code = (chapter: string, exercise: string, file: string) =>
  readFileSync(join(CONTENT_DIR, 'chapters', chapter, 'exercises', exercise, file), 'utf8');
const APPLY_NO_DEDUPE = code('02-leaders-and-followers', 'apply-batch', 'wrong-no-dedupe.ts');
const SHED_WRONG = code('01-one-database', 'load-shedding', 'wrong-always-accept.ts');
const FORGED = JSON.stringify({ passed: true, runs: 1, failures: [], durationMs: 1 });

/** Makes every stored verdict say "passed", as a lenient older grader would have. */
async function tamper(db: Db): Promise<void> {
  await db.kysely.updateTable('submissions').set({ status: 'verified', passed: 1, verdict: FORGED }).execute();
}

describe.each(databaseKinds())('regrade on %s', (kind) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('reports and fixes verdicts that changed, only for --exercise when given', async () => {
    t = await testApp(kind, { grading: true });
    const ada = (await (await t.post('/api/join', { code: t.cohort.joinCode, displayName: 'Ada' })).json()) as {
      token: string;
    };
    for (const [exercise, body] of [
      ['apply-batch', APPLY_NO_DEDUPE],
      ['load-shedding', SHED_WRONG],
    ])
      expect((await t.post(`/api/exercises/${exercise}/submissions`, { code: body }, ada.token)).status).toBe(202);
    await t.grading?.queue.idle();
    await tamper(t.db);
    const pool = createGradingPool({ size: 1 });
    try {
      const only = await regradeSubmissions(t.db, pool, exercises(), { exercise: 'apply-batch' });
      expect(only.graded).toBe(1);
      expect(only.changes).toEqual([
        expect.objectContaining({
          learner: 'Ada',
          exercise: 'apply-batch',
          before: 'passed',
          after: expect.stringMatching(/^failed \(applied-in-order/),
        }),
      ]);
      const rows = await t.db.kysely
        .selectFrom('submissions')
        .select(['exercise', 'passed'])
        .orderBy('exercise')
        .execute();
      // load-shedding was not re-graded: its forged pass is still there.
      expect(rows).toEqual([
        { exercise: 'apply-batch', passed: 0 },
        { exercise: 'load-shedding', passed: 1 },
      ]);
      const all = await regradeSubmissions(t.db, pool, exercises());
      expect(all.graded).toBe(2);
      expect(all.changes.map((c) => `${c.exercise} ${c.before} → ${c.after}`)).toEqual([
        expect.stringMatching(/^load-shedding passed → failed \(latency-budget/),
      ]);
      const again = await regradeSubmissions(t.db, pool, exercises());
      expect(again.changes).toEqual([]);
    } finally {
      await pool.close();
    }
  });
});

describe('npm run cohort -- regrade', () => {
  it('prints each change and a summary, and stores the new verdicts', async () => {
    const where = await freshDatabase('sqlite');
    let db = await openDb(where);
    const cohort = await createCohort(db, 'CLI class');
    const ada = await joinCohort(db, cohort.joinCode, 'Ada', null);
    for (const [id, exercise, grader, body] of [
      ['s1', 'apply-batch', 'ch02.applyBatch', APPLY_NO_DEDUPE],
      ['s2', 'load-shedding', 'ch01.loadShedding', SHED_WRONG],
    ])
      await db.kysely
        .insertInto('submissions')
        .values({
          id: id as string,
          person_id: ada?.person.id ?? '',
          exercise: exercise as string,
          grader: grader as string,
          code: body as string,
          submitted_at: T0,
          status: 'verified',
          passed: 1,
          verdict: FORGED,
          verified_at: T0,
        })
        .execute();
    await db.close();
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const out = execFileSync(
      process.execPath,
      [
        '--disable-warning=ExperimentalWarning',
        'scripts/cohort.mjs',
        'regrade',
        '--exercise',
        'apply-batch',
        '--data',
        where.dataDir,
      ],
      { cwd: ROOT, env, encoding: 'utf8' },
    );
    expect(out).toMatch(/^Ada {2}apply-batch {2}passed → failed \(applied-in-order[^)]*\)$/m);
    expect(out).not.toContain('load-shedding');
    expect(out).toContain('Re-graded 1 submission of 1 learner for apply-batch: 1 changed, 0 unchanged.');
    db = await openDb(where);
    try {
      const rows = await db.kysely.selectFrom('submissions').select(['id', 'passed']).orderBy('id').execute();
      expect(rows).toEqual([
        { id: 's1', passed: 0 },
        { id: 's2', passed: 1 },
      ]);
    } finally {
      await db.close();
      where.cleanup();
    }
    const help = execFileSync(
      process.execPath,
      ['--disable-warning=ExperimentalWarning', 'scripts/cohort.mjs', '--help'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(help).toContain('regrade [--exercise ID]');
    expect(help).toContain('verify <bundle.json…> --csv FILE');
  });
});
