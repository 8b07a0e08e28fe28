/**
 * Exercise submissions on the cohort server, on both databases: the server
 * grades the stored code itself with the exercise's grader and submit seeds
 * (real exercises from content/), records the verified verdict, refuses
 * forged requests without changing anything, re-queues what a restart left
 * unverified, shows verified results and unconfirmed claims to the
 * instructor, and rebuilds a failing run for the instructor only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGradingPool } from '../../src/server/grading/pool.ts';
import { silentLogger } from '../../src/server/log.ts';
import { startGrading } from '../../src/server/submissions-queue.ts';
import { CONTENT_DIR, databaseKinds, doc, exercises, T0, testApp, type TestApp } from './support/fixtures.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const json = async (r: Response): Promise<Json> => (await r.json()) as Json;

const code = (chapter: string, exercise: string, file: string) =>
  readFileSync(join(CONTENT_DIR, 'chapters', chapter, 'exercises', exercise, file), 'utf8');
const APPLY_REFERENCE = code('02-leaders-and-followers', 'apply-batch', 'reference.ts');
const APPLY_NO_DEDUPE = code('02-leaders-and-followers', 'apply-batch', 'wrong-no-dedupe.ts');
const SHED_WRONG = code('01-one-database', 'load-shedding', 'wrong-always-accept.ts');

async function joinAs(t: TestApp, name: string) {
  const r = await t.post('/api/join', { code: t.cohort.joinCode, displayName: name });
  expect(r.status).toBe(201);
  return json(r);
}
async function instructorToken(t: TestApp): Promise<string> {
  return String((await json(await t.post('/api/signin', { code: t.cohort.instructorSigninCode }))).token);
}
const submit = (t: TestApp, exercise: string, body: unknown, token?: string) =>
  t.post(`/api/exercises/${exercise}/submissions`, body, token);
const rows = (t: TestApp) => t.db.kysely.selectFrom('submissions').selectAll().orderBy('submitted_at').execute();

describe('the exercise index', () => {
  it('maps every exercise of content/ to its grader and chapter', () => {
    const index = exercises();
    expect(index.get('apply-batch')).toMatchObject({ grader: 'ch02.applyBatch', chapter: 'leaders-and-followers' });
    expect(index.get('load-shedding')).toMatchObject({ grader: 'ch01.loadShedding', chapter: 'one-database' });
    expect(index.size).toBeGreaterThanOrEqual(9);
  });
});

describe.each(databaseKinds())('exercise submissions on %s', (kind) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('verifies the reference as passed and a wrong solution as failed, naming property, seed and step', async () => {
    t = await testApp(kind, { grading: true });
    const ada = await joinAs(t, 'Ada');
    const good = await submit(t, 'apply-batch', { code: APPLY_REFERENCE }, ada.token);
    expect(good.status).toBe(202);
    const goodId = (await json(good)).id as string;
    const bad = await submit(t, 'apply-batch', { code: APPLY_NO_DEDUPE }, ada.token);
    expect(bad.status).toBe(202);
    const badId = (await json(bad)).id as string;
    await t.grading?.queue.idle();

    const list = (await json(await t.get('/api/exercises/apply-batch/submissions', ada.token))).submissions as Json[];
    expect(list.map((s) => s.id).sort()).toEqual([goodId, badId].sort());
    const g = list.find((s) => s.id === goodId) as Json;
    expect(g.status).toBe('verified');
    expect(g.verdict).toMatchObject({ passed: true, failures: [] });
    expect(g.verdict.runs).toBeGreaterThan(0);
    const b = list.find((s) => s.id === badId) as Json;
    expect(b.status).toBe('verified');
    expect(b.verdict.passed).toBe(false);
    const f = b.verdict.failures.find((x: Json) => x.property === 'applied-in-order');
    expect(f).toBeDefined();
    expect(Number.isInteger(f.seed)).toBe(true);
    expect(f.step).toBeGreaterThan(0);
    expect(f.message).toContain(`seed ${f.seed}`);
    const stored = await rows(t);
    expect(stored.map((r) => [r.status, r.passed])).toEqual([
      ['verified', 1],
      ['verified', 0],
    ]);
  });

  it('refuses forged and malformed submissions, changing nothing', async () => {
    t = await testApp(kind, { grading: true });
    const ada = await joinAs(t, 'Ada');
    const cases: [unknown, number, RegExp][] = [
      [{ code: APPLY_NO_DEDUPE, passed: true }, 400, /"passed" not accepted/],
      [{ code: APPLY_NO_DEDUPE, verdict: { passed: true } }, 400, /"verdict" not accepted/],
      [{ code: APPLY_NO_DEDUPE, score: 120 }, 400, /"score" not accepted/],
      [{ code: APPLY_NO_DEDUPE, personId: 'someone-else' }, 400, /"personId" not accepted/],
      [{ code: 42 }, 400, /code/],
      [{}, 400, /code/],
      [[APPLY_NO_DEDUPE], 400, /code/],
      ['{"code": "export function', 400, /not valid JSON/],
      [{ code: 'x'.repeat(200_001) }, 413, /longer than 200000/],
      [{ code: 'x'.repeat(1_100_000) }, 413, /larger than/],
    ];
    for (const [body, status, error] of cases) {
      const r = await submit(t, 'apply-batch', body, ada.token);
      expect(r.status, JSON.stringify(body).slice(0, 60)).toBe(status);
      expect((await json(r)).error).toMatch(error);
    }
    const unknown = await submit(t, 'no-such-exercise', { code: APPLY_REFERENCE }, ada.token);
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).error).toMatch(/no exercise named "no-such-exercise"/);
    expect((await submit(t, 'apply-batch', { code: APPLY_REFERENCE })).status).toBe(401);
    expect((await t.get('/api/exercises/apply-batch/submissions')).status).toBe(401);
    expect(await rows(t)).toEqual([]);
  });

  it("writes only the token's own rows and lists only the caller's submissions", async () => {
    t = await testApp(kind, { grading: true });
    const ada = await joinAs(t, 'Ada');
    const bo = await joinAs(t, 'Bo');
    expect((await submit(t, 'load-shedding', { code: SHED_WRONG }, ada.token)).status).toBe(202);
    expect((await submit(t, 'load-shedding', { code: `${SHED_WRONG}\n// bo` }, bo.token)).status).toBe(202);
    await t.grading?.queue.idle();
    const stored = await rows(t);
    expect(stored).toHaveLength(2);
    expect(stored.find((r) => r.code.endsWith('// bo'))?.person_id).toBe(bo.person.id);
    expect(stored.find((r) => !r.code.endsWith('// bo'))?.person_id).toBe(ada.person.id);
    const boList = (await json(await t.get('/api/exercises/load-shedding/submissions', bo.token)))
      .submissions as Json[];
    expect(boList).toHaveLength(1);
    expect(boList[0]?.id).toBe(stored.find((r) => r.person_id === bo.person.id)?.id);
    // The instructor's views of a learner are closed to learners.
    expect((await t.get(`/api/instructor/learners/${ada.person.id}/submissions`, bo.token)).status).toBe(403);
  });

  it('limits how many submissions of one learner wait for grading', async () => {
    // A pool that answers only when closed keeps submissions waiting.
    const waiting: ((e: Error) => void)[] = [];
    const real = createGradingPool({ size: 1 });
    const pool = {
      ...real,
      grade: () => new Promise<never>((_, reject) => waiting.push(reject)),
      close: async () => waiting.forEach((reject) => reject(new Error('closed'))),
    };
    t = await testApp(kind, { grading: pool });
    const ada = await joinAs(t, 'Ada');
    for (let i = 0; i < 3; i++)
      expect((await submit(t, 'load-shedding', { code: SHED_WRONG }, ada.token)).status).toBe(202);
    const r = await submit(t, 'load-shedding', { code: SHED_WRONG }, ada.token);
    expect(r.status).toBe(429);
    expect((await json(r)).error).toMatch(/still being graded/);
    expect((await rows(t)).length).toBe(3);
    // Shutting down leaves them queued for the next start, not failed.
    const stopping = t.grading?.queue.stop();
    await pool.close();
    await stopping;
    expect((await rows(t)).map((s) => s.status)).toEqual(['queued', 'queued', 'queued']);
  });

  it('re-queues submissions a restart left unverified', async () => {
    t = await testApp(kind);
    const ada = await joinAs(t, 'Ada');
    for (const [id, status] of [
      ['left-running', 'running'],
      ['left-queued', 'queued'],
    ] as const)
      await t.db.kysely
        .insertInto('submissions')
        .values({
          id,
          person_id: ada.person.id,
          exercise: 'load-shedding',
          grader: 'ch01.loadShedding',
          code: SHED_WRONG,
          submitted_at: T0,
          status,
          passed: null,
          verdict: null,
          verified_at: null,
        })
        .execute();
    const pool = createGradingPool({ size: 1 });
    const grading = await startGrading({ db: t.db, pool, exercises: exercises(), log: silentLogger });
    await grading.queue.idle();
    const stored = await rows(t);
    expect(stored.map((r) => [r.id, r.status, r.passed]).sort()).toEqual([
      ['left-queued', 'verified', 0],
      ['left-running', 'verified', 0],
    ]);
    expect(JSON.parse(stored[0]?.verdict ?? '{}').failures[0].property).toBe('latency-budget');
    await pool.close();
  });

  it('shows verified status on the dashboard and flags a claimed pass the server failed', async () => {
    t = await testApp(kind, { grading: true });
    const ada = await joinAs(t, 'Ada');
    const bo = await joinAs(t, 'Bo');
    // Both browsers claim a pass; Ada submitted wrong code, Bo submitted nothing.
    for (const [who, id] of [
      [ada, 'ada-00001'],
      [bo, 'bo-000001'],
    ] as const)
      await t.post(
        '/api/sync',
        {
          updateId: id,
          epoch: 0,
          progress: doc({ exercises: { 'load-shedding': { runs: 1, lastRunAt: T0, passedAt: T0 } } }),
        },
        who.token,
      );
    const sub = (await json(await submit(t, 'load-shedding', { code: SHED_WRONG }, ada.token))).id as string;
    await t.grading?.queue.idle();
    const it = await instructorToken(t);
    const roster = await json(await t.get('/api/instructor/roster', it));
    const row = (name: string) => roster.learners.find((l: Json) => l.displayName === name);
    expect(row('Ada').verified['load-shedding']).toEqual({
      status: 'failed',
      claimed: true,
      flagged: true,
      failedSubmission: sub,
    });
    expect(row('Bo').verified['load-shedding']).toMatchObject({
      status: 'not-submitted',
      claimed: true,
      flagged: true,
    });
    const exported = await json(await t.get('/api/instructor/export.json', it));
    expect(exported.learners.find((l: Json) => l.displayName === 'Ada').verified['load-shedding'].flagged).toBe(true);
    const csv = (await (await t.get('/api/instructor/export.csv', it)).text()).trim().split('\r\n');
    expect(csv[0]).toContain('one-database exercise load-shedding,one-database exercise load-shedding flag');
    expect(csv.find((l) => l.includes(',Ada,'))).toContain(',failed,browser claims a pass the server did not verify,');

    // The instructor sees the submission with its code in the learner detail.
    const detail = await json(await t.get(`/api/instructor/learners/${ada.person.id}/submissions`, it));
    expect(detail.submissions).toHaveLength(1);
    expect(detail.submissions[0]).toMatchObject({
      id: sub,
      status: 'verified',
      chapter: 'one-database',
      code: SHED_WRONG,
    });

    // Reset clears the learner's submissions with the rest of their progress.
    expect((await t.post(`/api/instructor/learners/${ada.person.id}/reset`, {}, it)).status).toBe(200);
    expect((await rows(t)).length).toBe(0);
  });

  it('rebuilds the failing run for the instructor, never for a learner', async () => {
    t = await testApp(kind, { grading: true });
    const ada = await joinAs(t, 'Ada');
    const bad = (await json(await submit(t, 'apply-batch', { code: APPLY_NO_DEDUPE }, ada.token))).id as string;
    const good = (await json(await submit(t, 'apply-batch', { code: APPLY_REFERENCE }, ada.token))).id as string;
    await t.grading?.queue.idle();
    expect((await t.get(`/api/instructor/submissions/${bad}/replay`, ada.token)).status).toBe(403);
    expect((await t.get(`/api/instructor/submissions/${bad}/replay`)).status).toBe(401);
    const it = await instructorToken(t);
    const r = await t.get(`/api/instructor/submissions/${bad}/replay`, it);
    expect(r.status).toBe(200);
    const replay = await json(r);
    const verdict = JSON.parse(
      (await t.db.kysely.selectFrom('submissions').select('verdict').where('id', '=', bad).executeTakeFirstOrThrow())
        .verdict ?? '{}',
    );
    const first = verdict.failures[0];
    expect(replay.failure).toMatchObject({ property: first.property, seed: first.seed, step: first.step });
    expect(replay.step).toBe(first.step);
    expect(replay.trace.events.length).toBeGreaterThan(replay.step);
    expect(replay.violations.some((v: Json) => v.property === first.property)).toBe(true);
    expect(replay.submission).toMatchObject({ id: bad, exercise: 'apply-batch', learner: 'Ada' });
    // The dialog heads it as Ada's run, not the instructor's ("Your run").
    expect(replay.whose).toBe('Ada');
    expect(replay.title).not.toContain('Ada');
    // The smallest failing run, when the grader shrank one.
    if (first.smaller) {
      const small = await json(await t.get(`/api/instructor/submissions/${bad}/replay?run=smallest`, it));
      expect(small.step).toBe(first.smaller.step);
      expect(small.trace.events.length).toBeLessThan(replay.trace.events.length);
    }
    expect((await t.get(`/api/instructor/submissions/${good}/replay`, it)).status).toBe(409);
    expect((await t.get(`/api/instructor/submissions/nope/replay`, it)).status).toBe(404);
  });
});
