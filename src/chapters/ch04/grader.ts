/**
 * Chapter 4 — when may the leader acknowledge a write? The learner writes
 * `ackPolicy(state)`; Stagedoor's booking database (leader A, two or three
 * followers in the same datacenter, up to three in a far region) takes
 * bookings while exactly one node crashes: the leader on some seeds (and a
 * follower is promoted), one follower on the others. The grader judges:
 *
 * - `no-lost-ack`: every acknowledged write is still in the final leader's
 *   log (the engine's lost-acknowledged-writes checker);
 * - `latency-budget`: at least 99% of the writes a live leader took are
 *   acknowledged within the seed's budget. A write that is never
 *   acknowledged (blocked until the client gave up) counts as over budget.
 *
 * The budget comes from the drawn network: twice the slowest one-way delay
 * on a link inside the datacenter (a round trip to a nearby follower), plus
 * the client's own round trip and a little batching. Waiting for one nearby
 * follower fits; waiting for the far region, or for a follower that is down,
 * does not. Each seed draws its own datacenter link delay, spread 15x over
 * the seeds, so no fixed waiting time is both safe on slow seeds and fast
 * enough on quick ones.
 */
import { Rng, check, runSimulation } from '../../engine/index.ts';
import type {
  AckPolicyHook,
  Fault,
  LinkConfig,
  NodeId,
  SimulationConfig,
  Trace,
  Violation,
} from '../../engine/index.ts';
import type { ExerciseGrader, GraderRun } from '../grader-types.ts';
import { SUBMIT_SEEDS, plural, seedRange, violationAt } from '../grader-support.ts';

/**
 * The quick checks: five consecutive seeds covering both shapes (two and three
 * nearby followers), three leader crashes and two follower crashes (one of them
 * the first-listed follower), so each kind of mistake shows up before a submit.
 */
export const ACK_CHECK_SEEDS: readonly number[] = seedRange(8, 5);

export const NO_LOST_ACK = 'no-lost-ack';
export const LATENCY_BUDGET = 'latency-budget';

/** Share of writes that must be acknowledged within the budget. */
export const BUDGET_SHARE = 0.99;
/** Mean one-way delay inside the datacenter, drawn log-uniformly per seed (ms). */
export const NEAR_DELAY_RANGE_MS = [1, 15] as const;
/** The far region is this many times further away than the datacenter's links. */
export const FAR_FACTOR_RANGE = [4, 8] as const;
/** Link delays vary uniformly between these multiples of their mean. */
const SPREAD = [0.5, 1.5] as const;
/** The leader collects writes for this long before shipping a batch (ms). */
const BATCH_DELAY_MS = 10;
/** One-way delay between a client and the database (ms). */
const CLIENT_DELAY_MS = 1;
/** Clients give up on a write after this many ms. */
const CLIENT_TIMEOUT_MS = 600;
/** Writes stop at this time (ms); the run continues until every client has an answer. */
const DURATION_MS = 800;

const LEADER: NodeId = 'A';

/** One seed's cluster and the fault it meets. */
export interface AckCluster {
  readonly near: readonly NodeId[];
  readonly far: readonly NodeId[];
  readonly nearDelayMs: number;
  readonly farDelayMs: number;
  readonly crash: {
    readonly node: NodeId;
    readonly at: number;
    readonly role: 'leader' | 'near follower' | 'far follower';
  };
  /** p99 commit latency must stay within this (ms). */
  readonly budgetMs: number;
}

export interface AckScenario {
  readonly config: SimulationConfig;
  readonly cluster: AckCluster;
  readonly until: number;
}

function latency(mean: number): LinkConfig['latency'] {
  return { kind: 'uniform', min: mean * SPREAD[0], max: mean * SPREAD[1] };
}

/** The booking database of one seed: who is where, which node crashes when, and the budget. */
export function ackScenario(seed: number, ackPolicy?: AckPolicyHook): AckScenario {
  const rng = new Rng(seed).fork('ch04-ack-policy');
  // Consecutive seeds cycle through the shapes, so the five quick checks meet each of them.
  const shape = ((seed % 4) + 4) % 4;
  const nearCount = shape < 2 ? 2 : 3;
  const farCount = [0, 1, 2, 3][(shape + rng.int(0, 3)) % 4] ?? 1;
  const near = ['B', 'C', 'D'].slice(0, nearCount);
  const far = ['E', 'F', 'G'].slice(0, farCount);
  const [lo, hi] = NEAR_DELAY_RANGE_MS;
  const nearDelayMs = lo * (hi / lo) ** ((((seed % 5) + 5) % 5) / 5 + rng.next() / 5);
  const farDelayMs = nearDelayMs * (FAR_FACTOR_RANGE[0] + rng.next() * (FAR_FACTOR_RANGE[1] - FAR_FACTOR_RANGE[0]));
  const inDc = [LEADER, ...near];
  const links: LinkConfig[] = [];
  for (let i = 0; i < inDc.length; i++)
    for (let j = i + 1; j < inDc.length; j++)
      links.push({ from: inDc[i] as NodeId, to: inDc[j] as NodeId, latency: latency(nearDelayMs) });
  for (const f of far) {
    for (const n of inDc) links.push({ from: f, to: n, latency: latency(farDelayMs) });
    for (const g of far) if (g < f) links.push({ from: f, to: g, latency: latency(nearDelayMs) });
  }
  const at = Math.round(200 + rng.next() * 300);
  // Follower crashes cycle over the followers (nearby ones three times in four), so short runs of seeds meet each.
  const turn = Math.floor(seed / 4);
  const which = shape % 2 === 0 ? 'leader' : turn % 4 === 3 && far.length > 0 ? 'far follower' : 'near follower';
  const node =
    which === 'leader' ? LEADER : which === 'near follower' ? (near[turn % near.length] as NodeId) : rng.pick(far);
  const crash = { node, at, role: which } as const;
  // A round trip to the slowest nearby link, the client's own round trip, and the batching.
  const budgetMs = Math.ceil(2 * nearDelayMs * SPREAD[1] + 2 * CLIENT_DELAY_MS + BATCH_DELAY_MS + 3);
  const slowestOneWay = farCount > 0 ? farDelayMs * SPREAD[1] : nearDelayMs * SPREAD[1];
  const faults: Fault[] = [{ at, kind: 'crash', node }];
  const config: SimulationConfig = {
    seed,
    label: 'ch04-ack-policy',
    topology: { leader: LEADER, followers: [...near, ...far] },
    replication: { mode: 'async', batchDelay: BATCH_DELAY_MS },
    network: { latency: latency(nearDelayMs), links, clientLatency: { kind: 'constant', ms: CLIENT_DELAY_MS } },
    clients: { timeout: CLIENT_TIMEOUT_MS, retries: 3 },
    // Heartbeats must cross the far link without false alarms (chapter 6 is about those).
    // (Only when the leader is the node that crashes: with a follower down there is nothing to fail over.)
    ...(which === 'leader'
      ? { failover: { heartbeatInterval: 40, timeout: Math.max(100, Math.ceil(3 * slowestOneWay)) } }
      : {}),
    workload: {
      clients: 3,
      thinkTime: 5,
      readRatio: 0.2,
      keys: ['seat:12A', 'seat:12B', 'seat:14C'],
      duration: DURATION_MS,
    },
    faults,
    ...(ackPolicy ? { hooks: { ackPolicy } } : {}),
  };
  return {
    config,
    cluster: { near, far, nearDelayMs, farDelayMs, crash, budgetMs },
    until: DURATION_MS + 2 * CLIENT_TIMEOUT_MS,
  };
}

/**
 * Commit latency of the writes leader A took while it was up and stayed up
 * until the client would give up. Writes refused outright (`fail`: a fenced
 * leader, no leader) are no commit at all and are left out; writes that were
 * never acknowledged count as over budget. After a failover the new leader may
 * be in the far region, whose round trips are chapter 6's business, so its
 * writes are not timed.
 */
function judgeLatency(trace: Trace, cluster: AckCluster): Violation[] {
  const leaderAt = new Map<NodeId, boolean>([[LEADER, true]]);
  const crashedAt = new Map<NodeId, number>();
  for (const e of trace.events) if (e.type === 'crash' && !crashedAt.has(e.node)) crashedAt.set(e.node, e.time);
  const open = new Map<string, { time: number; step: number }>();
  const samples: { op: string; latency: number; step: number }[] = [];
  for (const e of trace.events) {
    if (e.type === 'role') leaderAt.set(e.node, e.role === 'leader' || e.role === 'single');
    else if (e.type === 'crash') leaderAt.set(e.node, false);
    else if (e.type === 'invoke' && e.kind !== 'read') {
      const crash = crashedAt.get(e.node);
      const stays = crash === undefined || crash > e.time + CLIENT_TIMEOUT_MS;
      if (e.node === LEADER && leaderAt.get(e.node) === true && stays) open.set(e.op, { time: e.time, step: e.step });
    } else if (e.type === 'fail') open.delete(e.op);
    else if (e.type === 'ack' || e.type === 'info') {
      const o = open.get(e.op);
      if (!o) continue;
      open.delete(e.op);
      samples.push({ op: e.op, latency: e.type === 'ack' ? e.time - o.time : Infinity, step: e.step });
    }
  }
  for (const [op, o] of open) samples.push({ op, latency: Infinity, step: o.step });
  const late = samples.filter((s) => s.latency > cluster.budgetMs);
  const allowed = Math.floor(samples.length * (1 - BUDGET_SHARE));
  const first = late[0];
  if (!first || late.length <= allowed) return [];
  const never = late.filter((s) => s.latency === Infinity).length;
  const firstText =
    first.latency === Infinity
      ? `the first, ${first.op}, was never acknowledged (the client gave up after ${CLIENT_TIMEOUT_MS} ms)`
      : `the first, ${first.op}, took ${first.latency.toFixed(1)} ms`;
  const neverText = never > 0 ? `; ${plural(never, 'write')} never got an answer at all` : '';
  return [
    violationAt(
      trace,
      LATENCY_BUDGET,
      first.step,
      `${late.length} of ${samples.length} writes were acknowledged later than this cluster's ${cluster.budgetMs} ms budget (at most ${allowed} may be)${neverText}; ${firstText}. ` +
        `The budget is a round trip to a follower in the datacenter (one-way delay about ${cluster.nearDelayMs.toFixed(1)} ms here): ` +
        `a policy that waits for the far region (about ${cluster.farDelayMs.toFixed(0)} ms away) or for a follower that is down cannot meet it ` +
        `(in this run the ${cluster.crash.role} ${cluster.crash.node} crashed at ${cluster.crash.at} ms).`,
    ),
  ];
}

/** Acknowledged writes missing from the final leader's log, reported as one violation at the first. */
function judgeLostAcks(trace: Trace, cluster: AckCluster): Violation[] {
  const lost = check
    .lostAcknowledgedWrites(trace, { from: 'state' })
    .violations.filter((v) => v.property === 'lost-acknowledged-writes');
  const first = lost[0];
  if (!first) return [];
  const crash = `${cluster.crash.role} ${cluster.crash.node} crashed at ${cluster.crash.at} ms`;
  return [
    violationAt(
      trace,
      NO_LOST_ACK,
      first.step,
      `${plural(lost.length, 'acknowledged write')} ${lost.length === 1 ? 'was' : 'were'} lost after ${crash}. ${first.message}`,
    ),
  ];
}

export const ackPolicy: ExerciseGrader = {
  name: 'ch04.ackPolicy',
  entry: 'ackPolicy',
  scenario: 'ch04-ack-policy',
  properties: [
    {
      name: NO_LOST_ACK,
      description: 'Every acknowledged write survives the crash of any single node (it is in the final leader’s log).',
    },
    {
      name: LATENCY_BUDGET,
      description:
        'At least 99% of the writes a live leader takes are acknowledged within the cluster’s budget (a round trip inside the datacenter).',
    },
  ],
  suites: { checks: ACK_CHECK_SEEDS, submit: SUBMIT_SEEDS },
  validate: (result) =>
    typeof result === 'boolean'
      ? undefined
      : `must return true or false, but returned ${JSON.stringify(result) ?? 'undefined'}.`,
  run(hook, seed): GraderRun {
    const { config, cluster, until } = ackScenario(seed, hook as AckPolicyHook);
    const trace = runSimulation(config, { until });
    return { trace, violations: [...judgeLostAcks(trace, cluster), ...judgeLatency(trace, cluster)] };
  },
};
