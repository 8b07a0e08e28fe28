/**
 * Public API of the progress storage. Islands import from here only.
 *
 * Storage key `workbook:progress` holds `{ version: 1, learnerSeed, chapters, exercises, cells }`;
 * unreadable text is set aside under `workbook:progress:set-aside`.
 */
export {
  PROGRESS_KEY,
  SET_ASIDE_KEY,
  PROGRESS_VERSION,
  MAX_QUIZ_ATTEMPTS,
  MAX_QUIZ_SCORE,
  EXERCISE_STATUS_LABEL,
  exerciseStatus,
  bestAttempt,
  own,
} from './schema.ts';
export type {
  ProgressData,
  ChapterProgress,
  QuizAttempt,
  QuizResponse,
  ExerciseProgress,
  ExerciseStatus,
  CellEdit,
} from './schema.ts';
export { parseProgress, sanitizeProgress, serializeProgress, MIGRATIONS } from './parse.ts';
export type { ParseResult, Migration } from './parse.ts';
export { mergeProgress } from './merge.ts';
export { EXPORT_FORMAT, readImportText, toExportText, exportFileName } from './file.ts';
export {
  createProgressStore,
  getProgressStore,
  getCellEdit,
  saveCellEdit,
  clearCellEdit,
  randomSeed,
  NOTICE_TEXT,
} from './store.ts';
export type {
  ProgressStore,
  StorageLike,
  Notice,
  NoticeKind,
  SetAsideEntry,
  QuizAttemptInput,
  RecordAttemptResult,
  ImportResult,
  StoreOptions,
} from './store.ts';
