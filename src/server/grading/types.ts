/**
 * What the cohort server's grading sandbox promises the rest of the server:
 * grade a learner's submitted TypeScript with an exercise's grader and its
 * submit seeds (the same grader, seeds and grading core as the browser's
 * Submit and `npm run grade`), or rebuild one failing run for the instructor
 * to watch. Learner code never runs in the server process (see pool.ts).
 */
import type { GradeReport } from '../../assessment/grading/types.ts';
import type { ReplayResultMessage } from '../../runner/protocol.ts';

export interface GradeJob {
  /** Grader name, e.g. `ch04.ackPolicy` (an exercise's `grader` field). */
  readonly grader: string;
  /** The learner's TypeScript, exactly as submitted. */
  readonly code: string;
  /** Seeds to grade; default: the grader's submit suite (what the browser's Submit grades). */
  readonly seeds?: readonly number[];
  /**
   * Who submitted it (a learner id). The queue takes owners in turn, so one
   * learner's many submissions cannot delay another's. Absent: plain FIFO.
   */
  readonly owner?: string;
}

export interface ReplayJob {
  readonly grader: string;
  readonly code: string;
  readonly seed: number;
  /** Shrink scale of the smallest failing run (0 < scale <= 1); absent for the graded run. */
  readonly scale?: number;
  /** As GradeJob.owner. */
  readonly owner?: string;
}

/**
 * Why the sandbox stopped learner code itself, as opposed to the grader
 * failing a property: the process ran past its wall-clock limit, its memory
 * cap, its output cap, crashed, or tried something it may not (file, network,
 * child process).
 */
export type Containment = 'time-limit' | 'memory-limit' | 'output-limit' | 'crashed' | 'refused';

export interface SandboxVerdict {
  readonly passed: boolean;
  /** The grading core's report when grading ran to a verdict; null when the sandbox stopped it. */
  readonly report: GradeReport | null;
  /** Set when the sandbox stopped the learner's code; `message` is a sentence for the learner and instructor. */
  readonly contained?: { readonly kind: Containment; readonly message: string };
  /** Wall-clock time of the job, queueing excluded. */
  readonly durationMs: number;
  /** Time the job waited in the queue. */
  readonly queuedMs: number;
}

export type SandboxReplay =
  | { readonly ok: true; readonly result: ReplayResultMessage }
  | { readonly ok: false; readonly contained: { readonly kind: Containment; readonly message: string } };

export interface PoolStats {
  readonly queued: number;
  readonly running: number;
  readonly size: number;
  readonly completed: number;
  /** Jobs the sandbox stopped (any Containment), of `completed`. */
  readonly contained?: number;
  /** Whether children run in their own network namespace (false: only the in-realm layer blocks the network). */
  readonly networkIsolated?: boolean;
}

export interface GradingPool {
  grade(job: GradeJob): Promise<SandboxVerdict>;
  replay(job: ReplayJob): Promise<SandboxReplay>;
  stats(): PoolStats;
  /** Stops accepting jobs, waits for running ones (or kills them after `graceMs`) and ends every child. */
  close(graceMs?: number): Promise<void>;
}

export interface PoolOptions {
  /** Concurrent sandboxes; default: the number of CPU cores (at least 1). */
  readonly size?: number;
  /** Wall-clock limit of one job, ms. */
  readonly timeoutMs?: number;
  /** Memory cap of one sandbox, MiB. */
  readonly memoryMb?: number;
  /** Cap on what one job may write back (stdout + stderr), bytes. */
  readonly outputBytes?: number;
  /** Jobs allowed to wait; beyond this `grade` rejects with a clear error rather than queueing forever. */
  readonly maxQueue?: number;
  /** Where the pool says something an operator should know (no network namespace here, say). Default console.warn. */
  readonly onNotice?: (message: string) => void;
}
