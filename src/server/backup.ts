/**
 * `npm run cohort -- backup <file>`: a consistent copy of the database while
 * the server keeps running. SQLite: the online backup API (pages copied from
 * one snapshot, writers carry on). PostgreSQL: `pg_dump`, which reads one
 * transaction snapshot; its custom-format file restores with `pg_restore`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DatabaseSync, backup as sqliteBackup } from 'node:sqlite';

export async function backupDatabase(o: { dataDir: string; databaseUrl?: string; file: string }): Promise<string> {
  mkdirSync(dirname(o.file), { recursive: true });
  if (o.databaseUrl) {
    const r = spawnSync('pg_dump', ['--format=custom', `--file=${o.file}`, o.databaseUrl], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (r.error || r.status !== 0)
      throw new Error(`pg_dump failed${r.error ? `: ${r.error.message}` : ` (exit ${r.status})`}`);
    return `PostgreSQL dump written to ${o.file} (restore with pg_restore)`;
  }
  const source = join(o.dataDir, 'cohort.sqlite');
  if (!existsSync(source)) throw new Error(`no database at ${source}`);
  const db = new DatabaseSync(source, { readOnly: true });
  try {
    await sqliteBackup(db, o.file);
  } finally {
    db.close();
  }
  return `SQLite copy written to ${o.file} (serve it with --data pointing at a folder holding it as cohort.sqlite)`;
}
