/**
 * Grader registry for `grade` requests. The worker bundles this file, so the
 * graders run next to the learner's code and the engine. The graders
 * themselves live in src/assessment/graders (shared with Node-side grading).
 */
import type { GradeCheck } from './protocol.ts';
import { runnerGraders } from '../assessment/graders/index.ts';

export interface GraderContext {
  /** The learner's top-level names after running their code (their functions, constants). */
  readonly learner: Readonly<Record<string, unknown>>;
  /** The engine module (what `import ... from 'workbook'` gives). */
  readonly engine: unknown;
  readonly seed: number;
}

/** Checks one seed. Throwing counts as a failed check with the error's message. */
export type Grader = (ctx: GraderContext) => Omit<GradeCheck, 'seed'>;

export const graders: Record<string, Grader> = { ...runnerGraders };
