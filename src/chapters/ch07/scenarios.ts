/**
 * Chapter 7 — many leaders: a leader per region, each accepting local writes
 * and replicating asynchronously to the others over wide-area links.
 * Concurrent writes to one key conflict; the scenarios show last-write-wins
 * discarding an acknowledged write when a clock is skewed, version vectors
 * keeping siblings, a learner's `merge`, CRDT counters and sets that lose
 * nothing, and a device that works offline and syncs when it reconnects.
 */
import type { MergeHook, MultiLeaderConfig, NetworkConfig, SimulationConfig, Value } from '../../engine/index.ts';
import type { Scenario } from '../scenarios/types.ts';

const LEADERS = ['eu-1', 'us-1', 'ap-1'] as const;

/** One leader per region; ~50 ms eu-us, ~110 ms eu-ap, ~85 ms us-ap. */
export const threeRegions: NetworkConfig = {
  regions: {
    nodes: { 'eu-1': 'eu', 'us-1': 'us', 'ap-1': 'ap', phone: 'eu' },
    latency: {
      eu: { kind: 'uniform', min: 1, max: 3 },
      'eu-us': { kind: 'uniform', min: 40, max: 60 },
      'eu-ap': { kind: 'uniform', min: 90, max: 130 },
      'us-ap': { kind: 'uniform', min: 70, max: 100 },
    },
  },
};

export interface Ch7Options {
  readonly conflict?: MultiLeaderConfig['conflict'];
  /** Clock offset of us-1 in ms (negative = behind). Default -150. */
  readonly skew?: number;
  readonly merge?: MergeHook;
}

/**
 * Three regional leaders, one client per region writing the same key; us-1's
 * clock runs `skew` ms behind. With `lww` a write from us-1 made shortly after
 * a write elsewhere carries an older timestamp and is discarded everywhere,
 * though its client was told it succeeded.
 */
export function concurrentWriters(seed: number, opts: Ch7Options = {}): SimulationConfig {
  const conflict = opts.conflict ?? 'lww';
  return {
    seed,
    label: `three leaders, ${conflict}`,
    topology: { leaders: [...LEADERS] },
    network: threeRegions,
    clocks: { 'us-1': opts.skew ?? -150 },
    multiLeader: { conflict },
    workload: {
      clients: 3,
      thinkTime: { kind: 'uniform', min: 10, max: 40 },
      readRatio: 0.4,
      keys: ['x'],
      duration: 1500,
    },
    ...(opts.merge ? { hooks: { merge: opts.merge } } : {}),
  };
}

/** Increments of one counter from every region, as a PN-counter CRDT (`counter`) or as a last-write-wins number (`lww`). */
export function regionalCounter(seed: number, conflict: 'counter' | 'lww' = 'counter'): SimulationConfig {
  return {
    seed,
    label: `likes counter, ${conflict}`,
    topology: { leaders: [...LEADERS] },
    network: threeRegions,
    clocks: { 'us-1': -150 },
    multiLeader: { conflict },
    workload: {
      clients: 3,
      thinkTime: { kind: 'uniform', min: 5, max: 30 },
      readRatio: 0.3,
      keys: ['likes'],
      duration: 1500,
      writeKind: 'increment',
    },
    faults: [
      { at: 500, kind: 'partition', groups: [['eu-1', 'us-1'], ['ap-1']] },
      { at: 900, kind: 'heal' },
    ],
  };
}

/**
 * A phone is a leader too (its local database): it keeps accepting additions
 * to a shared list while offline, and syncs when it reconnects.
 */
export function offlineDevice(seed: number, conflict: 'set' | 'lww' = 'set'): SimulationConfig {
  return {
    seed,
    label: `offline device, ${conflict}`,
    topology: { leaders: ['eu-1', 'us-1', 'phone'] },
    network: threeRegions,
    multiLeader: { conflict },
    workload: {
      clients: 3,
      thinkTime: { kind: 'uniform', min: 20, max: 60 },
      readRatio: 0.3,
      keys: ['list'],
      duration: 1500,
      writeKind: 'add',
    },
    faults: [
      { at: 300, kind: 'partition', groups: [['eu-1', 'us-1'], ['phone']] },
      { at: 310, kind: 'note', text: 'the phone goes offline; it keeps accepting local changes' },
      { at: 1200, kind: 'heal' },
      { at: 1210, kind: 'note', text: 'the phone is back online and syncs' },
    ],
  };
}

/**
 * A cart merge that keeps every item either side has (set union), in sorted
 * order — without the sort it would not be commutative (`[1, 2]` vs `[2, 1]`)
 * and replicas that merged in different orders would disagree.
 */
export const unionMerge: MergeHook = (a: Value, b: Value): Value => {
  const items = [...(Array.isArray(a) ? a : []), ...(Array.isArray(b) ? b : [])] as Value[];
  const byKey = new Map<string, Value>();
  for (const x of items) byKey.set(JSON.stringify(x), x);
  return [...byKey.values()].sort((x, y) =>
    typeof x === 'number' && typeof y === 'number' ? x - y : JSON.stringify(x) < JSON.stringify(y) ? -1 : 1,
  );
};

/** Carts edited in every region; concurrent versions are combined by `merge` (default: union). */
export function cartMerge(seed: number, merge: MergeHook = unionMerge): SimulationConfig {
  return {
    seed,
    label: 'replicated cart with a merge function',
    topology: { leaders: [...LEADERS] },
    network: threeRegions,
    multiLeader: { conflict: 'merge' },
    workload: {
      clients: 3,
      thinkTime: { kind: 'uniform', min: 10, max: 40 },
      readRatio: 0.3,
      keys: ['cart'],
      duration: 1200,
      writeKind: 'add',
    },
    hooks: { merge },
  };
}

export const ch07Scenarios: readonly Scenario[] = [
  {
    name: 'ch07-lww-skew',
    chapter: 7,
    title: 'Last write wins with a skewed clock',
    description:
      'Leaders in eu, us and ap each take writes to x from their own client; us-1’s clock runs 150 ms behind. Its writes are stamped too early, so a write it makes shortly after someone else’s is discarded everywhere — though its client got an ok (see the notes). Replicas converge, on the wrong value.',
    build: (seed) => concurrentWriters(seed, { conflict: 'lww' }),
  },
  {
    name: 'ch07-version-vectors',
    chapter: 7,
    title: 'Version vectors keep concurrent writes as siblings',
    description:
      'Same three leaders and skewed clock, but every version carries a version vector. Writes that did not see each other are concurrent: both are kept, and reads return them as siblings for the application to resolve. A write after reading both supersedes them. Nothing acknowledged disappears silently.',
    build: (seed) => concurrentWriters(seed, { conflict: 'version-vector' }),
  },
  {
    name: 'ch07-merge-cart',
    chapter: 7,
    title: 'A merge function for a replicated cart',
    description:
      'Every region adds items to the same cart. When two versions are concurrent, the merge hook combines them (here: keep every item from both). A merge must be commutative, associative and idempotent, or replicas that merged in different orders disagree.',
    build: (seed) => cartMerge(seed),
  },
  {
    name: 'ch07-counter-crdt',
    chapter: 7,
    title: 'A counter CRDT loses no increment',
    description:
      'Clients in three regions increment likes; ap-1 is cut off for 400 ms. Each leader counts its own increments (a PN-counter) and merging takes per-leader maxima, so every acknowledged increment is counted exactly once everywhere.',
    build: (seed) => regionalCounter(seed, 'counter'),
  },
  {
    name: 'ch07-lww-counter',
    chapter: 7,
    title: 'The same counter as a last-write-wins number',
    description:
      'Same increments, but each leader reads its number, adds one and writes the sum with last-write-wins. Concurrent increments overwrite each other and the skewed clock makes it worse: the final count is below the number of acknowledged increments.',
    build: (seed) => regionalCounter(seed, 'lww'),
  },
  {
    name: 'ch07-offline-sync',
    chapter: 7,
    title: 'An offline device syncs later',
    description:
      'A phone holds its own leader replica of a shared list (an add-wins set CRDT). It goes offline at 300 ms and keeps accepting additions; the leaders in eu and us do too. When it reconnects at 1200 ms, re-sent changes flow both ways and every replica ends with every item.',
    build: (seed) => offlineDevice(seed, 'set'),
  },
];
