/**
 * Chapter 9's product briefs: a replication configuration a learner chooses
 * (`ShapeConfig`), the engine run it becomes for a brief (the brief's regions,
 * workload and fault schedule, drawn per seed), and the service levels the
 * run is measured against. The grader, the quiz generators and the lesson's
 * cells all use these functions, so every number they show is measured.
 */
import { check, metrics, runSimulation, Rng } from '../../engine/index.ts';
import type { Fault, Latency, NodeId, OperationKind, SimulationConfig, Trace } from '../../engine/index.ts';

/** One leader in eu with followers in eu, us and ap. */
export interface SingleLeaderConfig {
  readonly shape: 'single-leader';
  /** When a write is acknowledged: at once, once the eu follower has it, or once every follower has it. */
  readonly commit: 'async' | 'semi-sync' | 'sync';
  /** Where reads go: the leader, or any follower. */
  readonly reads: 'leader' | 'followers';
  /** Silence from the leader, in ms, before the followers elect a new one. */
  readonly failoverTimeout: number;
}

/** A leader per region (eu, us, ap), asynchronous replication between them. */
export interface MultiLeaderConfig {
  readonly shape: 'multi-leader';
  /** Concurrent writes: last write wins, or kept as siblings with version vectors. */
  readonly conflicts: 'lww' | 'version-vector';
}

/** n replicas across the regions; a write waits for w of them, a read asks r. */
export interface LeaderlessConfig {
  readonly shape: 'leaderless';
  readonly n: 3 | 5;
  readonly w: number;
  readonly r: number;
}

export type ShapeConfig = SingleLeaderConfig | MultiLeaderConfig | LeaderlessConfig;

/** A brief's service levels; an absent level is not part of the brief. */
export interface ServiceLevels {
  /** p99 of acknowledged write latency, ms. */
  readonly writeP99?: number;
  /** Largest share of acknowledged reads that may be stale. */
  readonly staleness?: number;
  /** Largest number of acknowledged writes a failure may lose (0: none). */
  readonly rpoWrites?: number;
  /** Longest stretch without a writable leader, ms. */
  readonly rtoMs?: number;
  /** Smallest share of operations that must succeed. */
  readonly availability?: number;
  /** Largest number of reads that may come back with conflicting siblings. */
  readonly conflicts?: number;
}

export type BriefId = 'box-office' | 'festival-app' | 'scanner-network';

export interface Brief {
  readonly id: BriefId;
  readonly title: string;
  readonly levels: ServiceLevels;
  /** Length of a graded run, virtual ms. */
  readonly durationMs: number;
  /** The brief's bad day, drawn for one seed. */
  readonly faults: (rng: Rng) => Fault[];
}

const REGION_LATENCY: Readonly<Record<string, Latency>> = {
  eu: { kind: 'uniform', min: 1, max: 3 },
  us: { kind: 'uniform', min: 1, max: 3 },
  ap: { kind: 'uniform', min: 1, max: 3 },
  'eu-us': { kind: 'uniform', min: 40, max: 60 },
  'eu-ap': { kind: 'uniform', min: 90, max: 130 },
  'us-ap': { kind: 'uniform', min: 70, max: 100 },
};

const REGION_OF: Readonly<Record<NodeId, string>> = {
  'eu-1': 'eu',
  'eu-2': 'eu',
  'us-1': 'us',
  'us-2': 'us',
  'ap-1': 'ap',
  'ap-2': 'ap',
};

/** A whole number in [min, max] drawn from `rng`. */
function between(rng: Rng, min: number, max: number): number {
  return Math.round(min + rng.next() * (max - min));
}

// The pieces a brief's bad day is made of. Each draws from `rng` in the order its faults are
// listed: the order of the draws is part of a seed's schedule (graded runs must not shift).

/** The eu-1 → us-1 link slows down by 3 to 6 times, from a time in [from, to]. */
function slowEuUs(rng: Rng, from: number, to: number): Fault {
  return { at: between(rng, from, to), kind: 'slow', from: 'eu-1', to: 'us-1', factor: between(rng, 3, 6) };
}

/** `node` crashes at `at` (said in `note`, if any) and restarts [min, max] ms later. */
function crashAndRestart(rng: Rng, node: NodeId, at: number, min: number, max: number, note?: string): Fault[] {
  return [
    { at, kind: 'crash', node },
    ...(note === undefined ? [] : [{ at: at + 50, kind: 'note', text: note } as const]),
    { at: at + between(rng, min, max), kind: 'restart', node },
  ];
}

/** ap is cut off from eu and us at `at`, and the network heals [min, max] ms later. */
function apCutOff(rng: Rng, at: number, min: number, max: number): Fault[] {
  return [
    {
      at,
      kind: 'partition',
      groups: [
        ['eu-1', 'eu-2', 'us-1', 'us-2'],
        ['ap-1', 'ap-2'],
      ],
    },
    { at: at + 20, kind: 'note', text: 'ap is cut off' },
    { at: at + between(rng, min, max), kind: 'heal' },
  ];
}

export const BRIEFS: Readonly<Record<BriefId, Brief>> = {
  'box-office': {
    id: 'box-office',
    title: 'The box office',
    durationMs: 1500,
    // A sold seat must never be forgotten or sold twice, the seat map a buyer acts on must be current, and a sale must not hang.
    levels: { rpoWrites: 0, conflicts: 0, staleness: 0.05, writeP99: 150 },
    faults: (rng) => {
      const crash = between(rng, 400, 700);
      const cut = between(rng, 900, 1200);
      return [
        slowEuUs(rng, 100, 300),
        ...crashAndRestart(rng, 'eu-2', crash, 400, 600, 'the second eu node fails'),
        ...apCutOff(rng, cut, 200, 300),
      ];
    },
  },
  'festival-app': {
    id: 'festival-app',
    title: 'The festival app',
    durationMs: 1500,
    // Taps must feel instant everywhere, and a region cut off must keep working; a duplicate like is fine.
    levels: { writeP99: 15, availability: 0.75, rtoMs: 200 },
    faults: (rng) => {
      const cut = between(rng, 500, 900);
      const crash = between(rng, 250, 500);
      return [...crashAndRestart(rng, 'eu-1', crash, 400, 600), ...apCutOff(rng, cut, 300, 500)];
    },
  },
  'scanner-network': {
    id: 'scanner-network',
    title: 'The scanner network',
    durationMs: 2000,
    // A ticket scanned at one gate must read as scanned at every gate, and a dead node must not stop the gates.
    levels: { staleness: 0, rpoWrites: 0, rtoMs: 200, writeP99: 400, availability: 0.4 },
    faults: (rng) => {
      const crash = between(rng, 600, 1200);
      return [slowEuUs(rng, 200, 500), ...crashAndRestart(rng, 'eu-1', crash, 500, 900, 'a gate server fails')];
    },
  },
};

export const BRIEF_IDS: readonly BriefId[] = ['box-office', 'festival-app', 'scanner-network'];

/** The nodes of a configuration, in the order clients are spread over them. */
export function nodesOf(config: ShapeConfig): NodeId[] {
  if (config.shape === 'single-leader') return ['eu-1', 'eu-2', 'us-1', 'us-2', 'ap-1'];
  if (config.shape === 'multi-leader') return ['eu-1', 'us-1', 'ap-1'];
  return config.n === 3 ? ['eu-1', 'us-1', 'ap-1'] : ['eu-1', 'us-1', 'ap-1', 'eu-2', 'us-2'];
}

/** Only the faults that name nodes this configuration has (a partition keeps its known members). */
function faultsFor(faults: readonly Fault[], nodes: readonly NodeId[]): Fault[] {
  const has = new Set(nodes);
  const out: Fault[] = [];
  for (const f of faults) {
    if ((f.kind === 'crash' || f.kind === 'restart') && !has.has(f.node)) continue;
    if (f.kind === 'slow' && (!has.has(f.from) || !has.has(f.to))) continue;
    if (f.kind === 'partition') {
      out.push({ ...f, groups: f.groups.map((g) => g.filter((n) => has.has(n) || n === 'ap-2')) });
      continue;
    }
    out.push(f);
  }
  return out;
}

/** The engine configuration of `config` under `brief` for one seed (`faults: false` runs a calm day). */
export function briefSimulation(
  config: ShapeConfig,
  brief: Brief,
  seed: number,
  options: { readonly faults?: boolean; readonly scale?: number } = {},
): SimulationConfig {
  const rng = new Rng(seed * 7919 + brief.id.length);
  const drawn = brief.faults(rng);
  const nodes = nodesOf(config);
  const scale = options.scale ?? 1;
  const base = {
    seed,
    label: `${brief.title}: ${describeConfig(config)}`,
    workload: {
      clients: 4,
      thinkTime: 20,
      readRatio: 0.7,
      keys: ['a', 'b', 'c'],
      duration: Math.round(brief.durationMs * scale),
    },
    faults: options.faults === false ? [] : faultsFor(drawn, nodes).filter((f) => f.at <= brief.durationMs * scale),
  };
  const regions = (extra: readonly NodeId[] = []) => ({
    regions: {
      nodes: Object.fromEntries([...nodes, ...extra].map((n) => [n, REGION_OF[n] ?? 'eu'])),
      latency: REGION_LATENCY,
    },
  });
  if (config.shape === 'single-leader') {
    return {
      ...base,
      topology: { leader: 'eu-1', followers: ['eu-2', 'us-1', 'us-2', 'ap-1'] },
      replication: { mode: config.commit },
      network: regions(),
      clients: { timeout: 500, retries: 1, readFrom: config.reads === 'leader' ? 'leader' : 'followers' },
      failover: {
        heartbeatInterval: Math.max(10, Math.round(config.failoverTimeout / 5)),
        timeout: config.failoverTimeout,
      },
    };
  }
  if (config.shape === 'multi-leader') {
    return {
      ...base,
      topology: { leaders: nodes },
      network: regions(),
      multiLeader: { conflict: config.conflicts },
      clients: { timeout: 500 },
    };
  }
  return {
    ...base,
    topology: { replicas: nodes },
    network: regions(['ap-2']),
    quorum: {
      w: config.w,
      r: config.r,
      readRepair: true,
      antiEntropyInterval: 300,
      sloppy: true,
      standbys: ['ap-2'],
      requestTimeout: 400,
    },
    clients: { timeout: 600 },
  };
}

/** `single-leader, semi-sync, reads from followers, failover after 800 ms`. */
export function describeConfig(config: ShapeConfig): string {
  if (config.shape === 'single-leader')
    return `single leader, ${config.commit}, reads from ${config.reads === 'leader' ? 'the leader' : 'followers'}, failover after ${config.failoverTimeout} ms`;
  if (config.shape === 'multi-leader') return `a leader per region, ${config.conflicts}`;
  return `leaderless, n = ${config.n}, w = ${config.w}, r = ${config.r}`;
}

/** What one run measured, with the step and time where each level shows. */
export interface Measured {
  readonly writeP99: number;
  readonly staleness: number;
  readonly rpoWrites: number;
  readonly rtoMs: number;
  readonly availability: number;
  readonly conflicts: number;
  /** Where each level first shows in the trace: step and virtual time. */
  readonly where: Readonly<Record<keyof ServiceLevels, { readonly step: number; readonly time: number }>>;
}

/** One client operation as the service levels need it: when it was sent and how it ended. */
interface Op {
  readonly kind: OperationKind;
  readonly invokeTime: number;
  readonly outcome: 'ack' | 'fail' | 'info';
  readonly completeTime: number;
  readonly completeStep: number;
  readonly siblings: number;
}

/** The completed operations of a trace (first completion of each), in completion order. */
function operations(trace: Trace): Op[] {
  const sent = new Map<string, { kind: OperationKind; time: number }>();
  const done = new Set<string>();
  const out: Op[] = [];
  for (const e of trace.events) {
    if (e.type === 'invoke') sent.set(e.op, { kind: e.kind, time: e.time });
    else if ((e.type === 'ack' || e.type === 'fail' || e.type === 'info') && !done.has(e.op)) {
      const s = sent.get(e.op);
      if (s === undefined) continue;
      done.add(e.op);
      out.push({
        kind: s.kind,
        invokeTime: s.time,
        outcome: e.type,
        completeTime: e.time,
        completeStep: e.step,
        siblings: e.type === 'ack' ? (e.siblings?.length ?? 0) : 0,
      });
    }
  }
  return out;
}

const ALL_LEVELS: readonly (keyof ServiceLevels)[] = [
  'writeP99',
  'staleness',
  'rpoWrites',
  'rtoMs',
  'availability',
  'conflicts',
];

/**
 * The service levels of one run, measured from its trace. `only` limits the
 * work to the levels a brief has (the others read 0, at step 0).
 */
export function measure(trace: Trace, only: readonly (keyof ServiceLevels)[] = ALL_LEVELS): Measured {
  const want = new Set(only);
  const ops = operations(trace);
  // A recorded trace's step is its index; only a hand-made trace needs the map (built once, if ever).
  let timeOf: Map<number, number> | undefined;
  const timeAt = (step: number): number => {
    const e = trace.events[step];
    if (e !== undefined && e.step === step) return e.time;
    timeOf ??= new Map(trace.events.map((x) => [x.step, x.time]));
    return timeOf.get(step) ?? 0;
  };
  const at = (step: number | undefined) => ({
    step: step ?? 0,
    time: step === undefined ? 0 : timeAt(step),
  });
  const values: Record<keyof ServiceLevels, number> = {
    writeP99: 0,
    staleness: 0,
    rpoWrites: 0,
    rtoMs: 0,
    availability: 1,
    conflicts: 0,
  };
  const where: Record<keyof ServiceLevels, { step: number; time: number }> = {
    writeP99: at(undefined),
    staleness: at(undefined),
    rpoWrites: at(undefined),
    rtoMs: at(undefined),
    availability: at(undefined),
    conflicts: at(undefined),
  };
  if (want.has('writeP99')) {
    const p99 = metrics.commitLatency(trace).p99 ?? 0;
    const slow = ops.find(
      (o) => o.kind === 'write' && o.outcome === 'ack' && p99 > 0 && o.completeTime - o.invokeTime >= p99 - 1e-9,
    );
    values.writeP99 = p99;
    where.writeP99 = at(slow?.completeStep);
  }
  if (want.has('staleness')) {
    values.staleness = metrics.staleReadRate(trace).rate;
    where.staleness = at(check.staleRead(trace).violations[0]?.step);
  }
  if (want.has('rpoWrites')) {
    const lost = check
      .lostAcknowledgedWrites(trace)
      .violations.filter((v) => v.property === 'lost-acknowledged-writes');
    values.rpoWrites = new Set(lost.map((v) => v.op)).size;
    where.rpoWrites = at(lost[0]?.step);
  }
  if (want.has('rtoMs')) {
    const outage = metrics.rto(trace);
    const longest = outage.outages.reduce<(typeof outage.outages)[number] | undefined>(
      (m, o) => (m === undefined || o.durationMs > m.durationMs ? o : m),
      undefined,
    );
    values.rtoMs = outage.rtoMs;
    where.rtoMs = at(longest?.fromStep);
  }
  if (want.has('availability')) {
    const failed = ops.filter((o) => o.outcome !== 'ack');
    values.availability = ops.length === 0 ? 1 : (ops.length - failed.length) / ops.length;
    where.availability = at(failed[0]?.completeStep);
  }
  if (want.has('conflicts')) {
    const siblings = ops.filter((o) => o.kind === 'read' && o.siblings > 1);
    values.conflicts = siblings.length;
    where.conflicts = at(siblings[0]?.completeStep);
  }
  return { ...values, where };
}

/** The levels a brief sets. */
export function levelsOf(brief: Brief): (keyof ServiceLevels)[] {
  return Object.keys(brief.levels) as (keyof ServiceLevels)[];
}

/** Runs `config` under `brief` for one seed and measures the brief's levels (`all`: every level). */
export function runBrief(
  config: ShapeConfig,
  brief: Brief,
  seed: number,
  options: { readonly faults?: boolean; readonly scale?: number; readonly all?: boolean } = {},
): { readonly trace: Trace; readonly measured: Measured } {
  const trace = runSimulation(briefSimulation(config, brief, seed, options));
  return { trace, measured: measure(trace, options.all === true ? ALL_LEVELS : levelsOf(brief)) };
}

/** One level a run missed. */
export interface Miss {
  readonly level: keyof ServiceLevels;
  readonly measured: number;
  readonly target: number;
  readonly step: number;
  readonly time: number;
}

const AT_MOST: readonly (keyof ServiceLevels)[] = ['writeP99', 'staleness', 'rpoWrites', 'rtoMs', 'conflicts'];

/** The levels of `brief` that `m` misses, in the brief's order. */
export function misses(brief: Brief, m: Measured): Miss[] {
  const out: Miss[] = [];
  for (const [level, target] of Object.entries(brief.levels) as [keyof ServiceLevels, number][]) {
    const value = m[level];
    const bad = AT_MOST.includes(level) ? value > target + 1e-9 : value < target - 1e-9;
    if (bad) out.push({ level, measured: value, target, ...m.where[level] });
  }
  return out;
}
