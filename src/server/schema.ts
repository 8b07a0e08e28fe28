/**
 * The cohort database's tables, as TypeScript types for Kysely. The same
 * shape on SQLite and PostgreSQL (migrations.ts creates it); times are
 * milliseconds since the epoch in 64-bit integers on both.
 */
import type { Generated } from 'kysely';

export type Role = 'instructor' | 'learner';

export interface CohortTable {
  id: string;
  name: string;
  /** SHA-256 of the current join code; rotating replaces it, so old links stop working. */
  join_hash: string;
  created_at: number;
}

export interface PersonTable {
  id: string;
  cohort_id: string;
  role: Role;
  display_name: string;
  email: string | null;
  /** SHA-256 of the personal sign-in code (adds a device). */
  signin_hash: string;
  /** Bumped by an instructor's reset: a device syncing an older epoch is told to start over. */
  epoch: Generated<number>;
  created_at: number;
  removed_at: number | null;
}

export interface DeviceTable {
  /** SHA-256 of the device's bearer token; the token itself is never stored. */
  token_hash: string;
  person_id: string;
  created_at: number;
}

export interface ProgressTable {
  person_id: string;
  /** The merged progress document (src/progress's version-1 JSON). */
  doc: string;
  revision: number;
  /** Time of the last applied push: the learner's last activity. */
  updated_at: number;
}

export interface AppliedUpdateTable {
  person_id: string;
  /** Chosen by the client; a retried push with the same id is applied once. */
  update_id: string;
  revision: number;
  at: number;
}

export interface QuizAttemptTable {
  person_id: string;
  /** Chapter slug (the key of the quiz file and of the progress document). */
  chapter: string;
  /** 1-based; at most MAX_ATTEMPTS (src/assessment/quiz/score.ts). */
  attempt: number;
  /** The quiz variant the server assigned when the attempt started. */
  variant: number;
  started_at: number;
  /** Null while the attempt is open. */
  submitted_at: number | null;
  /** Scored by the server with the full key (null while open). */
  score: number | null;
  max: number | null;
  /** The learner's responses as JSON (question id to answer), null while open. */
  responses: string | null;
}

export type SubmissionStatus = 'queued' | 'running' | 'verified';

export interface SubmissionTable {
  id: string;
  person_id: string;
  /** Exercise id (the key in the progress document), e.g. `apply-batch`. */
  exercise: string;
  /** Grader the submission was queued for, e.g. `ch02.applyBatch`. */
  grader: string;
  /** The learner's TypeScript, exactly as submitted. */
  code: string;
  submitted_at: number;
  status: SubmissionStatus;
  /** 1 passed, 0 failed; null until verified (integers: SQLite has no booleans). */
  passed: number | null;
  /** The verified verdict as JSON (src/server/submissions.ts `StoredVerdict`); null until verified. */
  verdict: string | null;
  verified_at: number | null;
}

export interface Database {
  cohorts: CohortTable;
  people: PersonTable;
  devices: DeviceTable;
  progress: ProgressTable;
  applied_updates: AppliedUpdateTable;
  quiz_attempts: QuizAttemptTable;
  submissions: SubmissionTable;
}
