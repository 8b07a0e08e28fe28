/**
 * Chapter 1 — one database, one truth: a single node with finite capacity.
 * Offered load above capacity first shows as latency (the queue grows), then
 * as timeouts; more workers (scaling up) raise the ceiling; load shedding turns
 * timeouts into fast rejections.
 */
import { Rng } from '../../engine/index.ts';
import type { AdmitHook, SimulationConfig } from '../../engine/index.ts';
import type { Scenario } from '../scenarios/types.ts';

export interface Ch1Options {
  /** Offered load in operations per second. Capacity with the defaults (70% reads of ~2 ms, writes of ~4 ms) is about 385 ops/s per worker. */
  readonly rate?: number;
  /** Workers (scale up). Default 1. */
  readonly workers?: number;
  readonly readRatio?: number;
  /** Client timeout in ms. Default 250. */
  readonly timeout?: number;
  readonly duration?: number;
  readonly admit?: AdmitHook;
}

/** One node, `workers` workers, reads ~2 ms and writes ~4 ms of service, open-loop load. */
export function singleNode(seed: number, o: Ch1Options = {}): SimulationConfig {
  return {
    seed,
    label: `single node, ${o.rate ?? 200} ops/s, ${o.workers ?? 1} worker(s)`,
    topology: { leader: 'db' },
    capacity: {
      workers: o.workers ?? 1,
      readTime: { kind: 'exponential', mean: 2 },
      writeTime: { kind: 'exponential', mean: 4 },
    },
    clients: { timeout: o.timeout ?? 250 },
    network: { clientLatency: { kind: 'uniform', min: 0.5, max: 1.5 } },
    workload: {
      rate: o.rate ?? 200,
      clients: 8,
      readRatio: o.readRatio ?? 0.7,
      keys: ['a', 'b', 'c', 'd'],
      duration: o.duration ?? 2000,
    },
    ...(o.admit ? { hooks: { admit: o.admit } } : {}),
  };
}

/** Client timeouts (ms) the `ch01-patience` scenario draws from, one per seed. */
export const PATIENCE_MS: readonly number[] = [250, 500, 1500];

/** The client timeout of the `ch01-patience` scenario for a seed. */
/** A scenario the learner watches: record each request's machine, for the simulation view's Machines panel. */
function watched(config: SimulationConfig): SimulationConfig {
  return { ...config, operationMachines: true };
}

export function patienceFor(seed: number): number {
  return new Rng(seed).fork('ch01-patience/timeout').pick(PATIENCE_MS);
}

export const ch01Scenarios: readonly Scenario[] = [
  {
    name: 'ch01-comfortable',
    chapter: 1,
    title: 'A single node under comfortable load',
    description:
      '200 ops/s against one worker (about half busy: 70% reads of ~2 ms and writes of ~4 ms make ~385 ops/s of capacity): short queues, low latency, no errors.',
    build: (seed) => watched(singleNode(seed, { rate: 200 })),
  },
  {
    name: 'ch01-overload',
    chapter: 1,
    title: 'Raising the load past capacity',
    description:
      '600 ops/s against one worker (about 1.6x its ~385 ops/s capacity): the queue grows without bound, latency climbs, then clients time out.',
    build: (seed) => watched(singleNode(seed, { rate: 600 })),
  },
  {
    name: 'ch01-patience',
    chapter: 1,
    title: 'The same overload, different client patience',
    description:
      'The overload of ch01-overload (600 ops/s against ~385 ops/s of capacity) with a client timeout chosen by the seed (250, 500 or 1500 ms): how many requests are answered before their client gives up.',
    build: (seed) => watched(singleNode(seed, { rate: 600, timeout: patienceFor(seed) })),
  },
  {
    name: 'ch01-scale-up',
    chapter: 1,
    title: 'Scaling up the same load',
    description:
      'The overload of ch01-overload against a node with 3 workers: the ceiling rises and the queue stays short.',
    build: (seed) => watched(singleNode(seed, { rate: 600, workers: 3 })),
  },
  {
    name: 'ch01-shedding',
    chapter: 1,
    title: 'Load shedding at 2x overload',
    description:
      'About 2x overload with a queue-depth admission rule: excess requests fail fast with `shed` instead of timing out.',
    build: (seed) => watched(singleNode(seed, { rate: 650, admit: (depth) => (depth >= 20 ? 'reject' : 'accept') })),
  },
];
