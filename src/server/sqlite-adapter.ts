/**
 * Adapter from Node's built-in SQLite (`node:sqlite`, no native build) to the
 * small database interface Kysely's SqliteDialect expects (the better-sqlite3
 * shape). Kept apart so the rest of the server never sees which driver is used.
 */
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Opens (or creates) the database file with the settings a server needs. */
export function openSqlite(file: string): { db: DatabaseSync; kysely: SqliteDatabase } {
  const db = new DatabaseSync(file);
  // WAL: readers never block the writer and a crash mid-write keeps the last commit;
  // synchronous=FULL so an acknowledged sync survives a power cut, not only a killed process.
  db.exec(
    'PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;',
  );
  const kysely: SqliteDatabase = {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      const stmt = db.prepare(sql);
      const params = (p: ReadonlyArray<unknown>) => p as SQLInputValue[];
      return {
        // A statement that returns columns is a reader (SELECT, or INSERT ... RETURNING).
        reader: stmt.columns().length > 0,
        all: (p) => stmt.all(...params(p)),
        run: (p) => {
          const r = stmt.run(...params(p));
          return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
        },
        iterate: (p) => stmt.iterate(...params(p)) as IterableIterator<unknown>,
      };
    },
  };
  return { db, kysely };
}
