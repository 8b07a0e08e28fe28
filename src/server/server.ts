/**
 * Starts the cohort server on one port and stops it gracefully: on SIGTERM or
 * SIGINT it stops accepting connections, waits for requests in flight (so an
 * acknowledged write is always committed and every started write finishes),
 * stops the grading queue and its sandboxes (unfinished submissions stay
 * queued in the database and are graded after the restart), then closes the
 * database.
 */
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { createApp } from './app.ts';
import { loadCatalog } from './catalog.ts';
import { openDb, type Db } from './db.ts';
import { createGradingPool } from './grading/pool.ts';
import type { GradingPool } from './grading/types.ts';
import type { Logger } from './log.ts';
import { loadExerciseIndex } from './submissions-exercises.ts';
import { startGrading } from './submissions-queue.ts';

export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly distDir: string;
  readonly srcDir: string;
  readonly base: string;
  readonly log: Logger;
  readonly authPerMinute?: number;
  readonly trustProxy?: boolean;
  /** The content/ folder the exercise → grader map is read from (default: beside srcDir). */
  readonly contentDir?: string;
  /** The grading pool to use (default: a new pool, closed on stop). */
  readonly pool?: GradingPool;
}

export interface RunningServer {
  readonly url: string;
  readonly db: Db;
  /** Stops accepting, waits for in-flight requests (at most `graceMs`), closes the database. */
  stop(graceMs?: number): Promise<void>;
}

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const exercises = loadExerciseIndex(o.contentDir ?? join(o.srcDir, '..', 'content'));
  const db = await openDb({ dataDir: o.dataDir, databaseUrl: o.databaseUrl });
  const pool = o.pool ?? createGradingPool();
  const grading = await startGrading({ db, pool, exercises, log: o.log });
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const track = {
    begin: () => void inFlight++,
    end: () => {
      inFlight--;
      if (inFlight === 0) drained?.();
    },
  };
  const app = createApp({
    db,
    catalog: loadCatalog(o.distDir),
    distDir: o.distDir,
    srcDir: o.srcDir,
    base: o.base,
    log: o.log,
    authPerMinute: o.authPerMinute,
    trustProxy: o.trustProxy,
    grading,
    track,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: o.port, hostname: o.host }, () => resolve(s as Server));
    (s as Server).once('error', reject);
  });
  // Longer than a load balancer's idle timeout, so the server never closes a kept-alive
  // connection the balancer (or a client) is about to reuse.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : o.port;
  const url = `http://${o.host === '0.0.0.0' ? '127.0.0.1' : o.host}:${port}${o.base}`;
  o.log('listening', { url, database: db.kind, where: db.where });
  let stopping: Promise<void> | undefined;
  return {
    url,
    db,
    stop(graceMs = 10_000) {
      stopping ??= (async () => {
        o.log('stopping', { inFlight });
        const closed = new Promise<void>((r) => server.close(() => r()));
        server.closeIdleConnections();
        if (inFlight > 0) {
          await Promise.race([new Promise<void>((r) => (drained = r)), new Promise((r) => setTimeout(r, graceMs))]);
        }
        server.closeAllConnections();
        await closed;
        // Running grading jobs get the same grace; what has not started stays queued for the next start.
        const queueStopped = grading.queue.stop();
        if (!o.pool) await pool.close(graceMs);
        await queueStopped;
        await db.close();
        o.log('stopped', {});
      })();
      return stopping;
    },
  };
}
