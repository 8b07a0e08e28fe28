// Cohort server load (part of `npm run bench`): 300 simulated learners syncing
// concurrently over loopback against a real server process on SQLite, then
// 300 learners with two devices each on two server processes sharing one
// throwaway PostgreSQL (skipped with a note when PostgreSQL is not installed).
// Prints p50/p99 push latency and the lost / duplicated update counts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDb } from '../../src/server/db.ts';
import { createCohort } from '../../src/server/people.ts';
import { fixtureDist } from '../../test/server/support/fixture-dist.ts';
import { runLoad, type LoadResult } from '../../test/server/support/load.ts';
import { startPostgres } from '../../test/server/support/postgres.ts';
import { startServerProcess } from '../../test/server/support/process.ts';

const LEARNERS = 300;
const print = (name: string, r: LoadResult) => {
  console.log(`cohort.${name}.learners: ${LEARNERS} count`);
  console.log(`cohort.${name}.pushes: ${r.pushes} count`);
  console.log(`cohort.${name}.seconds: ${r.seconds.toFixed(1)} s`);
  console.log(`cohort.${name}.sync_p50: ${r.p50.toFixed(1)} ms`);
  console.log(`cohort.${name}.sync_p99: ${r.p99.toFixed(1)} ms`);
  console.log(`cohort.${name}.lost_updates: ${r.lost} count`);
  console.log(`cohort.${name}.duplicated_updates: ${r.duplicated} count`);
  console.log(`cohort.${name}.failed_pushes: ${r.failed} count`);
};

const dist = fixtureDist();
{
  const dataDir = mkdtempSync(join(tmpdir(), 'cohort-bench-'));
  const db = await openDb({ dataDir });
  const { joinCode } = await createCohort(db, 'Bench');
  await db.close();
  const server = await startServerProcess({ dataDir, dist });
  try {
    print(
      'sqlite',
      await runLoad({ urls: [server.url], joinCode, learners: LEARNERS, devices: 1, rounds: 3, thinkMs: 1000 }),
    );
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
const cluster = await startPostgres();
if (!cluster) {
  console.log('cohort.postgres_2proc: skipped (PostgreSQL is not installed; apt-get install -y postgresql)');
} else {
  try {
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    await client.query('CREATE DATABASE bench');
    await client.end();
    const databaseUrl = cluster.url.replace(/\/postgres$/, '/bench');
    const dataDir = mkdtempSync(join(tmpdir(), 'cohort-bench-'));
    const db = await openDb({ dataDir, databaseUrl });
    const { joinCode } = await createCohort(db, 'Bench');
    await db.close();
    const a = await startServerProcess({ dataDir, databaseUrl, dist });
    const b = await startServerProcess({ dataDir, databaseUrl, dist });
    try {
      print(
        'postgres_2proc',
        await runLoad({ urls: [a.url, b.url], joinCode, learners: LEARNERS, devices: 2, rounds: 2, thinkMs: 1000 }),
      );
    } finally {
      await a.stop();
      await b.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  } finally {
    cluster.stop();
  }
}
rmSync(dist, { recursive: true, force: true });
