/**
 * Swarm configurations (as in TigerBeetle's VOPR): one seed draws a whole
 * single-leader configuration with failover — commit mode, network, workload
 * and a fault schedule — so the swarm tests and `scripts/engine-figures.mjs`
 * explore many shapes of run instead of a few hand-written ones.
 *
 * `singleFault` schedules hold at most one fault (one crash, optionally
 * followed by a restart, or one partition that heals): the promise of sync and
 * semi-sync commit is about surviving one failure.
 */
import { Rng, type Fault, type SimulationConfig } from '../../../src/engine/index.ts';

export type CommitMode = 'async' | 'sync' | 'semi-sync';

export interface SwarmOptions {
  readonly mode?: CommitMode;
  /** At most one fault in the schedule (default false: one to three). */
  readonly singleFault?: boolean;
  /** Allow message loss (default true). */
  readonly loss?: boolean;
  /** Cluster size (default 3). With 5, a majority can form without the most up-to-date follower. */
  readonly nodes?: 3 | 5;
}

const NAMES = ['A', 'B', 'C', 'D', 'E'] as const;

function drawFault(rng: Rng, at: number, faults: Fault[], nodes: readonly string[]): void {
  const node = rng.pick(nodes);
  if (rng.chance(0.6)) {
    faults.push({ at, kind: 'crash', node });
    if (rng.chance(0.7)) faults.push({ at: at + rng.int(150, 500), kind: 'restart', node });
  } else {
    const others = nodes.filter((n) => n !== node);
    faults.push({ at, kind: 'partition', groups: [[node], others] });
    faults.push({ at: at + rng.int(150, 500), kind: 'heal' });
  }
}

/** The configuration seed `seed` draws. */
export function swarmConfig(seed: number, options: SwarmOptions = {}): SimulationConfig {
  const rng = new Rng(seed).fork('swarm');
  const mode = options.mode ?? rng.pick(['async', 'sync', 'semi-sync'] as const);
  const faults: Fault[] = [];
  const nodes = NAMES.slice(0, options.nodes ?? 3);
  const count = options.singleFault ? 1 : rng.int(1, 3);
  let at = rng.int(150, 400);
  for (let i = 0; i < count; i++) {
    drawFault(rng, at, faults, nodes);
    at += rng.int(500, 900);
  }
  const loss = options.loss === false ? 0 : rng.pick([0, 0, 0.02, 0.05]);
  return {
    seed,
    label: `swarm ${seed} (${mode})`,
    topology: { leader: 'A', followers: nodes.slice(1) },
    replication: { mode, batchDelay: rng.pick([0, 5, 10]) },
    network: { latency: { kind: 'exponential', mean: rng.pick([3, 6, 10]), min: 1 }, loss },
    clients: { timeout: 400, retries: 2 },
    failover: { heartbeatInterval: 40, timeout: rng.pick([150, 200, 300]) },
    workload: {
      clients: rng.int(2, 4),
      thinkTime: rng.pick([5, 10, 20]),
      readRatio: 0.3,
      keys: ['a', 'b', 'c'],
      duration: at + 200,
    },
    faults,
  };
}
