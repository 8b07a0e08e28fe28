/**
 * The cohort API on both databases and both base paths: join and sign-in,
 * sync with idempotent update ids, the instructor's views and actions, and
 * the security rules (hashed tokens, isolation, roles, CSRF, rate limits,
 * body validation, headers).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeBase } from '../../src/server/app.ts';
import { databaseKinds, doc, T0, testApp, type TestApp } from './support/fixtures.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const json = async (r: Response): Promise<Json> => (await r.json()) as Json;

async function joinAs(t: TestApp, name: string, email?: string) {
  const r = await t.post('/api/join', { code: t.cohort.joinCode, displayName: name, ...(email ? { email } : {}) });
  expect(r.status).toBe(201);
  return json(r);
}
async function instructorToken(t: TestApp): Promise<string> {
  const r = await t.post('/api/signin', { code: t.cohort.instructorSigninCode });
  expect(r.status).toBe(200);
  return String((await json(r)).token);
}
/** One quiz attempt through the server (the verified grade the roster shows). */
async function submitQuiz(t: TestApp, token: string, responses: Record<string, unknown>) {
  const start = await json(await t.post('/api/quiz/one-database/start', {}, token));
  const r = await t.post('/api/quiz/one-database/submit', { attempt: start.attempt, responses }, token);
  expect(r.status).toBe(200);
}
const attempt = (score: number, at: number, responses: Record<string, unknown>) => ({
  score,
  max: 20,
  variant: 0,
  at,
  responses,
});

describe.each(databaseKinds())('cohort API on %s', (kind) => {
  for (const base of ['/', '/courses/replication/']) {
    describe(`under ${base}`, () => {
      let t: TestApp;
      afterEach(async () => t?.close());

      it('joins, syncs idempotently and merges two devices into one progress', async () => {
        t = await testApp(kind, { base });
        const a = await joinAs(t, 'Ada', 'ada@example.org');
        expect(a.person.role).toBe('learner');
        const p1 = doc({
          chapters: { 'one-database': { completedAt: T0, attempts: [] } },
          cells: { c1: { code: 'one', savedAt: T0 } },
        });
        let r = await t.post('/api/sync', { updateId: 'update-0001', epoch: 0, progress: p1 }, a.token);
        expect(r.status).toBe(200);
        expect((await json(r)).revision).toBe(1);
        // The same update again (a retry after a lost answer) counts once.
        r = await t.post('/api/sync', { updateId: 'update-0001', epoch: 0, progress: p1 }, a.token);
        const again = await json(r);
        expect(again).toMatchObject({ revision: 1, duplicate: true });
        // A second device signs in with the personal code and pushes other progress.
        const s = await json(await t.post('/api/signin', { code: a.signinCode }));
        expect(s.token).not.toBe(a.token);
        const p2 = doc({
          exercises: { 'load-shedding': { runs: 2, lastRunAt: T0 + 5, passedAt: T0 + 5 } },
          cells: { c1: { code: 'newer', savedAt: T0 + 9 } },
        });
        r = await t.post('/api/sync', { updateId: 'update-0002', epoch: 0, progress: p2 }, s.token);
        const merged = (await json(r)).progress;
        expect(merged.chapters['one-database'].completedAt).toBe(T0);
        expect(merged.exercises['load-shedding'].passedAt).toBe(T0 + 5);
        expect(merged.cells.c1.code).toBe('newer');
        // The first device pulls the same progress.
        const pulled = await json(await t.get('/api/progress', a.token));
        expect(pulled.progress).toEqual(merged);
        expect(pulled.revision).toBe(2);
        const applied = await t.db.kysely.selectFrom('applied_updates').selectAll().execute();
        expect(applied.map((u) => u.update_id).sort()).toEqual(['update-0001', 'update-0002']);
      });

      it('stores only hashes of tokens and codes', async () => {
        t = await testApp(kind, { base });
        const a = await joinAs(t, 'Ada');
        const devices = await t.db.kysely.selectFrom('devices').selectAll().execute();
        const people = await t.db.kysely.selectFrom('people').selectAll().execute();
        const cohorts = await t.db.kysely.selectFrom('cohorts').selectAll().execute();
        const everything = JSON.stringify([devices, people, cohorts]);
        for (const secret of [a.token, a.signinCode, t.cohort.joinCode, t.cohort.instructorSigninCode])
          expect(everything).not.toContain(secret);
        expect(devices[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
      });

      it('gives the instructor the roster, detail, item analysis and exports; learners get 403', async () => {
        t = await testApp(kind, { base });
        const ada = await joinAs(t, 'Ada');
        const bo = await joinAs(t, '=HYPERLINK("x")');
        await t.post(
          '/api/sync',
          {
            updateId: 'ada-00001',
            epoch: 0,
            progress: doc({
              chapters: {
                'one-database': {
                  completedAt: T0,
                  attempts: [attempt(10, T0, { q1: 'a', q2: 3 }), attempt(20, T0 + 1, { q1: 'b', q2: 3 })],
                },
              },
              exercises: { 'load-shedding': { runs: 1, lastRunAt: T0, passedAt: T0 } },
            }),
          },
          ada.token,
        );
        await t.post(
          '/api/sync',
          {
            updateId: 'bo-000001',
            epoch: 0,
            progress: doc({ chapters: { 'one-database': { attempts: [attempt(0, T0, { q1: 'c', q2: 4 })] } } }),
          },
          bo.token,
        );
        // The same attempts, scored by the server: the roster and item analysis read these.
        await submitQuiz(t, ada.token, { q1: 'a', q2: 3 });
        await submitQuiz(t, ada.token, { q1: 'b', q2: 3 });
        await submitQuiz(t, bo.token, { q1: 'c', q2: 4 });
        for (const path of [
          '/api/instructor/roster',
          '/api/instructor/items',
          '/api/instructor/export.csv',
          `/api/instructor/learners/${ada.person.id}`,
        ])
          expect((await t.get(path, bo.token)).status).toBe(403);
        expect((await t.post(`/api/instructor/learners/${ada.person.id}/reset`, {}, bo.token)).status).toBe(403);
        expect((await t.get('/api/instructor/roster')).status).toBe(401);

        // A learner reads only their own progress.
        const boOwn = await json(await t.get('/api/progress', bo.token));
        expect(boOwn.progress.exercises).toEqual({});
        expect(boOwn.progress.chapters['one-database'].attempts).toHaveLength(1);
        expect((await t.get(`/api/learners/${ada.person.id}`, bo.token)).status).toBe(404);

        const it = await instructorToken(t);
        const roster = await json(await t.get('/api/instructor/roster', it));
        expect(roster.chapters).toEqual([{ slug: 'one-database', exercises: ['load-shedding'] }]);
        const adaRow = roster.learners.find((l: Json) => l.displayName === 'Ada');
        expect(adaRow.chapters[0]).toMatchObject({
          complete: true,
          bestScore: 20,
          max: 20,
          attempts: 2,
          exercises: { 'load-shedding': 'passed' },
        });

        const detail = await json(await t.get(`/api/instructor/learners/${ada.person.id}`, it));
        expect(detail.progress.chapters['one-database'].attempts).toHaveLength(2);

        const items = (await json(await t.get('/api/instructor/items', it))).items as Json[];
        const q1a1 = items.find((i) => i.question === 'q1' && i.attempt === 1);
        expect(q1a1).toMatchObject({ answered: 2, correct: 0, shareRight: 0, wrongResponses: { a: 1, c: 1 } });
        expect(items.find((i) => i.question === 'q1' && i.attempt === 2)).toMatchObject({
          answered: 1,
          correct: 1,
          shareRight: 1,
        });
        expect(items.find((i) => i.question === 'q2' && i.attempt === 1)).toMatchObject({
          answered: 2,
          correct: 1,
          wrongResponses: { 4: 1 },
        });

        const csvResponse = await t.get('/api/instructor/export.csv', it);
        expect(csvResponse.headers.get('content-type')).toMatch(/^text\/csv/);
        const csv = (await csvResponse.text()).trim().split('\r\n');
        expect(csv[0]).toBe(
          'Student ID,Name,Email,Joined,Last activity,Chapters complete,one-database complete,one-database quiz best,one-database quiz max,one-database quiz attempts,one-database exercise load-shedding,one-database exercise load-shedding flag,Total quiz points,Quiz flags',
        );
        expect(csv).toHaveLength(3);
        const adaLine = csv.find((l) => l.includes(',Ada,')) ?? '';
        // The exercise column is what the server verified; the browser's claimed pass is flagged beside it.
        expect(adaLine.split(',').slice(5)).toEqual([
          '1',
          'yes',
          '20',
          '20',
          '2',
          'not submitted',
          'browser claims a pass the server did not verify',
          '20',
          '',
        ]);
        // A formula in a display name stays text in a spreadsheet.
        expect(csv.some((l) => l.includes(`"'=HYPERLINK(""x"")"`))).toBe(true);
        const exported = await json(await t.get('/api/instructor/export.json', it));
        expect(exported.format).toBe('replication-workbook-gradebook');
        expect(exported.learners).toHaveLength(2);
      });

      it('renames, removes and resets learners and rotates the join link', async () => {
        t = await testApp(kind, { base });
        const ada = await joinAs(t, 'Ada');
        const bo = await joinAs(t, 'Bo');
        const it = await instructorToken(t);
        expect(
          (await t.post(`/api/instructor/learners/${ada.person.id}/rename`, { displayName: 'Ada L.' }, it)).status,
        ).toBe(200);
        expect((await json(await t.get('/api/me', ada.token))).person.displayName).toBe('Ada L.');

        await t.post(
          '/api/sync',
          {
            updateId: 'bo-000001',
            epoch: 0,
            progress: doc({ chapters: { 'one-database': { completedAt: T0, attempts: [] } } }),
          },
          bo.token,
        );
        expect((await t.post(`/api/instructor/learners/${bo.person.id}/reset`, {}, it)).status).toBe(200);
        // A device still on the old epoch is told to start over, and its push changes nothing.
        const stale = await t.post(
          '/api/sync',
          {
            updateId: 'bo-000002',
            epoch: 0,
            progress: doc({ chapters: { 'one-database': { completedAt: T0, attempts: [] } } }),
          },
          bo.token,
        );
        expect(stale.status).toBe(409);
        const staleBody = await json(stale);
        expect(staleBody).toMatchObject({ reset: true, epoch: 1 });
        expect(Object.keys(staleBody.progress.chapters)).toEqual([]);
        expect((await t.post('/api/sync', { updateId: 'bo-000003', epoch: 1, progress: doc() }, bo.token)).status).toBe(
          200,
        );

        expect((await t.post(`/api/instructor/learners/${bo.person.id}/remove`, {}, it)).status).toBe(200);
        expect((await t.get('/api/progress', bo.token)).status).toBe(401);
        expect((await t.post('/api/signin', { code: bo.signinCode })).status).toBe(404);
        expect(
          (await json(await t.get('/api/instructor/roster', it))).learners.map((l: Json) => l.displayName),
        ).toEqual(['Ada L.']);

        const rotated = await json(await t.post('/api/instructor/join-link/rotate', {}, it));
        expect(rotated.link).toBe(`http://cohort.test${base}cohort/join/#${rotated.joinCode}`);
        expect((await t.post('/api/join', { code: t.cohort.joinCode, displayName: 'Late' })).status).toBe(404);
        expect((await t.post('/api/join', { code: rotated.joinCode, displayName: 'Late' })).status).toBe(201);
        // An instructor cannot act on a person of another cohort (or on themselves as a learner).
        expect((await t.post(`/api/instructor/learners/${t.cohort.instructorId}/reset`, {}, it)).status).toBe(404);
      });

      it('refuses corrupt, foreign, oversized and malformed bodies with a clear 4xx and changes nothing', async () => {
        t = await testApp(kind, { base });
        const a = await joinAs(t, 'Ada');
        const good = doc({ chapters: { 'one-database': { completedAt: T0, attempts: [] } } });
        await t.post('/api/sync', { updateId: 'good-0001', epoch: 0, progress: good }, a.token);
        const cases: [unknown, number][] = [
          ['{not json', 400],
          [{ updateId: 'bad', epoch: 0, progress: good }, 400],
          [{ updateId: 'x-00000001', epoch: 0, progress: good, extra: 1 }, 400],
          [{ updateId: 'x-00000002', epoch: 0, progress: { hello: 'world' } }, 422],
          [
            {
              updateId: 'x-00000003',
              epoch: 0,
              progress: { ...good, chapters: { 'one-database': { attempts: [attempt(999, T0, {})] } } },
            },
            422,
          ],
          [{ updateId: 'x-00000004', epoch: 0, progress: { ...good, version: 99 } }, 422],
          [
            '{"updateId":"x-00000005","epoch":0,"progress":{"version":1,"learnerSeed":7,"chapters":{"__proto__":{"attempts":[]}},"exercises":{},"cells":{}}}',
            422,
          ],
        ];
        for (const [body, status] of cases) {
          const r = await t.post('/api/sync', body, a.token);
          expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(status);
          expect(typeof (await json(r)).error).toBe('string');
        }
        const huge = await t.post(
          '/api/sync',
          {
            updateId: 'x-00000006',
            epoch: 0,
            progress: { ...good, cells: { c: { code: 'x'.repeat(4_300_000), savedAt: T0 } } },
          },
          a.token,
        );
        expect(huge.status).toBe(413);
        expect((await t.post('/api/join', { code: t.cohort.joinCode, displayName: 'x'.repeat(5000) })).status).toBe(
          413,
        );
        expect((await t.post('/api/join', { code: t.cohort.joinCode, displayName: '' })).status).toBe(400);
        const after = await json(await t.get('/api/progress', a.token));
        expect(after).toMatchObject({ revision: 1, progress: good });
      });

      it('is CSRF-safe: cross-origin or non-JSON writes are refused', async () => {
        t = await testApp(kind, { base });
        const a = await joinAs(t, 'Ada');
        const body = { updateId: 'csrf-0001', epoch: 0, progress: doc() };
        expect((await t.post('/api/sync', body, a.token, { Origin: 'https://evil.example' })).status).toBe(403);
        expect(
          (await t.post('/api/join', { code: t.cohort.joinCode, displayName: 'X' }, undefined, { Origin: 'null' }))
            .status,
        ).toBe(403);
        const form = await t.request('/api/join', {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'displayName=x',
        });
        expect(form.status).toBe(415);
        expect((await t.post('/api/sync', body, a.token, { Origin: 'http://cohort.test' })).status).toBe(200);
      });

      it('rate-limits join and sign-in', async () => {
        t = await testApp(kind, { base, authPerMinute: 3 });
        for (let i = 0; i < 3; i++) expect((await t.post('/api/signin', { code: 'A'.repeat(43) })).status).toBe(404);
        const limited = await t.post('/api/join', { code: t.cohort.joinCode, displayName: 'Too many' });
        expect(limited.status).toBe(429);
        expect(limited.headers.get('retry-after')).toBe('60');
      });

      it('serves the workbook with the cohort marker, security headers and a health endpoint', async () => {
        t = await testApp(kind, { base });
        const home = await t.get('/');
        expect(home.status).toBe(200);
        const html = await home.text();
        expect(html).toContain(`<meta name="workbook-cohort" content="${base}">`);
        expect(html).toContain(`src="${base}cohort/_src/server/client/sync-client.ts"`);
        expect(home.headers.get('content-security-policy')).toContain("default-src 'self'");
        expect(home.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
        expect(home.headers.get('x-content-type-options')).toBe('nosniff');
        expect((await t.get('/chapters/one-database/')).status).toBe(200);
        expect((await t.get('/_astro/worker-abc123.js')).headers.get('content-security-policy')).toContain(
          "connect-src 'none'",
        );
        expect((await t.get('/../../etc/passwd')).status).toBe(404);
        expect((await t.get('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
        for (const page of ['cohort/', 'cohort/join/', 'cohort/signin/', 'cohort/dashboard/']) {
          const r = await t.get(`/${page}`);
          expect(r.status, page).toBe(200);
          expect(r.headers.get('content-security-policy')).toContain("form-action 'none'");
          expect(await r.text()).toContain(`data-base="${base}"`);
        }
        const js = await t.get('/cohort/_src/server/client/sync-client.ts');
        expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
        expect(await js.text()).not.toMatch(/: SyncState\b/);
        expect((await t.get('/cohort/_src/server/app.ts')).status).toBe(404);
        const health = await json(await t.get('/api/health'));
        expect(health).toEqual({ ok: true, database: kind });
      });
    });
  }

  it('serves nothing outside the base path', async () => {
    const t = await testApp(kind, { base: '/courses/replication/' });
    try {
      // `/courses/replication/../api/health` is `/courses/api/health`: outside the base.
      expect((await t.request('/../api/health')).status).toBe(404);
      expect((await t.request('/../../index.html')).status).toBe(404);
      expect(normalizeBase('courses/replication')).toBe('/courses/replication/');
      expect(normalizeBase(undefined)).toBe('/');
    } finally {
      await t.close();
    }
  });
});
