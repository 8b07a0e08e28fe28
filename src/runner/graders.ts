/**
 * Grader registry for `grade` and `replay` requests. The worker bundles this
 * file, so the graders run next to the learner's code and the engine. The
 * graders themselves live in src/assessment/graders (shared with Node-side grading).
 */
import type { Trace, Violation } from '../engine/trace/events.ts';
import type { GradeCheck, ReplayFailure } from './protocol.ts';
import { runnerGraders, runnerReplayers } from '../assessment/graders/index.ts';

export interface GraderContext {
  /** The learner's top-level names after running their code (their functions, constants). */
  readonly learner: Readonly<Record<string, unknown>>;
  /** The engine module (what `import ... from 'workbook'` gives). */
  readonly engine: unknown;
  readonly seed: number;
  /**
   * Evaluates the learner's code again into a fresh module (a new compartment): what a crashed
   * process restarts with, and how graders tell state leaking across seeds from a real failure.
   */
  readonly reload?: () => Readonly<Record<string, unknown>>;
  /** Replays only: the share of the graded run to rebuild (a shrunk failure's scale); default 1. */
  readonly scale?: number;
}

/** Checks one seed. Throwing counts as a failed check with the error's message. */
export type Grader = (ctx: GraderContext) => Omit<GradeCheck, 'seed'>;

/** What a replayer rebuilds for one seed: the run grading judged and what it found. */
export interface ReplayOutcome {
  /** Absent when there was no run to judge (no such export, or the run crashed). */
  readonly trace?: Trace;
  readonly violations: readonly Violation[];
  readonly failures: readonly ReplayFailure[];
  readonly properties: readonly string[];
}

/** Rebuilds one graded seed (the same code path as the grader, keeping the trace). */
export type Replayer = (ctx: GraderContext) => ReplayOutcome;

export const graders: Record<string, Grader> = { ...runnerGraders };
export const replayers: Record<string, Replayer> = { ...runnerReplayers };
