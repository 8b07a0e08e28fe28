/**
 * The `npm run cohort` command line: --help lists the commands, `create`
 * prints an instructor link and a join link that work, `backup` copies a
 * PostgreSQL database with pg_dump (SQLite's backup is in fault.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openDb } from '../../src/server/db.ts';
import { join as joinCohort, signIn } from '../../src/server/people.ts';
import { freshDatabase } from './support/fixtures.ts';
import { ROOT } from './support/process.ts';

function cohort(args: string[], env: Record<string, string> = {}): string {
  const clean = { ...process.env, ...env };
  if (!env.DATABASE_URL) delete clean.DATABASE_URL;
  return execFileSync(process.execPath, ['--disable-warning=ExperimentalWarning', 'scripts/cohort.mjs', ...args], {
    cwd: ROOT,
    env: clean,
    encoding: 'utf8',
  });
}

describe('npm run cohort', () => {
  it('--help lists the commands and the settings', () => {
    const help = cohort(['--help']);
    for (const word of ['serve', 'create', 'backup', 'migrate', 'PORT', 'COHORT_DATA', 'DATABASE_URL', 'COHORT_BASE'])
      expect(help).toContain(word);
  });

  it('create prints working instructor and join links', async () => {
    const where = await freshDatabase('sqlite');
    const out = cohort([
      'create',
      'CLI class',
      '--data',
      where.dataDir,
      '--url',
      'https://school.example/courses/replication',
    ]);
    const signin = /https:\/\/school\.example\/courses\/replication\/cohort\/signin\/#([\w-]{43})/.exec(out)?.[1];
    const joinCode = /https:\/\/school\.example\/courses\/replication\/cohort\/join\/#([\w-]{43})/.exec(out)?.[1];
    expect(signin && joinCode).toBeTruthy();
    const db = await openDb(where);
    try {
      expect((await signIn(db, signin ?? ''))?.person.role).toBe('instructor');
      expect((await joinCohort(db, joinCode ?? '', 'Ada', null))?.person.cohortName).toBe('CLI class');
    } finally {
      await db.close();
    }
  });

  it.skipIf(!inject('postgresUrl'))('backup copies a PostgreSQL database with pg_dump', async () => {
    const where = await freshDatabase('postgres');
    const url = where.databaseUrl ?? '';
    cohort(['create', 'PG class'], { DATABASE_URL: url });
    const file = join(mkdtempSync(join(tmpdir(), 'cohort-pgdump-')), 'cohort.dump');
    expect(cohort(['backup', file], { DATABASE_URL: url })).toContain('pg_restore');
    expect(statSync(file).size).toBeGreaterThan(1000);
  });
});
