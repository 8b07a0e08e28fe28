/**
 * Helpers of the server tests: a tiny fixture build (an index page, a quiz
 * data file with keys, one exercise), a database on SQLite or on the shared
 * test PostgreSQL, an app around it, and JSON request helpers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { createApp } from '../../../src/server/app.ts';
import { loadCatalog } from '../../../src/server/catalog.ts';
import { openDb, type Db } from '../../../src/server/db.ts';
import { silentLogger } from '../../../src/server/log.ts';
import { createGradingPool } from '../../../src/server/grading/pool.ts';
import type { GradingPool } from '../../../src/server/grading/types.ts';
import { createCohort, type CreatedCohort } from '../../../src/server/people.ts';
import { loadExerciseIndex, type ExerciseIndex } from '../../../src/server/submissions-exercises.ts';
import { startGrading, type Grading } from '../../../src/server/submissions-queue.ts';
import { fixtureDist } from './fixture-dist.ts';

export const SRC_DIR = join(import.meta.dirname, '../../../src');
export const CONTENT_DIR = join(import.meta.dirname, '../../../content');

let exerciseIndex: ExerciseIndex | undefined;
/** The course's exercise → grader map, read from content/ once per test file. */
export function exercises(): ExerciseIndex {
  exerciseIndex ??= loadExerciseIndex(CONTENT_DIR);
  return exerciseIndex;
}

export { QUIZ, fixtureDist } from './fixture-dist.ts';

export type Kind = 'sqlite' | 'postgres';

/** `describe.each` rows: SQLite always, PostgreSQL when the test cluster runs. */
export function databaseKinds(): Kind[] {
  return inject('postgresUrl') ? ['sqlite', 'postgres'] : ['sqlite'];
}

let counter = 0;
/** A fresh database of the kind: SQLite in a temp folder, or a new database on the test cluster. */
export async function freshDatabase(kind: Kind): Promise<{ dataDir: string; databaseUrl?: string; cleanup(): void }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cohort-data-'));
  if (kind === 'sqlite') return { dataDir, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
  const base = inject('postgresUrl');
  const name = `t_${process.pid}_${Date.now()}_${counter++}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  return {
    dataDir,
    databaseUrl: base.replace(/\/postgres$/, `/${name}`),
    cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

export interface TestApp {
  readonly db: Db;
  readonly cohort: CreatedCohort;
  readonly dist: string;
  request(path: string, init?: RequestInit): Promise<Response>;
  post(path: string, body: unknown, token?: string, headers?: Record<string, string>): Promise<Response>;
  get(path: string, token?: string): Promise<Response>;
  /** Set when the app was made with `grading`: the submission queue and its pool. */
  readonly grading?: Grading;
  close(): Promise<void>;
}

export interface TestAppOptions {
  base?: string;
  authPerMinute?: number;
  /** Take exercise submissions: true for a new grading pool, or the pool to use (not closed by the app). */
  grading?: boolean | GradingPool;
}

export async function testApp(kind: Kind, options: TestAppOptions = {}): Promise<TestApp> {
  const where = await freshDatabase(kind);
  const db = await openDb(where);
  const ownPool = options.grading === true ? createGradingPool({ size: 1 }) : undefined;
  const pool = ownPool ?? (typeof options.grading === 'object' ? options.grading : undefined);
  const grading = pool ? await startGrading({ db, pool, exercises: exercises(), log: silentLogger }) : undefined;
  const dist = fixtureDist();
  const base = options.base ?? '/';
  const app = createApp({
    db,
    catalog: loadCatalog(dist),
    distDir: dist,
    srcDir: SRC_DIR,
    base,
    log: silentLogger,
    authPerMinute: options.authPerMinute ?? 1000,
    ...(grading ? { grading } : {}),
  });
  const cohort = await createCohort(db, 'Spring cohort');
  const root = base.slice(0, -1);
  const request = (path: string, init?: RequestInit) =>
    Promise.resolve(
      app.request(`http://cohort.test${root}${path}`, {
        ...init,
        headers: { Host: 'cohort.test', ...(init?.headers as Record<string, string>) },
      }),
    );
  return {
    db,
    cohort,
    dist,
    request,
    post: (path, body, token, headers = {}) =>
      request(path, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    get: (path, token) => request(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} }),
    ...(grading ? { grading } : {}),
    async close() {
      await grading?.queue.stop();
      await ownPool?.close();
      await db.close();
      rmSync(dist, { recursive: true, force: true });
      where.cleanup();
    },
  };
}

export const T0 = 1_790_000_000_000;

/** A valid progress document with the given parts. */
export function doc(
  parts: {
    chapters?: Record<string, unknown>;
    exercises?: Record<string, unknown>;
    cells?: Record<string, unknown>;
    seed?: number;
  } = {},
) {
  return {
    version: 1,
    learnerSeed: parts.seed ?? 7,
    chapters: parts.chapters ?? {},
    exercises: parts.exercises ?? {},
    cells: parts.cells ?? {},
  };
}
