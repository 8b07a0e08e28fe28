/**
 * Validation of `workbook:open-run` requests (loaded by open-run.ts only when
 * such an event fires). The detail is untrusted data from another island.
 */
import type { Trace, Violation } from '../../engine/trace/events.ts';
import { isScenarioName, isSeed, serialiseRun, LIMITS } from './model/hash.ts';

/** A registry run: the scenario is re-run from its seed (replay links, the quiz's "Run this scenario"). */
export interface OpenRunDetail {
  /** Scenario registry name. */
  readonly scenario: string;
  /** Seed of the run (0..4294967295). */
  readonly seed: number;
  /** Trace step (event index, as in a checker's Violation) to show; the view opens just after it. */
  readonly step?: number;
}

/**
 * A ready-made run (an exercise seed rebuilt with the learner's code by the
 * code runner): shown as is, never re-run. Validated by model/exercise-run.ts.
 */
export interface OpenTraceDetail {
  readonly trace: Trace;
  /** Trace step (event index) to show; the view opens just after it. */
  readonly step?: number;
  readonly title?: string;
  /** Whose run it is, when not the reader's own (the instructor's replay of a learner's submission). */
  readonly whose?: string;
  /** The grader failure being replayed, shown prominently. */
  readonly failure?: {
    readonly property: string;
    readonly message: string;
    readonly seed: number;
    readonly step: number;
  };
  /** What the grader found in this run (violation markers). */
  readonly violations?: readonly Violation[];
  /** Properties the grader judges (those that held are listed as passed). */
  readonly properties?: readonly string[];
  readonly note?: string;
}

/** The replay-link string for an open-run detail, or null when the detail is not valid. */
export function detailToHash(detail: unknown): { scenario: string; hash: string } | null {
  if (typeof detail !== 'object' || detail === null) return null;
  const d = detail as Record<string, unknown>;
  if (!isScenarioName(d.scenario) || !isSeed(d.seed)) return null;
  let cursor = 0;
  if (d.step !== undefined) {
    if (typeof d.step !== 'number' || !Number.isInteger(d.step) || d.step < 0 || d.step >= LIMITS.step) return null;
    cursor = d.step + 1;
  }
  return { scenario: d.scenario, hash: serialiseRun({ scenario: d.scenario, seed: d.seed, step: cursor, faults: [] }) };
}
