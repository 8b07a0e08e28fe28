/**
 * The shapes of exercise grading: the report the exercise island and the
 * tests read, and (re-exported from src/chapters/grader-types.ts, where the
 * chapters that implement it can reach it) what a grader is.
 */
export type {
  ExerciseGrader,
  FreshHook,
  GraderRun,
  LearnerHook,
  PropertyInfo,
  SuiteName,
} from '../../chapters/grader-types.ts';

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
