/**
 * Runs a named scenario with extra faults and the chosen checkers. Used by
 * the engine worker and, where workers are unavailable, on the main thread.
 */
import { check, runSimulation } from '../../../engine/index.ts';
import type { CheckResult } from '../../../engine/trace/events.ts';
import { scenarios } from '../../../chapters/scenarios/index.ts';
import type { RunRequest, RunResult } from './protocol.ts';
import { commitLatencies, lagSeries } from '../model/metrics.ts';

/** Checkers run when a simulation names none: every one except the exponential linearizability search. */
export const DEFAULT_CHECKS: readonly string[] = Object.keys(check).filter((k) => k !== 'linearizable');

type CheckFn = (t: Parameters<typeof check.staleRead>[0]) => CheckResult;

export function runScenario(req: RunRequest): RunResult {
  const s = Object.prototype.hasOwnProperty.call(scenarios, req.scenario) ? scenarios[req.scenario] : undefined;
  if (!s) throw new Error(`There is no scenario named "${req.scenario}".`);
  const base = s.build(req.seed);
  const config = { ...base, seed: req.seed, faults: [...(base.faults ?? []), ...req.faults] };
  const t0 = performance.now();
  const trace = runSimulation(config);
  const t1 = performance.now();
  const names = req.checks ?? DEFAULT_CHECKS;
  const checks: CheckResult[] = [];
  for (const name of names) {
    const fn = Object.prototype.hasOwnProperty.call(check, name)
      ? (check as unknown as Record<string, CheckFn>)[name]
      : undefined;
    if (!fn) continue;
    checks.push(fn(trace));
  }
  const t2 = performance.now();
  return {
    trace,
    checks,
    info: { name: s.name, chapter: s.chapter, title: s.title, description: s.description },
    runMs: t1 - t0,
    checkMs: t2 - t1,
    lag: lagSeries(trace),
    latencies: commitLatencies(trace),
  };
}
