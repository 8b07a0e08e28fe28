/**
 * Public API of exercise grading. The island imports from here (and the
 * runner client for the browser path); tests and Node tools also use
 * `gradeSource` from ./source.ts.
 */
export {
  gradeSeed,
  judgeSeed,
  gradeExports,
  createSeedGrader,
  mergeFailures,
  failureMessage,
  describeThrown,
  MODULE_STATE_NOTE,
  SHRINK_SCALES,
  shrinkFailure,
} from './core.ts';
export type { SeedOutcome, SeedOptions, SuiteOptions, JudgedSeed, LearnerModule } from './core.ts';
export { toRunnerGrader, toRunnerReplayer, exerciseCellId, locateLearnerLine } from './runner-adapter.ts';
export { reportFromGradeResult } from './report.ts';
export type { GradeCheckWithFailures } from './runner-adapter.ts';
export { CORE_PROPERTIES } from './types.ts';
export type {
  ExerciseGrader,
  FreshHook,
  LearnerHook,
  GradeError,
  GradeFailure,
  GradeProgress,
  GradeReport,
  GraderRun,
  PropertyInfo,
  SmallerRun,
  SuiteName,
} from './types.ts';
