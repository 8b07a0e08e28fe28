/**
 * The shapes of exercise grading: what a grader is, what one seeded run
 * found, and the report the exercise island and the tests read.
 *
 * A grader plugs the learner's function into seeded engine scenarios and
 * judges each recorded trace with named properties. Every failure names the
 * property, the seed and the step, so any run can be replayed in the
 * simulation view.
 */
import type { Trace, Violation } from '../../engine/index.ts';

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

/** One broken property on one seed. */
export interface GradeFailure {
  readonly property: string;
  readonly seed: number;
  /** Trace step where it shows (0 when it is not tied to a step, e.g. a missing export). */
  readonly step: number;
  /** Names the property, the seed and the step, e.g. `convergence failed on seed 1042 at step 388: ...`. */
  readonly message: string;
  /** Scenario to replay (see `ExerciseGrader.scenario`). */
  readonly scenario: string;
  /**
   * Set when the same seed, graded alone with a fresh copy of the learner's
   * module, does not fail this property: the failure comes from state the
   * code kept at module level across seeds (the message says so too).
   */
  readonly cause?: 'module-state';
  /** The smallest run of the same seed found to fail this property too (see `shrinkFailure`). */
  readonly smaller?: SmallerRun;
}

/** A shrunk run that still fails: the same seed and learner code, fewer operations. */
export interface SmallerRun {
  /** Share of the graded run's operations it keeps. */
  readonly scale: number;
  /** The shrunk run's size, e.g. `the first 7 of 64 writes`. */
  readonly size: string;
  /** Trace step of the failure in the shrunk run. */
  readonly step: number;
  /** Names the property, the seed and the step in the shrunk run. */
  readonly message: string;
}

/** A problem that stopped grading before properties could be judged (syntax error, endless loop). */
export interface GradeError {
  readonly kind: 'syntax' | 'runtime' | 'import' | 'timeout' | 'limit' | 'internal';
  readonly message: string;
  /** 1-based line in the learner's code, when known. */
  readonly line?: number;
  /** The seed that was running, when known. */
  readonly seed?: number;
}

/** The verdict of a suite. */
export interface GradeReport {
  readonly passed: boolean;
  /** Seeds graded. */
  readonly runs: number;
  /** The first failure of each property, in the order the properties first failed. */
  readonly failures: readonly GradeFailure[];
  readonly durationMs: number;
  /** Set when grading could not run to the end (the learner's code did not compile, looped, ...). */
  readonly error?: GradeError;
}

export interface GradeProgress {
  readonly done: number;
  readonly total: number;
}

/** Property names the grading core itself reports, for any exercise. */
export const CORE_PROPERTIES = {
  /** The module does not export a function with the entry's name. */
  entry: 'entry-function',
  /** The learner's function threw. */
  exceptions: 'no-exceptions',
  /** The learner's function returned something the hook does not accept. */
  answer: 'valid-answer',
  /** The suite ran past its time budget (Node; the browser has the runner's watchdog). */
  time: 'time-limit',
  /** A run itself crashed (for example the engine's event cap). */
  run: 'run-completes',
} as const;
