/**
 * Chapter 3 — what the log carries: statement-based replication re-executes
 * NOW()/RAND() on each follower (values drift), row-based (logical) ships the
 * values themselves, physical ships storage bytes tied to a format version, and
 * the logical stream feeds change-data-capture consumers.
 */
import type { LogFormat, OnChangeHook, SimulationConfig } from '../../engine/index.ts';
import type { Scenario } from '../scenarios/types.ts';

/** Writes that call NOW() and RAND(), replicated with `format`. */
export function nondeterministic(seed: number, format: LogFormat): SimulationConfig {
  return {
    seed,
    label: `${format} replication of NOW()/RAND()`,
    topology: { leader: 'A', followers: ['B', 'C'] },
    replication: { format },
    network: { latency: { kind: 'uniform', min: 3, max: 15 } },
    clocks: { B: 40, C: -25 },
    workload: { clients: 2, thinkTime: 20, readRatio: 0.2, keys: ['updated_at', 'lucky'], exprRatio: 1, duration: 600 },
  };
}

/** A CDC consumer maintaining a derived view under at-least-once delivery. */
export function cdcSearchIndex(seed: number, onChange?: OnChangeHook): SimulationConfig {
  return {
    seed,
    label: 'CDC search index',
    topology: { leader: 'A', followers: ['B'] },
    replication: { format: 'logical' },
    workload: { clients: 2, thinkTime: 8, readRatio: 0.1, keys: ['doc1', 'doc2', 'doc3', 'doc4'], duration: 800 },
    cdc: [{ name: 'search', commitEvery: 4, crashRate: 0.08 }],
    faults: [{ at: 400, kind: 'crash-consumer', consumer: 'search' }],
    ...(onChange ? { hooks: { onChange } } : {}),
  };
}

export const ch03Scenarios: readonly Scenario[] = [
  {
    name: 'ch03-statement-now',
    chapter: 3,
    title: 'Statement-based replication drifts',
    description:
      'UPDATE ... SET v = NOW() / RAND() is re-executed on each follower: their clocks and random numbers differ, so replicas diverge.',
    build: (seed) => nondeterministic(seed, 'statement'),
  },
  {
    name: 'ch03-row-now',
    chapter: 3,
    title: 'Row-based replication does not',
    description:
      'The same writes shipped as row images (before/after): followers store the leader’s values and stay identical.',
    build: (seed) => nondeterministic(seed, 'logical'),
  },
  {
    name: 'ch03-physical-upgrade',
    chapter: 3,
    title: 'Physical replication across a storage upgrade',
    description:
      'WAL bytes are tied to the storage format. Follower C is upgraded to v2 at 400 ms: it rejects v1 pages and stops replicating while B carries on.',
    build: (seed) => ({
      seed,
      label: 'ch03-physical-upgrade',
      topology: { leader: 'A', followers: ['B', 'C'] },
      replication: { format: 'physical' },
      workload: { clients: 2, thinkTime: 10, readRatio: 0.2, keys: ['a', 'b', 'c'], duration: 1000 },
      faults: [{ at: 400, kind: 'upgrade', node: 'C', version: 2 }],
    }),
  },
  {
    name: 'ch03-cdc-search-index',
    chapter: 3,
    title: 'A search index fed by change data capture',
    description:
      'A consumer reads the logical change stream into a search index. It commits its offset every 4 changes and crashes now and then, so some changes arrive twice (redelivery).',
    build: (seed) => cdcSearchIndex(seed),
  },
];
