/**
 * Server-side quizzes (cohort mode), on SQLite and PostgreSQL: the public
 * quiz file carries no key material; the server assigns variants, scores with
 * score.ts on the full key, enforces two attempts and returns the review only
 * after submission; forged requests are refused and change nothing; the
 * gradebook shows verified scores and flags a progress document that claims
 * more.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { scoreAttempt, variantOf } from '../../src/assessment/quiz/score.ts';
import type { ResolvedQuestion, ResolvedQuiz } from '../../src/assessment/quiz/types.ts';
import { createApp } from '../../src/server/app.ts';
import { loadCatalog } from '../../src/server/catalog.ts';
import { openDb, type Db } from '../../src/server/db.ts';
import { silentLogger } from '../../src/server/log.ts';
import { createCohort, type CreatedCohort } from '../../src/server/people.ts';
import { publicOrder } from '../../src/server/quiz-public.ts';
import { RICH_QUIZ, RICH_SLUG, writeRichQuiz } from './support/fixture-dist.ts';
import { databaseKinds, doc, fixtureDist, freshDatabase, SRC_DIR, T0, type Kind } from './support/fixtures.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const json = async (r: Response): Promise<Json> => (await r.json()) as Json;
const FULL = RICH_QUIZ as unknown as ResolvedQuiz;

/** Every piece of key material in the rich quiz, as text that must not appear before submitting. */
function keyNeedles(): string[] {
  const needles = new Set<string>(['EXPLAIN-', '"correct"', '"explanation"', '"answer"', '"tolerance"', '"run"']);
  for (const q of FULL.questions)
    for (const v of q.variants) {
      if ('answer' in v) needles.add(String(v.answer));
      if ('run' in v) needles.add(String((v as { run: { seed: number } }).run.seed));
    }
  for (const s of FULL.variantSeeds) needles.add(`[${s}`);
  return [...needles];
}
const leaks = (text: string) => keyNeedles().filter((n) => text.includes(n));

interface QuizApp {
  readonly db: Db;
  readonly cohort: CreatedCohort;
  readonly quizFile: string;
  get(path: string, token?: string): Promise<Response>;
  post(path: string, body: unknown, token?: string): Promise<Response>;
  close(): Promise<void>;
}

async function quizApp(kind: Kind): Promise<QuizApp> {
  const where = await freshDatabase(kind);
  const db = await openDb(where);
  const dist = fixtureDist();
  const quizFile = writeRichQuiz(dist);
  const app = createApp({
    db,
    catalog: loadCatalog(dist),
    distDir: dist,
    srcDir: SRC_DIR,
    base: '/',
    log: silentLogger,
    authPerMinute: 1000,
  });
  const cohort = await createCohort(db, 'Quiz cohort');
  const request = (path: string, init: RequestInit = {}) =>
    Promise.resolve(
      app.request(`http://cohort.test${path}`, {
        ...init,
        headers: { Host: 'cohort.test', ...(init.headers as Record<string, string>) },
      }),
    );
  const auth = (token?: string): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {});
  return {
    db,
    cohort,
    quizFile,
    get: (path, token) => request(path, { headers: auth(token) }),
    post: (path, body, token) =>
      request(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...auth(token) },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    async close() {
      await db.close();
      rmSync(dist, { recursive: true, force: true });
      where.cleanup();
    },
  };
}

async function joinAs(t: QuizApp, name: string) {
  const r = await t.post('/api/join', { code: t.cohort.joinCode, displayName: name });
  expect(r.status).toBe(201);
  return json(r);
}
async function instructor(t: QuizApp): Promise<string> {
  return String((await json(await t.post('/api/signin', { code: t.cohort.instructorSigninCode }))).token);
}
const allRows = (t: QuizApp) =>
  t.db.kysely
    .selectFrom('quiz_attempts')
    .selectAll()
    .orderBy('person_id')
    .orderBy('chapter')
    .orderBy('attempt')
    .execute();

/** The right answer to every question of variant `v` (from the full key). */
function rightAnswers(v: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const q of FULL.questions) {
    const k = variantOf(q, v);
    if ('options' in k) {
      const ids = k.options.filter((o) => o.correct).map((o) => o.id);
      out[q.id] = q.kind === 'multiple' ? ids : ids[0];
    } else if ('items' in k) out[q.id] = k.items.map((i) => i.id);
    else out[q.id] = k.answer;
  }
  return out;
}

/** One CSV line's cells (quoted cells may hold commas and doubled quotes). */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  for (const m of line.matchAll(re)) {
    const cell = m[1] ?? '';
    cells.push(cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell);
    if (m[2] === '') break;
  }
  return cells;
}

/** Walks a JSON value and collects every object key. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysOf(v, into);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keysOf(v, into);
    }
  return into;
}

describe('the public order of ordering items', () => {
  it('is never the key order, even when sorting by text would give it', () => {
    const sortedKey = [
      { id: 'a', text: 'Alpha' },
      { id: 'b', text: 'Beta' },
      { id: 'c', text: 'Gamma' },
    ];
    expect(publicOrder(sortedKey).map((i) => i.id)).toEqual(['b', 'c', 'a']);
    expect(publicOrder([...sortedKey].reverse()).map((i) => i.id)).toEqual(['a', 'b', 'c']);
  });

  it('can keep item ids because the content uses words, not positions, as ordering item ids', () => {
    // If an author ever numbered items in key order (1, 2, 3 or a, b, c), the ids would give the key away.
    const root = join(import.meta.dirname, '../../content/chapters');
    let checked = 0;
    for (const dir of readdirSync(root)) {
      let text: string;
      try {
        text = readFileSync(join(root, dir, 'quiz.yaml'), 'utf8');
      } catch {
        continue;
      }
      const quiz = parseYaml(text) as { questions?: { id: string; kind: string; items?: { id: string }[] }[] };
      for (const q of quiz.questions ?? []) {
        if (q.kind !== 'ordering' || !q.items) continue;
        checked++;
        const ids = q.items.map((i) => i.id);
        const sorted = [...ids].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
        expect(ids, `${dir} ${q.id}: item ids sort into the key's order`).not.toEqual(sorted);
        for (const id of ids) expect(id, `${dir} ${q.id}`).not.toMatch(/^(\d+|[a-z]|(step|item|s|i)-?\d+)$/i);
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe.each(databaseKinds())('server-side quizzes on %s', (kind) => {
  let t: QuizApp;
  afterEach(async () => t?.close());

  it('serves the quiz file without any key material, and the full file nowhere', async () => {
    t = await quizApp(kind);
    const r = await t.get(`/data/${t.quizFile}`);
    expect(r.status).toBe(200);
    const text = await r.text();
    expect(leaks(text)).toEqual([]);
    const pub = JSON.parse(text) as Json;
    const keys = keysOf(pub);
    for (const k of ['correct', 'explanation', 'answer', 'tolerance', 'run', 'variantSeeds'])
      expect(keys.has(k)).toBe(false);
    expect(pub).toMatchObject({ public: true, variantCount: 3, maxScore: 60 });
    // The learner still gets everything needed to answer.
    expect(pub.questions.map((q: Json) => q.id)).toEqual(FULL.questions.map((q) => q.id));
    for (const [i, q] of (pub.questions as Json[]).entries()) {
      const full = FULL.questions[i] as ResolvedQuestion;
      expect(q.variants).toHaveLength(full.variants.length);
      for (const [vi, v] of (q.variants as Json[]).entries()) {
        const fv = full.variants[vi] as unknown as Json;
        expect(v.prompt).toBe(fv.prompt);
        // Options carry only id and text: nothing distinguishes a correct one.
        for (const o of v.options ?? []) expect(Object.keys(o).sort()).toEqual(['id', 'text']);
        if (fv.items) {
          expect(v.items.map((x: Json) => x.id).sort()).toEqual(fv.items.map((x: Json) => x.id).sort());
          expect(v.items.map((x: Json) => x.id)).not.toEqual(fv.items.map((x: Json) => x.id));
          for (const x of v.items) expect(Object.keys(x).sort()).toEqual(['id', 'text']);
        }
      }
    }
    // The small chapter's file too, and no path to the full file (encoded or not).
    const small = await t.get('/data/quiz.one-database.0123abcd.json');
    expect(keysOf(await json(small)).has('correct')).toBe(false);
    for (const path of [`/data/./${t.quizFile}`, `/data/%2e/${t.quizFile}`, `/_astro/../data/${t.quizFile}`]) {
      const x = await t.get(path);
      if (x.status === 200) expect(leaks(await x.text())).toEqual([]);
    }
  });

  it('assigns variants on the server, scores with score.ts and reviews only after submitting', async () => {
    t = await quizApp(kind);
    const ada = await joinAs(t, 'Ada');
    const base = `/api/quiz/${RICH_SLUG}`;
    let state = await json(await t.get(base, ada.token));
    expect(state).toMatchObject({ chapter: RICH_SLUG, maxAttempts: 2, submitted: [], open: null });

    const s1 = await t.post(`${base}/start`, {}, ada.token);
    expect(s1.status).toBe(200);
    const started = await json(s1);
    expect(started.attempt).toBe(1);
    expect(started.variant).toBeGreaterThanOrEqual(0);
    expect(started.variant).toBeLessThan(3);
    // Idempotent while open, also when several requests race.
    const again = await Promise.all([1, 2, 3, 4].map(() => t.post(`${base}/start`, {}, ada.token).then(json)));
    for (const a of again) expect(a).toMatchObject({ attempt: 1, variant: started.variant });
    expect(await allRows(t)).toHaveLength(1);
    // Before submitting, nothing the learner can fetch carries a key.
    state = await json(await t.get(base, ada.token));
    expect(state.open).toMatchObject({ attempt: 1, variant: started.variant });
    expect(leaks(JSON.stringify([state, started, again]))).toEqual([]);

    // Some right, some wrong: the server's score is scoreAttempt's on the full quiz.
    const v1 = started.variant as number;
    const responses1 = { ...rightAnswers(v1), s1: 'x', m1: ['a', 'c'], n1: null };
    const sub = await t.post(`${base}/submit`, { attempt: 1, responses: responses1 }, ada.token);
    expect(sub.status).toBe(200);
    const review1 = (await json(sub)).review as Json;
    const expected1 = scoreAttempt(FULL.questions, v1, responses1 as never);
    expect(review1.result).toEqual(expected1);
    expect(review1.score).toBe(expected1.score);
    expect(expected1.score).toBe(30); // o1, p1, p2 right; m1 0 (one right, one wrong); s1 and n1 0
    // The review carries the full key of that variant only: explanations, numeric keys, runs.
    for (const [i, q] of FULL.questions.entries())
      expect(review1.questions[i]).toEqual({ ...q, variants: [variantOf(q, v1)] });
    expect(JSON.stringify(review1)).toContain('EXPLAIN-s1-y');

    // Attempt 2 gets another variant; the right answers of that variant earn full marks.
    const started2 = await json(await t.post(`${base}/start`, {}, ada.token));
    expect(started2.attempt).toBe(2);
    expect(started2.variant).not.toBe(v1);
    // The first attempt's review is there; the open attempt's key is not.
    state = await json(await t.get(base, ada.token));
    expect(state.submitted).toHaveLength(1);
    const n1 = RICH_QUIZ.questions[3]?.variants[started2.variant] as { answer: number };
    expect(JSON.stringify(state)).not.toContain(String(n1.answer));
    const sub2 = await json(
      await t.post(`${base}/submit`, { attempt: 2, responses: rightAnswers(started2.variant) }, ada.token),
    );
    expect(sub2.review.score).toBe(60);
    state = await json(await t.get(base, ada.token));
    expect(state.submitted.map((r: Json) => [r.attempt, r.score])).toEqual([
      [1, 30],
      [2, 60],
    ]);
    expect(state.open).toBeNull();

    // Both used: a third attempt is refused and nothing changes.
    const before = await allRows(t);
    const third = await t.post(`${base}/start`, {}, ada.token);
    expect(third.status).toBe(409);
    expect((await json(third)).error).toMatch(/both attempts/);
    const thirdSubmit = await t.post(`${base}/submit`, { attempt: 3, responses: rightAnswers(0) }, ada.token);
    expect(thirdSubmit.status).toBe(409);
    const resubmit = await t.post(`${base}/submit`, { attempt: 1, responses: rightAnswers(v1) }, ada.token);
    expect(resubmit.status).toBe(409);
    expect((await json(resubmit)).error).toMatch(/already submitted/);
    expect(await allRows(t)).toEqual(before);
  });

  it('refuses forged requests with a clear 4xx and changes nothing', async () => {
    t = await quizApp(kind);
    const ada = await joinAs(t, 'Ada');
    const bo = await joinAs(t, 'Bo');
    const base = `/api/quiz/${RICH_SLUG}`;
    const { variant } = await json(await t.post(`${base}/start`, {}, ada.token));
    const good = rightAnswers(variant);
    const before = await allRows(t);
    const cases: [string, unknown, string | undefined, number, RegExp][] = [
      ['a score sent by the client', { attempt: 1, responses: good, score: 60 }, ada.token, 400, /score/],
      ['a variant sent by the client', { attempt: 1, responses: good, variant: 0 }, ada.token, 400, /variant/],
      ['a person id in the body', { attempt: 1, responses: good, personId: bo.person.id }, ada.token, 400, /personId/],
      ['an attempt that is not the open one', { attempt: 2, responses: good }, ada.token, 409, /open attempt is 1/],
      ['a response to no question', { attempt: 1, responses: { ...good, q99: 'a' } }, ada.token, 400, /q99/],
      ['a response of the wrong shape', { attempt: 1, responses: { ...good, n1: 'lots' } }, ada.token, 400, /n1/],
      ['bad JSON', '{"attempt": 1, "responses": {', ada.token, 400, /not valid JSON/],
      ['no attempt number', { responses: good }, ada.token, 400, /attempt/],
      ['no sign-in', { attempt: 1, responses: good }, undefined, 401, /sign in/],
      ["another learner's open attempt", { attempt: 1, responses: good }, bo.token, 409, /not open/],
    ];
    for (const [why, body, token, status, message] of cases) {
      const r = await t.post(`${base}/submit`, body, token);
      expect(r.status, why).toBe(status);
      expect((await json(r)).error, why).toMatch(message);
    }
    // Unknown chapter: 404 on every route.
    for (const r of [
      await t.get('/api/quiz/no-such-chapter', ada.token),
      await t.post('/api/quiz/no-such-chapter/start', {}, ada.token),
      await t.post('/api/quiz/no-such-chapter/submit', { attempt: 1, responses: {} }, ada.token),
    ]) {
      expect(r.status).toBe(404);
      expect((await json(r)).error).toMatch(/no quiz for chapter "no-such-chapter"/);
    }
    // A start with a body other than {} is refused too.
    expect((await t.post(`${base}/start`, { variant: 2 }, ada.token)).status).toBe(400);
    expect(await allRows(t)).toEqual(before);
    // Bo sees none of Ada's data: his own state is empty.
    expect(await json(await t.get(base, bo.token))).toMatchObject({ submitted: [], open: null });
  });

  it('stores one result when two submits of one attempt race', async () => {
    t = await quizApp(kind);
    const ada = await joinAs(t, 'Ada');
    const base = `/api/quiz/${RICH_SLUG}`;
    const { variant } = await json(await t.post(`${base}/start`, {}, ada.token));
    const right = rightAnswers(variant);
    const wrong = { s1: 'z' };
    const answers = await Promise.all(
      [right, wrong, right, wrong].map((responses) =>
        t.post(`${base}/submit`, { attempt: 1, responses }, ada.token).then(async (r) => ({
          status: r.status,
          body: await json(r),
        })),
      ),
    );
    const won = answers.filter((a) => a.status === 200);
    expect(won).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(3);
    const rows = await allRows(t);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.score).toBe(won[0]?.body.review.score);
    expect(JSON.parse(rows[0]?.responses ?? '{}')).toEqual(won[0]?.body.review.responses);
  });

  it('says when a claimed attempt is dated before the learner joined', async () => {
    t = await quizApp(kind);
    const bo = await joinAs(t, 'Bo');
    const early = { score: 110, max: 120, variant: 0, at: T0, responses: {} };
    const synced = await t.post(
      '/api/sync',
      { updateId: 'before-joining-1', epoch: 0, progress: doc({ chapters: { [RICH_SLUG]: { attempts: [early] } } }) },
      bo.token,
    );
    expect(synced.status).toBe(200);
    const it = await instructor(t);
    const row = (await json(await t.get('/api/instructor/roster', it))).learners.find(
      (l: Json) => l.displayName === 'Bo',
    );
    expect(T0).toBeLessThan(row.joinedAt);
    expect(row.chapters.find((c: Json) => c.slug === RICH_SLUG)).toMatchObject({
      bestScore: null,
      claimedScore: 110,
      quizFlag: 'claimed 110 (dated before joining), verified none',
    });
  });

  it('grades from verified attempts, flags a claim of 120, and a reset clears the attempts', async () => {
    t = await quizApp(kind);
    const ada = await joinAs(t, 'Ada');
    const base = `/api/quiz/${RICH_SLUG}`;
    const { variant } = await json(await t.post(`${base}/start`, {}, ada.token));
    const half = { ...rightAnswers(variant), s1: 'x', n1: null, m1: [] };
    const verified = (await json(await t.post(`${base}/submit`, { attempt: 1, responses: half }, ada.token))).review
      .score as number;
    expect(verified).toBe(30);
    // The learner edits storage and syncs a document claiming full marks twice.
    const claim = { score: 120, max: 120, variant: 0, at: Date.now(), responses: {} };
    const synced = await t.post(
      '/api/sync',
      {
        updateId: 'forged-0001',
        epoch: 0,
        progress: doc({ chapters: { [RICH_SLUG]: { attempts: [claim, { ...claim, at: claim.at + 1 }] } } }),
      },
      ada.token,
    );
    expect(synced.status).toBe(200);
    // The verified score is unchanged and the server still refuses a third attempt.
    expect((await json(await t.get(base, ada.token))).submitted.map((r: Json) => r.score)).toEqual([30]);

    const it = await instructor(t);
    const roster = await json(await t.get('/api/instructor/roster', it));
    const row = roster.learners.find((l: Json) => l.displayName === 'Ada');
    const chapter = row.chapters.find((c: Json) => c.slug === RICH_SLUG);
    expect(chapter).toMatchObject({
      bestScore: 30,
      max: 60,
      attempts: 1,
      claimedScore: 120,
      quizFlag: 'claimed 120, verified 30',
    });
    const detail = await json(await t.get(`/api/instructor/learners/${ada.person.id}`, it));
    expect(detail.learner.chapters.find((c: Json) => c.slug === RICH_SLUG).quizFlag).toBe('claimed 120, verified 30');
    const csv = (await (await t.get('/api/instructor/export.csv', it)).text()).trim().split('\r\n');
    const header = csvCells(csv[0] ?? '');
    const adaLine = csvCells(csv.find((l) => l.includes(',Ada,')) ?? '');
    expect(adaLine[header.indexOf(`${RICH_SLUG} quiz best`)]).toBe('30');
    expect(adaLine[header.indexOf('Total quiz points')]).toBe('30');
    expect(adaLine[header.indexOf('Quiz flags')]).toBe(`${RICH_SLUG}: claimed 120, verified 30`);
    const exported = await json(await t.get('/api/instructor/export.json', it));
    expect(exported.learners[0].chapters.find((c: Json) => c.slug === RICH_SLUG).quizFlag).toMatch(/claimed 120/);
    // Item analysis reads the verified responses: s1 answered once, wrong with "x".
    const items = (await json(await t.get('/api/instructor/items', it))).items as Json[];
    expect(items.find((i) => i.chapter === RICH_SLUG && i.question === 's1' && i.attempt === 1)).toMatchObject({
      answered: 1,
      correct: 0,
      wrongResponses: { x: 1 },
    });

    // An honest document (the island records the server's score) is not flagged.
    expect(
      (await json(await t.get('/api/instructor/roster', it))).learners[0].chapters.find(
        (c: Json) => c.slug === 'one-database',
      ).quizFlag,
    ).toBeNull();

    // A reset clears the verified attempts: the learner starts again at attempt 1.
    expect((await t.post(`/api/instructor/learners/${ada.person.id}/reset`, {}, it)).status).toBe(200);
    expect(await allRows(t)).toEqual([]);
    expect((await json(await t.post(`${base}/start`, {}, ada.token))).attempt).toBe(1);
  });
});
