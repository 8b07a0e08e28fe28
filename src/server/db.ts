/**
 * Opens the cohort database: one SQLite file by default (no set-up), or
 * PostgreSQL when a `DATABASE_URL` is given, so several server processes can
 * share one database behind a load balancer. Both go through one Kysely
 * instance, so every query in the server is written once.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseSync } from 'node:sqlite';
import { migrate } from './migrations.ts';
import { openSqlite } from './sqlite-adapter.ts';
import type { Database } from './schema.ts';

export type DbKind = 'sqlite' | 'postgres';

export interface Db {
  readonly kind: DbKind;
  readonly kysely: Kysely<Database>;
  /** The raw SQLite handle (for the online backup), when SQLite. */
  readonly sqlite?: DatabaseSync;
  /** Where the data lives, without credentials (for logs). */
  readonly where: string;
  close(): Promise<void>;
}

// 64-bit integers (our millisecond times) come back from pg as strings by default;
// every value we store fits a double exactly, so read them as numbers.
pg.types.setTypeParser(20, (v) => Number(v));

/** Strips the password from a database URL so it can be logged. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres (unparsable URL)';
  }
}

export async function openDb(options: { databaseUrl?: string; dataDir: string }): Promise<Db> {
  let db: Db;
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 20 });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    db = { kind: 'postgres', kysely, where: redactUrl(options.databaseUrl), close: () => kysely.destroy() };
  } else {
    mkdirSync(options.dataDir, { recursive: true });
    const file = join(options.dataDir, 'cohort.sqlite');
    const { db: sqlite, kysely: driver } = openSqlite(file);
    const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: driver }) });
    db = { kind: 'sqlite', kysely, sqlite, where: file, close: () => kysely.destroy() };
  }
  await migrate(db.kysely as Kysely<unknown>);
  return db;
}
