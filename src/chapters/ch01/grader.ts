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
 * Each seed draws its own machine — 1 to 16 workers, a mean service time
 * between 1 and 10 ms, a client timeout between 100 and 250 ms — so the time
 * one queue slot costs (service time / workers) spreads over 160x across seeds. A fixed queue
 * limit that keeps slow machines within budget starves fast ones, and one
 * that feeds fast machines drowns slow ones: only a rule that uses
 * `workers` and `serviceTime` passes (the unit tests try many constants).
 */
import { Rng, runSimulation } from '../../engine/index.ts';
import type { AdmitHook, SimulationConfig, Trace, Violation } from '../../engine/index.ts';
import type { ExerciseGrader, GraderRun } from '../grader-types.ts';
import { CHECK_SEEDS, SUBMIT_SEEDS, plural, stepAtTime, violationAt } from '../grader-support.ts';

/** Accepted requests must be answered within this many ms (client's view: send to answer). */
export const LATENCY_BUDGET_MS = 50;
/** Share of accepted requests that must meet the budget. */
export const BUDGET_SHARE = 0.99;
/** Clients give up after a time drawn per seed in this range (ms). */
export const CLIENT_TIMEOUT_RANGE_MS = [100, 250] as const;
/** Workers a drawn machine may have. */
export const WORKER_RANGE = [1, 16] as const;
/** Mean service time of a drawn machine, ms (drawn log-uniformly, so slow and fast machines are equally common). */
export const MEAN_SERVICE_RANGE_MS = [1, 10] as const;
/** Share of the node's capacity that must be answered within the budget. */
export const MIN_THROUGHPUT_SHARE = 0.7;

export const LATENCY_BUDGET = 'latency-budget';
export const FAST_REJECTION = 'fast-rejection';
export const MIN_THROUGHPUT = 'min-throughput';

/** The longest rush, ms. */
const MAX_DURATION_MS = 400;
/**
 * A fast machine's rush is cut short so that it can serve about this many
 * requests: the verdict needs a queue that builds up, not thousands of
 * requests, and the suite must stay quick.
 */
const SERVABLE_PER_RUN = 150;

/** One seed's machine and rush. */
export interface LoadSheddingMachine {
  readonly workers: number;
  /** Mean service time over reads and writes, ms. */
  readonly meanServiceMs: number;
  readonly capacityPerSecond: number;
  readonly clientTimeoutMs: number;
  readonly durationMs: number;
}

/** The scenario of one seed: the machine, the config and when to stop. */
export interface LoadSheddingScenario {
  readonly config: SimulationConfig;
  readonly machine: LoadSheddingMachine;
  readonly until: number;
  /** The rush's length, for a shrunk run's report, e.g. `the first 300 ms of the 2000 ms rush`. */
  readonly size: string;
}

/** The shortest rush a shrunk run keeps: enough for a queue to fill on the slowest machine. */
const MIN_SHRUNK_DURATION_MS = 50;

/** Consecutive seeds cycle through this many bands of slot time, slowest to fastest. */
const SLOT_BANDS = 5;

/**
 * Workers and mean service time of one seed's machine. What a queue limit
 * must adapt to is the slot time (mean service / workers: how much one more
 * request in the queue delays the rest), so that is drawn first, log-uniformly
 * within the seed's band; seeds cycle through the bands so any five
 * consecutive seeds (the quick checks) meet slow and fast machines alike.
 */
function drawMachine(seed: number, rng: Rng): { workers: number; meanServiceMs: number } {
  const [minWorkers, maxWorkers] = WORKER_RANGE;
  const [minService, maxService] = MEAN_SERVICE_RANGE_MS;
  const slowest = maxService / minWorkers;
  const fastest = minService / maxWorkers;
  const band = ((seed % SLOT_BANDS) + SLOT_BANDS) % SLOT_BANDS;
  const slotMs = slowest * (fastest / slowest) ** ((band + rng.next()) / SLOT_BANDS);
  // Every worker count that keeps the mean service time in range for this slot time.
  const fewest = Math.max(minWorkers, Math.ceil(minService / slotMs));
  const most = Math.max(fewest, Math.min(maxWorkers, Math.floor(maxService / slotMs)));
  const workers = rng.int(fewest, most);
  return { workers, meanServiceMs: slotMs * workers };
}

/**
 * The on-sale rush for one seed: the machine, the load and the config.
 * `scale` below 1 shortens the rush (same machine, same arrival rate), the
 * grader's way to shrink a failure to fewer requests.
 */
export function loadSheddingScenario(seed: number, admit?: AdmitHook, scale = 1): LoadSheddingScenario {
  const rng = new Rng(seed).fork('ch01-load-shedding');
  const { workers, meanServiceMs } = drawMachine(seed, rng);
  const capacityPerSecond = (workers * 1000) / meanServiceMs;
  const clientTimeoutMs = rng.int(CLIENT_TIMEOUT_RANGE_MS[0], CLIENT_TIMEOUT_RANGE_MS[1]);
  const fullDurationMs = Math.min(MAX_DURATION_MS, Math.round((SERVABLE_PER_RUN * 1000) / capacityPerSecond));
  const durationMs =
    scale >= 1
      ? fullDurationMs
      : Math.min(fullDurationMs, Math.max(MIN_SHRUNK_DURATION_MS, Math.round(fullDurationMs * scale)));
  const readRatio = 0.85 + rng.next() * 0.1;
  // Mean service time per request, spread over reads (r) and writes (2r).
  const r = meanServiceMs / (2 - readRatio);
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
    clients: { timeout: clientTimeoutMs },
    workload: {
      clients: 20,
      rate: capacityPerSecond * overload,
      readRatio,
      keys: ['seat:12A', 'seat:12B', 'seat:14C', 'seat:14D', 'order:1042'],
      duration: durationMs,
    },
    ...(admit ? { hooks: { admit } } : {}),
  };
  const machine = { workers, meanServiceMs, capacityPerSecond, clientTimeoutMs, durationMs };
  const size =
    durationMs === fullDurationMs
      ? `the whole ${fullDurationMs} ms rush`
      : `the first ${durationMs} ms of the ${fullDurationMs} ms rush`;
  return { config, machine, until: durationMs + clientTimeoutMs + 50, size };
}

/** Judges one on-sale trace. */
export function judgeLoadShedding(trace: Trace, machine: LoadSheddingMachine): Violation[] {
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
        `${firstTimeout.op} timed out: the client gave up after ${machine.clientTimeoutMs} ms without an answer (${plural(timeouts, 'request')} timed out in this run). ` +
          `Under overload a request should be turned away at once with 'reject', not left waiting until the client gives up.`,
      ),
    );
  }
  const servable = Math.round((machine.capacityPerSecond * machine.durationMs) / 1000);
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
        stepAtTime(trace, machine.durationMs),
        `only ${plural(withinBudget, 'request')} got an answer within the budget, but this node (${plural(machine.workers, 'worker')}, ${machine.meanServiceMs.toFixed(1)} ms per request) can serve about ${servable} in ${machine.durationMs} ms and at least ${needed} (${Math.round(
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
      description: 'No request times out: overload shows as immediate rejections, not as clients giving up.',
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
  shrinks: true,
  run(hook, seed, _fresh, scale = 1): GraderRun {
    const { config, machine, until, size } = loadSheddingScenario(seed, hook as AdmitHook, scale);
    const trace = runSimulation(config, { until });
    return { trace, violations: judgeLoadShedding(trace, machine), size };
  },
};
