/**
 * Load over loopback against real server processes: 300 learners syncing
 * concurrently on SQLite, and 300 learners with two devices each on two
 * server processes sharing one PostgreSQL. Zero lost or duplicated updates.
 * (`npm run bench` prints the latencies of the same scenario.)
 */
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createCohort } from '../../src/server/people.ts';
import { openDb } from '../../src/server/db.ts';
import { fixtureDist, freshDatabase } from './support/fixtures.ts';
import { runLoad } from './support/load.ts';
import { startServerProcess, type ServerProcess } from './support/process.ts';

const running: ServerProcess[] = [];
afterAll(async () => {
  for (const s of running) await s.stop();
});

async function cohortIn(where: { dataDir: string; databaseUrl?: string }) {
  const db = await openDb(where);
  const c = await createCohort(db, 'Load');
  await db.close();
  return c;
}

describe('load', () => {
  it('300 learners sync concurrently on SQLite with nothing lost or duplicated', async () => {
    const where = await freshDatabase('sqlite');
    const { joinCode } = await cohortIn(where);
    const server = await startServerProcess({ ...where, dist: fixtureDist() });
    running.push(server);
    const r = await runLoad({ urls: [server.url], joinCode, learners: 300, devices: 1, rounds: 2, thinkMs: 1000 });
    console.log(
      `[load sqlite] ${r.pushes} pushes in ${r.seconds.toFixed(1)} s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`,
    );
    expect(r).toMatchObject({ lost: 0, duplicated: 0, failed: 0 });
    expect(r.seconds).toBeLessThan(30);
  });

  it.skipIf(!inject('postgresUrl'))(
    '300 learners × 2 devices on two server processes sharing one PostgreSQL',
    async () => {
      const where = await freshDatabase('postgres');
      const { joinCode } = await cohortIn(where);
      const dist = fixtureDist();
      const a = await startServerProcess({ ...where, dist });
      running.push(a);
      const b = await startServerProcess({ ...where, dist });
      running.push(b);
      const r = await runLoad({ urls: [a.url, b.url], joinCode, learners: 300, devices: 2, rounds: 1, thinkMs: 1000 });
      console.log(
        `[load postgres ×2] ${r.pushes} pushes in ${r.seconds.toFixed(1)} s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, lost ${r.lost}, duplicated ${r.duplicated}`,
      );
      expect(r).toMatchObject({ lost: 0, duplicated: 0, failed: 0 });
      expect(r.seconds).toBeLessThan(40);
    },
  );
});
