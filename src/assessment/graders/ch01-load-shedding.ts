/**
 * Chapter 1 — load shedding. The learner writes `admit(queueDepth, request)`;
 * Stagedoor's single `db` node gets twice the load it can serve (on-sale day)
 * and the grader judges what the clients saw:
 *
 * - `latency-budget`: at least 99% of accepted requests are answered within 50 ms;
 * - `fast-rejection`: no request times out (overload shows as quick `shed`
 *   failures, not as clients giving up);
 * - `min-throughput`: the node still answers, within the budget, at least 70%
 *   of what it can serve (rejecting everything is not load shedding).
 *
 * Each seed draws its own machine (1–3 workers, service times) so a fixed
 * queue limit tuned to one machine does not pass by luck.
 */
import { Rng, runSimulation } from '../../engine/index.ts';
import type { AdmitHook, SimulationConfig, Trace, Violation } from '../../engine/index.ts';
import type { ExerciseGrader, GraderRun } from '../grading/types.ts';
import { CHECK_SEEDS, SUBMIT_SEEDS, plural, stepAtTime, violationAt } from './support.ts';

/** Accepted requests must be answered within this many ms (client's view: send to answer). */
export const LATENCY_BUDGET_MS = 50;
/** Share of accepted requests that must meet the budget. */
export const BUDGET_SHARE = 0.99;
/** Clients give up after this long. */
export const CLIENT_TIMEOUT_MS = 150;
/** Share of the node's capacity that must be answered within the budget. */
export const MIN_THROUGHPUT_SHARE = 0.7;

export const LATENCY_BUDGET = 'latency-budget';
export const FAST_REJECTION = 'fast-rejection';
export const MIN_THROUGHPUT = 'min-throughput';

const DURATION_MS = 400;

/** The on-sale rush for one seed: the machine, the load and the config. */
export function loadSheddingScenario(
  seed: number,
  admit?: AdmitHook,
): { config: SimulationConfig; capacityPerSecond: number; until: number } {
  const rng = new Rng(seed).fork('ch01-load-shedding');
  const workers = rng.int(1, 3);
  const capacityPerSecond = rng.int(200, 320);
  const readRatio = 0.85 + rng.next() * 0.1;
  // Mean service time per request, spread over reads (r) and writes (2r).
  const meanService = (workers * 1000) / capacityPerSecond;
  const r = meanService / (2 - readRatio);
  const overload = 2 + rng.next() * 0.3;
  const config: SimulationConfig = {
    seed,
    label: 'ch01-load-shedding',
    topology: { leader: 'db' },
    capacity: {
      workers,
      readTime: { kind: 'uniform', min: r * 0.5, max: r * 1.5 },
      writeTime: { kind: 'uniform', min: r, max: r * 3 },
    },
    clients: { timeout: CLIENT_TIMEOUT_MS },
    workload: {
      clients: 20,
      rate: capacityPerSecond * overload,
      readRatio,
      keys: ['seat:12A', 'seat:12B', 'seat:14C', 'seat:14D', 'order:1042'],
      duration: DURATION_MS,
    },
    ...(admit ? { hooks: { admit } } : {}),
  };
  return { config, capacityPerSecond, until: DURATION_MS + CLIENT_TIMEOUT_MS + 50 };
}

/** Judges one on-sale trace. */
export function judgeLoadShedding(trace: Trace, capacityPerSecond: number): Violation[] {
  const invoked = new Map<string, number>();
  const violations: Violation[] = [];
  let accepted = 0;
  let withinBudget = 0;
  const slow: { op: string; latency: number; step: number }[] = [];
  let timeouts = 0;
  let firstTimeout: { op: string; step: number } | undefined;
  for (const e of trace.events) {
    if (e.type === 'invoke') invoked.set(e.op, e.time);
    else if (e.type === 'ack') {
      accepted++;
      const latency = e.time - (invoked.get(e.op) ?? e.time);
      if (latency <= LATENCY_BUDGET_MS) withinBudget++;
      else slow.push({ op: e.op, latency, step: e.step });
    } else if (e.type === 'info') {
      accepted++;
      timeouts++;
      firstTimeout ??= { op: e.op, step: e.step };
    }
  }
  const allowed = Math.floor(accepted * (1 - BUDGET_SHARE));
  const first = slow[0];
  if (first && slow.length > allowed) {
    violations.push(
      violationAt(
        trace,
        LATENCY_BUDGET,
        first.step,
        `${slow.length} of ${accepted} accepted requests took longer than the ${LATENCY_BUDGET_MS} ms budget (at most ${allowed} may); ` +
          `the first, ${first.op}, was answered after ${first.latency.toFixed(1)} ms. Accepting a request the queue cannot serve in time only makes it late.`,
      ),
    );
  }
  if (firstTimeout) {
    violations.push(
      violationAt(
        trace,
        FAST_REJECTION,
        firstTimeout.step,
        `${firstTimeout.op} timed out: the client gave up after ${CLIENT_TIMEOUT_MS} ms without an answer (${plural(timeouts, 'request')} timed out in this run). ` +
          `Under overload a request should be turned away at once with 'reject', not left waiting until the client gives up.`,
      ),
    );
  }
  const servable = Math.round((capacityPerSecond * DURATION_MS) / 1000);
  const needed = Math.ceil(servable * MIN_THROUGHPUT_SHARE);
  if (withinBudget < needed) {
    const why =
      accepted - withinBudget > withinBudget
        ? 'most accepted requests were answered late or not at all, so the work the node did was wasted'
        : 'the function rejects work the node had room for';
    violations.push(
      violationAt(
        trace,
        MIN_THROUGHPUT,
        stepAtTime(trace, DURATION_MS),
        `only ${plural(withinBudget, 'request')} got an answer within the budget, but this node can serve about ${servable} in ${DURATION_MS} ms and at least ${needed} (${Math.round(
          MIN_THROUGHPUT_SHARE * 100,
        )}%) must be served: ${why}.`,
      ),
    );
  }
  return violations;
}

export const loadShedding: ExerciseGrader = {
  name: 'ch01.loadShedding',
  entry: 'admit',
  scenario: 'ch01-load-shedding',
  properties: [
    {
      name: LATENCY_BUDGET,
      description: `At least ${BUDGET_SHARE * 100}% of accepted requests are answered within ${LATENCY_BUDGET_MS} ms.`,
    },
    {
      name: FAST_REJECTION,
      description: `No request times out: overload shows as immediate rejections, not ${CLIENT_TIMEOUT_MS} ms timeouts.`,
    },
    {
      name: MIN_THROUGHPUT,
      description: `At least ${MIN_THROUGHPUT_SHARE * 100}% of the node's capacity is still served within the budget.`,
    },
  ],
  suites: { checks: CHECK_SEEDS, submit: SUBMIT_SEEDS },
  validate: (result) =>
    result === 'accept' || result === 'reject'
      ? undefined
      : `must return 'accept' or 'reject', but returned ${JSON.stringify(result) ?? 'undefined'}.`,
  run(hook, seed): GraderRun {
    const { config, capacityPerSecond, until } = loadSheddingScenario(seed, hook as AdmitHook);
    const trace = runSimulation(config, { until });
    return { trace, violations: judgeLoadShedding(trace, capacityPerSecond) };
  },
};
