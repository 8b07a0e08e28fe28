/**
 * The background grading of submissions: a FIFO of submission ids drained
 * into the grading pool, at most `pool.size` at a time (the pool bounds the
 * sandboxes; this queue keeps the pool's own queue short). Each job claims
 * its row (queued → running), grades the stored code with the stored grader
 * and the grader's submit seeds, and records the verified verdict. State
 * lives in the database, not here: on start every submission left unverified
 * by a restart is queued again, so nothing acknowledged is ever dropped.
 */
import type { Db } from './db.ts';
import type { GradingPool } from './grading/types.ts';
import type { Logger } from './log.ts';
import type { ExerciseIndex } from './submissions-exercises.ts';
import {
  claim,
  recordVerdict,
  requeue,
  storedVerdict,
  submissionForGrading,
  unavailableVerdict,
  unverifiedIds,
} from './submissions.ts';

export interface SubmissionQueue {
  /** Queues a stored submission for grading. */
  enqueue(id: string): void;
  /** Queues every unverified submission again (startup). Resolves with how many. */
  resume(): Promise<number>;
  /** Resolves when nothing is queued or running. */
  idle(): Promise<void>;
  /** Stops dispatching; waits for running jobs (the pool's close ends them). Unstarted ones stay queued in the database. */
  stop(): Promise<void>;
}

export function createSubmissionQueue(o: { db: Db; pool: GradingPool; log: Logger }): SubmissionQueue {
  const { db, pool, log } = o;
  const waiting: string[] = [];
  const queued = new Set<string>();
  const running = new Set<Promise<void>>();
  let stopped = false;
  let idleWaiters: (() => void)[] = [];

  const settle = () => {
    if (waiting.length > 0 || running.size > 0) return;
    const w = idleWaiters;
    idleWaiters = [];
    for (const f of w) f();
  };

  async function gradeOne(id: string): Promise<void> {
    if (!(await claim(db, id))) return;
    const s = await submissionForGrading(db, id);
    if (!s) return;
    for (let attempt = 1; ; attempt++) {
      try {
        const verdict = storedVerdict(await pool.grade({ grader: s.grader, code: s.code }));
        if (stopped && verdict.containment?.kind === 'crashed') {
          // Killed by the shutdown, not by its own doing: grade it again after the restart.
          await requeue(db, id);
          return;
        }
        await recordVerdict(db, id, verdict);
        log('submission-verified', { submission: id, exercise: s.exercise, passed: verdict.passed });
        return;
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (stopped) {
          await requeue(db, id);
          return;
        }
        log('submission-grading-error', { submission: id, attempt, message });
        if (attempt >= 2) {
          await recordVerdict(db, id, unavailableVerdict(message));
          return;
        }
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }

  function pump(): void {
    const size = Math.max(1, pool.stats().size);
    while (!stopped && running.size < size && waiting.length > 0) {
      const id = waiting.shift() as string;
      queued.delete(id);
      const job: Promise<void> = gradeOne(id)
        .catch((e: unknown) => log('error', { submission: id, message: e instanceof Error ? e.message : String(e) }))
        .finally(() => {
          running.delete(job);
          pump();
          settle();
        });
      running.add(job);
    }
    settle();
  }

  return {
    enqueue(id) {
      if (stopped || queued.has(id)) return;
      queued.add(id);
      waiting.push(id);
      pump();
    },
    async resume() {
      const ids = await unverifiedIds(db);
      for (const id of ids) this.enqueue(id);
      if (ids.length) log('submissions-requeued', { count: ids.length });
      return ids.length;
    },
    idle: () => new Promise<void>((r) => (waiting.length === 0 && running.size === 0 ? r() : idleWaiters.push(r))),
    async stop() {
      stopped = true;
      waiting.length = 0;
      queued.clear();
      await Promise.allSettled([...running]);
      settle();
    },
  };
}

/** What the server needs to take and grade submissions: the pool, the exercise → grader map and the queue. */
export interface Grading {
  readonly pool: GradingPool;
  readonly exercises: ExerciseIndex;
  readonly queue: SubmissionQueue;
}

/** Builds the grading side of the server and queues again whatever a restart left unverified. */
export async function startGrading(o: {
  db: Db;
  pool: GradingPool;
  exercises: ExerciseIndex;
  log: Logger;
}): Promise<Grading> {
  const queue = createSubmissionQueue(o);
  await queue.resume();
  return { pool: o.pool, exercises: o.exercises, queue };
}
