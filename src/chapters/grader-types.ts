/**
 * The contract an exercise grader implements: what a grader is and what one
 * seeded run found. It lives beside the chapters because each chapter's
 * graders sit in its own folder (src/chapters/chNN/grader.ts) and chapter
 * code builds on the engine only, never on src/assessment; the grading core
 * (src/assessment/grading) re-exports these types and runs the graders.
 *
 * A grader plugs the learner's function into seeded engine scenarios and
 * judges each recorded trace with named properties. Every failure names the
 * property, the seed and the step, so any run can be replayed in the
 * simulation view.
 */
import type { Trace, Violation } from '../engine/index.ts';

/** The two suites every exercise has. */
export type SuiteName = 'checks' | 'submit';

/** One property a grader judges, for the task text, the tests and the UI. */
export interface PropertyInfo {
  /** Stable name, for example `convergence`; wrong solutions in exercise.yaml refer to it. */
  readonly name: string;
  /** One sentence: what must hold. */
  readonly description: string;
}

/** What one seeded run of a scenario produced. */
export interface GraderRun {
  readonly trace: Trace;
  /** Everything that broke in this run (checkers and grader-specific properties). */
  readonly violations: readonly Violation[];
  /** How big the run was, for a report comparing a shrunk run with the graded one, e.g. `64 writes`. */
  readonly size?: string;
}

/**
 * A grader for one exercise. `run` must be deterministic: the same learner
 * function and seed always give the same trace and violations.
 */
export interface ExerciseGrader {
  /** Registry key used in exercise.yaml, `chNN.camelName`. */
  readonly name: string;
  /** The exported function the learner writes, for example `admit` (or the exported value, see `entryKind`). */
  readonly entry: string;
  /**
   * What `entry` names: a function (the default), or a plain configuration
   * value such as `export const config = { ... }`. The core copies a value
   * to plain data (objects, arrays, strings, finite numbers, booleans, null;
   * no getters, no class instances), checks it with `validate(copy, [])`,
   * and hands the grader a hook that returns that frozen copy, so nothing
   * the learner's code does later can change what is graded.
   */
  readonly entryKind?: 'function' | 'value';
  /** Scenario name for replay links (`workbook:open-run`), for example `ch02-apply-batch`. */
  readonly scenario: string;
  /** The properties this grader can report, in the order they are usually checked. */
  readonly properties: readonly PropertyInfo[];
  /** Seeds of the fast suite ("Run checks") and the full suite ("Submit"). */
  readonly suites: Readonly<Record<SuiteName, readonly number[]>>;
  /**
   * Checks the value a learner's function returned or was given, before the
   * engine sees it. Return a sentence to reject the call (recorded as a
   * `valid-answer` failure at the step it happened), or undefined when fine.
   */
  readonly validate?: (result: unknown, args: readonly unknown[]) => string | undefined;
  /**
   * What the learner's code probably did when a run records more events than
   * the engine allows (an `EventLimitError`), in words the learner can act
   * on, for example `your follower kept asking for entries it already had`.
   * Without it the report names the hook and a generic cause.
   */
  readonly runawayCause?: string;
  /**
   * Runs one seeded scenario with `hook` plugged in and judges the trace.
   * `fresh`, when the environment can re-evaluate the learner's module, gives
   * the learner's function from a new copy of it: what a restarted process
   * runs, with none of the state the old one kept in memory.
   */
  run(hook: LearnerHook, seed: number, fresh?: FreshHook, scale?: number): GraderRun;
  /**
   * True when `run` honours `scale` (0 < scale <= 1): a smaller run of the
   * same seed, with fewer operations and so fewer faults, used to shrink a
   * failure to one that is easier to follow. 1 is the graded run.
   */
  readonly shrinks?: boolean;
}

/** The learner's function as the engine calls it (wrapped by the grading core). */
export type LearnerHook = (...args: never[]) => unknown;

/** The learner's function from a fresh evaluation of their module. */
export type FreshHook = () => LearnerHook;
