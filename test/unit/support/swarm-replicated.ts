/**
 * Swarm configurations for the shapes without a single leader (chapters 7 and
 * 8): one seed draws a whole multi-leader or leaderless configuration —
 * cluster size, conflict handling or quorum sizes, sloppy quorums, read
 * repair, anti-entropy, latency, loss, clock skew and a fault schedule of
 * crashes with restarts and partitions that heal — so the swarm tests explore
 * many shapes of run instead of the chapters' few hand-written ones.
 *
 * Every schedule ends healed, with every node up, before the workload stops:
 * `runWithFinalReads` then lets replication settle and reads every key at
 * every node, so oracles and checkers judge the state the system converged to.
 */
import {
  createSimulation,
  Rng,
  type Fault,
  type NodeId,
  type SimulationConfig,
  type Trace,
} from '../../../src/engine/index.ts';

export type MlConflict = 'lww' | 'version-vector';

/** What the seed drew, in plain words, printed with every failure. */
export interface SwarmFacts {
  readonly shape: 'multi' | 'leaderless';
  readonly nodes: readonly NodeId[];
  /** Any clock offset at all (configured or a `skew` fault). */
  readonly skew: boolean;
  /** Probability that a message is lost. */
  readonly loss: number;
  readonly conflict?: MlConflict;
  readonly n?: number;
  readonly w?: number;
  readonly r?: number;
  readonly sloppy?: boolean;
  readonly readRepair?: boolean;
  readonly antiEntropy?: number;
  readonly wipeOnCrash?: boolean;
  readonly faults: number;
}

export interface SwarmCase {
  readonly seed: number;
  readonly config: SimulationConfig;
  readonly facts: SwarmFacts;
}

export const SWARM_KEYS = ['a', 'b'] as const;
const NAMES = ['A', 'B', 'C', 'D', 'E'] as const;
/** When the last fault must be over: the workload runs a while longer on a healed, whole cluster. */
const QUIET_FROM = 900;
const DURATION = 1100;

/** Crashes (each with its restart) and partitions (each healed), all over by `QUIET_FROM`. */
function drawFaults(rng: Rng, nodes: readonly NodeId[], faults: Fault[]): number {
  const count = rng.int(0, 3);
  let at = rng.int(80, 250);
  for (let i = 0; i < count && at < QUIET_FROM - 100; i++) {
    const node = rng.pick(nodes);
    const end = Math.min(QUIET_FROM, at + rng.int(80, 350));
    if (rng.chance(0.5)) {
      faults.push({ at, kind: 'crash', node });
      faults.push({ at: end, kind: 'restart', node });
    } else {
      const others = nodes.filter((n) => n !== node);
      faults.push({ at, kind: 'partition', groups: [[node], others] });
      faults.push({ at: end, kind: 'heal' });
    }
    at = end + rng.int(20, 200);
  }
  return count;
}

function drawNetwork(rng: Rng): { latency: { kind: 'exponential'; mean: number; min: number }; loss: number } {
  return {
    latency: { kind: 'exponential', mean: rng.pick([2, 5, 10]), min: 1 },
    loss: rng.pick([0, 0, 0.02, 0.05]),
  };
}

/** Clock offsets: none on most seeds, else one node runs ahead or behind. */
function drawClocks(rng: Rng, nodes: readonly NodeId[]): Record<NodeId, number> | undefined {
  if (!rng.chance(0.3)) return undefined;
  return { [rng.pick(nodes)]: rng.pick([-40, -15, 15, 40]) };
}

/** A multi-leader configuration (chapter 7), with register writes under `lww` or `version-vector`. */
export function multiLeaderCase(seed: number, options: { readonly conflict?: MlConflict } = {}): SwarmCase {
  const rng = new Rng(seed).fork('swarm-multi');
  const nodes = NAMES.slice(0, rng.int(2, 3));
  // Drawn even when the caller fixes it, so options never shift the draws that follow.
  const drawnConflict = rng.pick(['lww', 'version-vector'] as const);
  const conflict = options.conflict ?? drawnConflict;
  const faults: Fault[] = [];
  const count = drawFaults(rng, nodes, faults);
  const clocks = drawClocks(rng, nodes);
  const network = drawNetwork(rng);
  const config: SimulationConfig = {
    seed,
    label: `swarm-multi ${seed} (${conflict})`,
    topology: { leaders: nodes },
    multiLeader: { conflict, syncInterval: rng.pick([0, 0, 5, 20]) },
    network,
    ...(clocks ? { clocks } : {}),
    workload: {
      clients: rng.int(2, 4),
      thinkTime: rng.pick([5, 10, 20]),
      readRatio: 0.3,
      keys: [...SWARM_KEYS],
      duration: DURATION,
    },
    faults,
  };
  return {
    seed,
    config,
    facts: { shape: 'multi', nodes, skew: clocks !== undefined, loss: network.loss, conflict, faults: count },
  };
}

/** A leaderless configuration (chapter 8): n home replicas, w and r, optional sloppy quorums with one stand-in. */
export function leaderlessCase(
  seed: number,
  options: { readonly strict?: boolean; readonly skew?: boolean } = {},
): SwarmCase {
  const rng = new Rng(seed).fork('swarm-leaderless');
  const n = rng.pick([3, 3, 5]);
  const nodes = NAMES.slice(0, n);
  let w = rng.int(1, n);
  let r = rng.int(1, n);
  if (options.strict === true && w + r <= n) {
    // Raise the smaller quorum until the two must overlap.
    if (w <= r) w = n + 1 - r;
    else r = n + 1 - w;
  }
  // Drawn even when `strict` overrides them, so options never shift the draws that follow.
  const drawnSloppy = rng.chance(0.3);
  const readRepair = rng.chance(0.5);
  const antiEntropy = rng.pick([0, 50, 100]);
  const drawnWipe = rng.chance(0.15);
  const sloppy = options.strict === true ? false : drawnSloppy;
  const wipeOnCrash = options.strict === true ? false : drawnWipe;
  const faults: Fault[] = [];
  const count = drawFaults(rng, nodes, faults);
  const drawnClocks = drawClocks(rng, nodes);
  const clocks = options.skew === false ? undefined : drawnClocks;
  const standbys = sloppy ? ['S'] : [];
  const network = drawNetwork(rng);
  const config: SimulationConfig = {
    seed,
    label: `swarm-leaderless ${seed} (n=${n} w=${w} r=${r}${sloppy ? ' sloppy' : ''})`,
    topology: { replicas: nodes },
    quorum: {
      w,
      r,
      readRepair,
      antiEntropyInterval: antiEntropy,
      sloppy,
      ...(sloppy ? { standbys } : {}),
      wipeOnCrash,
    },
    network,
    ...(clocks ? { clocks } : {}),
    workload: {
      clients: rng.int(2, 4),
      thinkTime: rng.pick([5, 10, 20]),
      readRatio: 0.4,
      keys: [...SWARM_KEYS],
      duration: DURATION,
      nodes,
    },
    faults,
  };
  return {
    seed,
    config,
    facts: {
      shape: 'leaderless',
      nodes,
      skew: clocks !== undefined,
      loss: network.loss,
      n,
      w,
      r,
      sloppy,
      readRepair,
      antiEntropy,
      wipeOnCrash,
      faults: count,
    },
  };
}

/** Settle time after the workload before the final reads (retransmits, anti-entropy rounds, hand-offs). */
const SETTLE = 800;

/**
 * Runs the case, lets it settle, then reads every key at every node (one
 * client per node and key, `final-<node>-<key>`) and lets those reads finish.
 */
export function runWithFinalReads(c: SwarmCase): Trace {
  const sim = createSimulation(c.config);
  sim.runUntil(DURATION + SETTLE);
  for (const node of c.facts.nodes)
    for (const key of SWARM_KEYS) sim.read(key, { client: `final-${node}-${key}`, to: node });
  sim.runFor(600);
  return sim.trace();
}

/** The case in one line for failure messages: seed, what was drawn, and the config to replay it. */
export function describeCase(c: SwarmCase): string {
  return `seed ${c.seed}: ${JSON.stringify(c.facts)}\nconfig: ${JSON.stringify(c.config)}`;
}
