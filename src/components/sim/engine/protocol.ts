/**
 * Messages between the simulation view and the engine worker. Plain data
 * only: the worker builds the run from the scenario registry, so nothing
 * executable ever crosses (a replay link can only name a scenario, a seed and
 * faults). A `check-trace` request brings a finished trace instead (an
 * exercise run rebuilt by the code runner); the worker only judges it.
 */
import type { CheckResult, Trace } from '../../../engine/trace/events.ts';
import type { Fault } from '../model/faults.ts';
import type { LagSeries, LatencySample } from '../model/metrics.ts';

export interface RunRequest {
  readonly scenario: string;
  readonly seed: number;
  /** Faults injected by the learner, added to the scenario's own. */
  readonly faults: readonly Fault[];
  /** Checker names (keys of the engine's `check`); default: all but `linearizable`. */
  readonly checks?: readonly string[];
}

export interface ScenarioInfo {
  readonly name: string;
  readonly chapter: number;
  readonly title: string;
  readonly description: string;
}

export interface RunResult {
  readonly trace: Trace;
  readonly checks: readonly CheckResult[];
  readonly info: ScenarioInfo;
  /** Time the engine took to run the scenario, ms. */
  readonly runMs: number;
  /** Time the checkers took, ms. */
  readonly checkMs: number;
  /** Chart series, computed next to the engine so the page does not have to. */
  readonly lag: readonly LagSeries[];
  readonly latencies: readonly LatencySample[];
}

/** Judge a finished trace (already validated by the view, model/exercise-run.ts) with the checkers. */
export interface TraceCheckRequest {
  readonly trace: Trace;
  /** What the view shows as the run's title and description. */
  readonly info: ScenarioInfo;
  /** Checker names (keys of the engine's `check`); default: all but `linearizable`. */
  readonly checks?: readonly string[];
}

export type WorkerRequest =
  | { readonly id: number; readonly type: 'run'; readonly req: RunRequest }
  | { readonly id: number; readonly type: 'check-trace'; readonly req: TraceCheckRequest };

export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly result: RunResult }
  | { readonly id: number; readonly ok: false; readonly error: string };
