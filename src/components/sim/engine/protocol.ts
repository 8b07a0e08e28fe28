/**
 * The simulation view's messages to the engine worker, as the view names
 * them. They are part of the workbook's one worker protocol
 * (src/runner/protocol.ts: `simulate`, `check-trace`, `simulation-result`),
 * served and driven by the shared worker host; this file only gives the
 * request bodies and the run their view-side names.
 */
import type { CheckTraceRequest, SimulateRequest, SimulationRun } from '../../../runner/protocol.ts';
import type { Fault } from '../model/faults.ts';

export type { ScenarioInfo } from '../../../runner/protocol.ts';

/** A registry run: scenario, seed and the faults the learner injected (a view-side `Fault`). */
export interface RunRequest extends Omit<SimulateRequest, 'v' | 'id' | 'type' | 'faults'> {
  readonly faults: readonly Fault[];
}

/** A registry run as the engine worker takes it (any engine fault; the worker's config checks them). */
export type EngineRunRequest = Omit<SimulateRequest, 'v' | 'id' | 'type'>;

/** Judge a finished trace (already validated by the view, model/exercise-run.ts) with the checkers. */
export type TraceCheckRequest = Omit<CheckTraceRequest, 'v' | 'id' | 'type'>;

/** A computed run: trace, checker results, chart series and timings. */
export type RunResult = SimulationRun;
