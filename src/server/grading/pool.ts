/**
 * The cohort server's grading sandbox: a bounded pool of child processes,
 * each running ONE learner submission and then exiting (child.ts; walls in
 * command.ts; the watch in sandbox.ts). Learner code never runs in the server
 * process.
 *
 * Fresh child per job, pre-warmed, loading from a read-only compile cache.
 * Measured on this 2-core machine (Node 24.21; other work shared the cores,
 * load average 4-12, so figures swing):
 * - loading lockdown + engine + graders by type stripping: 0.33 s on a quiet
 *   machine, ~1.0 s under load; from the V8 compile cache (built once per
 *   server process, shown to children through a read-only bind mount): 0.16-0.3 s
 *   under the same load. `--permission` and `unshare` add nothing measurable.
 * - grading one submission (200 submit seeds, gradeSource): 0.3-1.8 s in one
 *   plain process (54 s for all 72 reference/starter/wrong files at load ~1).
 * - two grading processes at once each run ~1.4x slower than one alone on this
 *   VM (shared caches), so two children give ~1.4x the throughput of one.
 * Reusing a warm child would save little: one learner's 11 files take 8.4 s
 * warm in one process against 9.0 s in fresh ones, and it would let one
 * learner's code share a realm with the next learner's, so an SES escape could
 * read or sway another learner's grade. A fresh process keeps every job's blast
 * radius to itself; keeping `size` children loaded ahead (a spare starts the
 * moment one is taken) hides the load from latency.
 *
 * scripts/bench/cohort-grading.ts (330 submissions, pool of 2, quiet machine):
 *   cohort.verify_one_submission_idle: 1.28 s, budget 10 s
 *   cohort.regrade_30_learners_all_exercises: 210.8 s, budget 300 s (429.9 s before
 *     ch02's event cap came down and node-role transitions were cached); 420
 *     child-seconds, 98% of them gradeSource itself.
 *
 * Queue: FIFO per owner, round-robin across owners (fair-queue.ts), at most
 * `maxQueue` waiting (beyond that `grade` rejects with a clear error).
 */
import { availableParallelism } from 'node:os';
import { graderFor } from '../../assessment/graders/index.ts';
import { rmSync } from 'node:fs';
import { buildCompileCache, childCommand, probeNetworkIsolation } from './command.ts';
import { containmentMessage } from './containment.ts';
import { FairQueue } from './fair-queue.ts';
import { SandboxChild, type ChildOutcome } from './sandbox.ts';
import type { GradingPool, PoolOptions, SandboxReplay, SandboxVerdict } from './types.ts';
import type { ChildJob } from './wire.ts';

/** Defaults, one table. */
export const POOL_DEFAULTS = {
  /** Above gradeSource's own 20 s suite budget, so a slow-but-finite suite ends in a report, not a kill. */
  timeoutMs: 30_000,
  /** V8 heap cap. Grading peaks well under 200 MiB. */
  memoryMb: 512,
  /** stdout + stderr; a replay's trace (up to 200,000 events) is the largest honest reply. */
  outputBytes: 64 * 1024 * 1024,
  maxQueue: 5_000,
  /** Resident memory allowed above the heap cap (code, young generation, buffers) before the parent kills. */
  rssHeadroomMb: 384,
  startupMs: 60_000,
  /** Largest submission accepted, characters. */
  maxCodeChars: 256 * 1024,
  maxSeeds: 10_000,
} as const;

/** One compile cache per heap cap (V8 flags are part of its key) for the life of this process. */
const caches = new Map<number, string | null>();
function compileCacheFor(memoryMb: number): string | null {
  if (!caches.has(memoryMb)) {
    const dir = buildCompileCache(memoryMb);
    caches.set(memoryMb, dir);
    if (dir) process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return caches.get(memoryMb) ?? null;
}

interface Pending {
  readonly job: ChildJob;
  readonly enqueued: number;
  readonly settle: (outcome: ChildOutcome, queuedMs: number) => void;
  readonly fail: (error: Error) => void;
}

const isSeed = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 0xffffffff;

export function createGradingPool(options: PoolOptions = {}): GradingPool {
  const size = Math.max(1, Math.floor(options.size ?? availableParallelism()));
  const limits = {
    timeoutMs: options.timeoutMs ?? POOL_DEFAULTS.timeoutMs,
    memoryMb: options.memoryMb ?? POOL_DEFAULTS.memoryMb,
    outputBytes: options.outputBytes ?? POOL_DEFAULTS.outputBytes,
  };
  const maxQueue = options.maxQueue ?? POOL_DEFAULTS.maxQueue;
  const notice = options.onNotice ?? ((m: string) => console.warn(`[grading] ${m}`));
  const network = probeNetworkIsolation();
  if (!network.netns)
    notice(
      `learner code runs WITHOUT its own network namespace (${network.reason}); only the SES compartment (no fetch, no require of node modules) keeps it off the network.`,
    );
  const compileCache = network.netns ? compileCacheFor(limits.memoryMb) : null;
  if (network.netns && !compileCache)
    notice('no read-only compile cache for grading children (mount namespace refused); each child loads ~3x slower.');
  const command = childCommand({
    memoryMb: limits.memoryMb,
    netns: network.netns,
    ...(compileCache ? { compileCache } : {}),
  });
  const childLimits = {
    timeoutMs: limits.timeoutMs,
    outputBytes: limits.outputBytes,
    rssMb: limits.memoryMb + POOL_DEFAULTS.rssHeadroomMb,
    startupMs: POOL_DEFAULTS.startupMs,
  };

  const queue = new FairQueue<Pending>();
  let spares: SandboxChild[] = [];
  const busy = new Set<SandboxChild>();
  let completed = 0;
  let contained = 0;
  let closed = false;

  const startChild = () => new SandboxChild(command, childLimits);
  /** Keeps `size` loaded children waiting, so the next job does not pay the load. */
  const refill = () => {
    spares = spares.filter((c) => c.alive);
    while (!closed && spares.length < size) spares.push(startChild());
  };

  const pump = () => {
    while (!closed && busy.size < size && queue.size > 0) {
      const next = queue.shift() as Pending;
      // A spare that died while waiting is dropped here, never respawned in a loop.
      spares = spares.filter((c) => c.alive);
      const child = spares.shift() ?? startChild();
      busy.add(child);
      refill();
      const queuedMs = performance.now() - next.enqueued;
      child.run(next.job).then(
        (outcome) => {
          busy.delete(child);
          completed++;
          if (!outcome.ok) contained++;
          next.settle(outcome, queuedMs);
          pump();
        },
        (e: unknown) => {
          busy.delete(child);
          next.fail(e instanceof Error ? e : new Error(String(e)));
          pump();
        },
      );
    }
  };

  function submit<R>(
    job: ChildJob,
    owner: string | undefined,
    toResult: (outcome: ChildOutcome, queuedMs: number) => R,
  ): Promise<R> {
    if (closed) return Promise.reject(new Error('The grading pool is closed: the server is shutting down.'));
    if (graderFor(job.grader) === undefined) return Promise.reject(new Error(`no grader named ${job.grader}`));
    if (typeof job.code !== 'string') return Promise.reject(new Error('code must be a string'));
    if (queue.size >= maxQueue)
      return Promise.reject(
        new Error(`The grading queue is full (${maxQueue} submissions waiting); try again in a few minutes.`),
      );
    return new Promise<R>((resolve, reject) => {
      queue.push(owner, {
        job,
        enqueued: performance.now(),
        settle: (outcome, queuedMs) => resolve(toResult(outcome, queuedMs)),
        fail: reject,
      });
      pump();
    });
  }

  /** A verdict for code the pool will not even start (too large). */
  const refusedUpFront = (detail: string) => {
    const kind = 'refused' as const;
    return { kind, message: containmentMessage(kind, limits, detail) };
  };

  return {
    grade(job) {
      if (
        job.seeds !== undefined &&
        (!Array.isArray(job.seeds) || job.seeds.length > POOL_DEFAULTS.maxSeeds || !job.seeds.every(isSeed))
      )
        return Promise.reject(new Error(`seeds must be at most ${POOL_DEFAULTS.maxSeeds} integers from 0 to 2^32-1`));
      if (typeof job.code === 'string' && job.code.length > POOL_DEFAULTS.maxCodeChars) {
        const verdict: SandboxVerdict = {
          passed: false,
          report: null,
          contained: refusedUpFront(
            `a submission of ${job.code.length} characters; the limit is ${POOL_DEFAULTS.maxCodeChars}`,
          ),
          durationMs: 0,
          queuedMs: 0,
        };
        return Promise.resolve(verdict);
      }
      const wire: ChildJob = {
        type: 'grade',
        grader: job.grader,
        code: job.code,
        ...(job.seeds !== undefined ? { seeds: [...job.seeds] } : {}),
      };
      return submit(wire, job.owner, (outcome, queuedMs): SandboxVerdict => {
        if (outcome.ok && outcome.reply.kind === 'grade') {
          const report = outcome.reply.report;
          return { passed: report.passed, report, durationMs: outcome.ms, queuedMs };
        }
        const why = outcome.ok
          ? ({ kind: 'crashed', detail: 'the grading process replied without a verdict' } as const)
          : outcome;
        return {
          passed: false,
          report: null,
          contained: { kind: why.kind, message: containmentMessage(why.kind, limits, why.detail) },
          durationMs: outcome.ms,
          queuedMs,
        };
      });
    },
    replay(job) {
      if (!isSeed(job.seed)) return Promise.reject(new Error('seed must be an integer from 0 to 2^32-1'));
      if (job.scale !== undefined && !(typeof job.scale === 'number' && job.scale > 0 && job.scale <= 1))
        return Promise.reject(new Error('scale must be a number with 0 < scale <= 1'));
      if (typeof job.code === 'string' && job.code.length > POOL_DEFAULTS.maxCodeChars) {
        const refused: SandboxReplay = {
          ok: false,
          contained: refusedUpFront(
            `a submission of ${job.code.length} characters; the limit is ${POOL_DEFAULTS.maxCodeChars}`,
          ),
        };
        return Promise.resolve(refused);
      }
      const wire: ChildJob = {
        type: 'replay',
        grader: job.grader,
        code: job.code,
        seed: job.seed,
        ...(job.scale !== undefined ? { scale: job.scale } : {}),
      };
      return submit(wire, job.owner, (outcome): SandboxReplay => {
        if (outcome.ok && outcome.reply.kind === 'replay') return { ok: true, result: outcome.reply.result };
        const why = outcome.ok
          ? ({ kind: 'crashed', detail: 'the grading process replied without a trace' } as const)
          : outcome;
        return { ok: false, contained: { kind: why.kind, message: containmentMessage(why.kind, limits, why.detail) } };
      });
    },
    stats: () => ({
      queued: queue.size,
      running: busy.size,
      size,
      completed,
      contained,
      networkIsolated: network.netns,
    }),
    async close(graceMs = 5_000) {
      closed = true;
      for (const p of queue.drain()) p.fail(new Error('The grading pool closed before this submission was graded.'));
      for (const c of spares) c.kill('crashed', 'the pool closed');
      spares = [];
      const running = [...busy];
      if (running.length === 0) return;
      const done = Promise.all(running.map((c) => c.exited));
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          for (const c of running) c.kill('crashed', `grading was stopped because the server shut down`);
          resolve();
        }, graceMs);
      });
      await Promise.race([done, late]);
      clearTimeout(timer);
      await done;
    },
  };
}
