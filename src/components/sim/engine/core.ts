/**
 * Runs a named scenario with extra faults and the chosen checkers, or judges
 * a finished trace with them (`checkTrace`). Used by the engine worker and,
 * where workers are unavailable, on the main thread.
 */
import { applicableChecks, check, runSimulation } from '../../../engine/index.ts';
import type { CheckResult, Trace } from '../../../engine/trace/events.ts';
import { scenarios } from '../../../chapters/scenarios/index.ts';
import type { EngineRunRequest, RunResult, ScenarioInfo, TraceCheckRequest } from './protocol.ts';
import { commitLatencies, lagSeries } from '../model/metrics.ts';

/** Checkers run when a simulation names none: every one except the exponential linearizability search. */
export const DEFAULT_CHECKS: readonly string[] = Object.keys(check).filter((k) => k !== 'linearizable');

/** The default checkers for a trace: those that mean something for the shape that ran. */
export function defaultChecks(trace: Trace): readonly string[] {
  return applicableChecks(trace.shape, DEFAULT_CHECKS);
}

type CheckFn = (t: Parameters<typeof check.staleRead>[0]) => CheckResult;

function judge(trace: Trace, names: readonly string[] = DEFAULT_CHECKS): CheckResult[] {
  const checks: CheckResult[] = [];
  for (const name of names) {
    const fn = Object.prototype.hasOwnProperty.call(check, name)
      ? (check as unknown as Record<string, CheckFn>)[name]
      : undefined;
    if (!fn) continue;
    checks.push(fn(trace));
  }
  return checks;
}

function result(trace: Trace, info: ScenarioInfo, checks: CheckResult[], runMs: number, checkMs: number): RunResult {
  return { trace, checks, info, runMs, checkMs, lag: lagSeries(trace), latencies: commitLatencies(trace) };
}

export function runScenario(req: EngineRunRequest): RunResult {
  const s = Object.prototype.hasOwnProperty.call(scenarios, req.scenario) ? scenarios[req.scenario] : undefined;
  if (!s) throw new Error(`There is no scenario named "${req.scenario}".`);
  const base = s.build(req.seed);
  const config = { ...base, seed: req.seed, faults: [...(base.faults ?? []), ...req.faults] };
  const t0 = performance.now();
  const trace = runSimulation(config);
  const t1 = performance.now();
  const checks = judge(trace, req.checks ?? defaultChecks(trace));
  const t2 = performance.now();
  return result(
    trace,
    { name: s.name, chapter: s.chapter, title: s.title, description: s.description },
    checks,
    t1 - t0,
    t2 - t1,
  );
}

/** Judges a finished trace (an exercise run): nothing is simulated, only checked and measured. */
export function checkTrace(req: TraceCheckRequest): RunResult {
  const t0 = performance.now();
  const checks = judge(req.trace, req.checks ?? defaultChecks(req.trace));
  return result(req.trace, req.info, checks, 0, performance.now() - t0);
}
