/**
 * One PostgreSQL cluster for the whole `server` project (each test file makes
 * its own database on it), and a small fixture build of the workbook for the
 * API tests. When PostgreSQL is not installed the PostgreSQL tests are
 * skipped with a printed note.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the test cluster's `postgres` database, or '' when PostgreSQL is missing. */
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // Every temp folder of this run (databases, fixture builds, the cluster) lives under one
  // folder that is removed at the end; test workers inherit TMPDIR.
  const scratch = mkdtempSync(join(tmpdir(), 'cohort-tests-'));
  chmodSync(scratch, 0o755); // the postgres user must reach its cluster folder inside
  process.env.TMPDIR = scratch;
  const pg = await startPostgres();
  if (!pg)
    console.warn(
      '\n[server tests] NOTE: PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): the PostgreSQL tests are SKIPPED. `apt-get install -y postgresql` (as .ci/run does) runs them.\n',
    );
  project.provide('postgresUrl', pg?.url ?? '');
  return () => {
    pg?.stop();
    rmSync(scratch, { recursive: true, force: true });
  };
}
