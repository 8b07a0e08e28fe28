/**
 * Chapter 8 — no leader: n replicas, write quorum w, read quorum r, versions,
 * read repair, anti-entropy, sloppy quorums with hinted handoff, and the
 * cases where w + r > n still returns old data (a sloppy quorum, a partial
 * write, a replica that lost its data, concurrent writes).
 */
import type { Fault, QuorumConfig, ReconcileHook, SimulationConfig } from '../../engine/index.ts';
import type { Scenario } from '../scenarios/types.ts';

export interface Ch8Options extends QuorumConfig {
  /** Replica names. Default A, B, C. */
  readonly replicas?: readonly string[];
  readonly faults?: readonly Fault[];
  readonly reconcile?: ReconcileHook;
  readonly clients?: number;
  readonly readRatio?: number;
  readonly duration?: number;
  /** The node each client talks to, in turn (default: every node in turn). */
  readonly nodes?: readonly string[];
}

/** Quorum reads and writes over replicas with a long-tailed network; clients spread over the replicas. */
export function quorumStore(seed: number, opts: Ch8Options = {}): SimulationConfig {
  const {
    replicas = ['A', 'B', 'C'],
    faults,
    reconcile,
    clients = 3,
    readRatio = 0.6,
    duration = 1500,
    nodes,
    ...quorum
  } = opts;
  const n = replicas.length;
  const w = quorum.w ?? Math.floor(n / 2) + 1;
  const r = quorum.r ?? Math.floor(n / 2) + 1;
  return {
    seed,
    label: `leaderless n=${n} w=${w} r=${r}`,
    topology: { replicas },
    network: { latency: { kind: 'exponential', mean: 8, min: 1 } },
    clients: { timeout: 500 },
    quorum,
    workload: {
      clients,
      thinkTime: { kind: 'uniform', min: 5, max: 20 },
      readRatio,
      keys: ['x', 'y'],
      duration,
      ...(nodes ? { nodes } : {}),
    },
    ...(faults ? { faults } : {}),
    ...(reconcile ? { hooks: { reconcile } } : {}),
  };
}

export const ch08Scenarios: readonly Scenario[] = [
  {
    name: 'ch08-quorum',
    chapter: 8,
    title: 'Quorum reads and writes: n = 3, w = 2, r = 2',
    description:
      'Every write goes to all three replicas and succeeds once two have stored it; every read asks all three and returns the newest of the first two answers. Because 2 + 2 > 3, each read overlaps the last write. C crashes for a while: quorums still form, and no read returns data older than the last acknowledged write.',
    build: (seed) =>
      quorumStore(seed, {
        w: 2,
        r: 2,
        faults: [
          { at: 500, kind: 'crash', node: 'C' },
          { at: 900, kind: 'restart', node: 'C' },
        ],
      }),
  },
  {
    name: 'ch08-weak-quorum',
    chapter: 8,
    title: 'w + r <= n: fast, and stale',
    description:
      'n = 3, w = 1, r = 1. Writes and reads finish as soon as the coordinating replica answers, but a read can land on a replica the last write has not reached yet: stale reads. Compare latency and stale-read rate with ch08-quorum.',
    build: (seed) => quorumStore(seed, { w: 1, r: 1 }),
  },
  {
    name: 'ch08-read-repair',
    chapter: 8,
    title: 'Read repair brings a stale replica up to date',
    description:
      'C is cut off from 300 to 800 ms and misses writes. After the heal, reads that get an old version from C write the newest version back to it (repair events via read-repair). Keys nobody reads stay stale — read repair only fixes what is read.',
    build: (seed) =>
      quorumStore(seed, {
        w: 2,
        r: 2,
        readRepair: true,
        faults: [
          { at: 300, kind: 'partition', groups: [['A', 'B'], ['C']] },
          { at: 800, kind: 'heal' },
        ],
      }),
  },
  {
    name: 'ch08-anti-entropy',
    chapter: 8,
    title: 'Anti-entropy converges replicas without reads',
    description:
      'Same cut of C, no read repair; instead every 150 ms each replica compares its keys with the next replica and both keep the newer versions (repair events via anti-entropy). After the heal all replicas converge, read or not.',
    build: (seed) =>
      quorumStore(seed, {
        w: 2,
        r: 2,
        antiEntropyInterval: 150,
        faults: [
          { at: 300, kind: 'partition', groups: [['A', 'B'], ['C']] },
          { at: 800, kind: 'heal' },
        ],
      }),
  },
  {
    name: 'ch08-sloppy-quorum',
    chapter: 8,
    title: 'Sloppy quorum and hinted handoff',
    description:
      'Replicas A, B, C with stand-ins D and E; clients talk to A, D, E and B. From 400 to 1100 ms A, D and E are cut off from B and C (and the B–C link is slow). Writes coordinated on the A side cannot reach B and C, so D and E keep them as hints and the writes succeed with w = 2 — but reads coordinated by B ask only B and C and can return old data, though w + r > n. The clients stop at 1000 ms; after the heal the stand-ins hand their hints to B and C (repair events via hinted-handoff), and slow anti-entropy (every 400 ms) fixes whatever no hint covered. Judge divergence on A, B and C: stand-ins hold hints, not data.',
    build: (seed) =>
      quorumStore(seed, {
        w: 2,
        r: 2,
        sloppy: true,
        standbys: ['D', 'E'],
        hintAfter: 20,
        antiEntropyInterval: 400,
        clients: 4,
        readRatio: 0.5,
        nodes: ['A', 'D', 'E', 'B'],
        duration: 1000,
        faults: [
          {
            at: 400,
            kind: 'partition',
            groups: [
              ['A', 'D', 'E'],
              ['B', 'C'],
            ],
          },
          { at: 400, kind: 'slow', from: 'B', to: 'C', factor: 10 },
          { at: 1100, kind: 'heal' },
          { at: 1100, kind: 'slow', from: 'B', to: 'C', factor: 1 },
        ],
      }),
  },
  {
    name: 'ch08-partial-write',
    chapter: 8,
    title: 'A failed write that was not undone',
    description:
      'A is cut off from B and C between 400 and 800 ms; two of the four clients talk to A. Writes coordinated by A are stored on A only; w = 2 is never reached and the client is told the write timed out. Nothing rolls A back: after the heal anti-entropy spreads A’s values wherever they are still the newest, and a later read can return a write its client was told had failed.',
    build: (seed) =>
      quorumStore(seed, {
        w: 2,
        r: 2,
        antiEntropyInterval: 200,
        requestTimeout: 150,
        clients: 4,
        readRatio: 0.4,
        nodes: ['A', 'A', 'B', 'C'],
        faults: [
          { at: 400, kind: 'partition', groups: [['A'], ['B', 'C']] },
          { at: 800, kind: 'heal' },
        ],
      }),
  },
  {
    name: 'ch08-lost-replica',
    chapter: 8,
    title: 'A replica that lost its data',
    description:
      'C is cut off from 300 ms and misses writes that A and B acknowledge. At 700 ms B crashes and comes back with an empty disk; at 800 ms the network heals. A read quorum of B and C now holds nothing newer than C’s old data, so reads return values older than acknowledged writes although w + r > n.',
    build: (seed) =>
      quorumStore(seed, {
        w: 2,
        r: 2,
        wipeOnCrash: true,
        faults: [
          { at: 300, kind: 'partition', groups: [['A', 'B'], ['C']] },
          { at: 700, kind: 'crash', node: 'B' },
          { at: 750, kind: 'restart', node: 'B' },
          { at: 800, kind: 'heal' },
        ],
      }),
  },
];
