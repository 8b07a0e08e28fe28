/**
 * Chapter 9 quiz keys computed by the engine: what a commit waits for under
 * each shape (semi-sync's nearest follower, a quorum's w-th fastest replica),
 * a bad DELETE replicating, concurrent sales in two regions, and a
 * synchronous follower that is down.
 */
import { Rng, createSimulation } from '../../engine/index.ts';
import type { NodeId, SimulationConfig } from '../../engine/index.ts';
import type { QuestionGenerator } from '../types.ts';

/** One-way link delays (ms) from the node the client writes to, to each other node; exact, in both directions. */
type Delays = Readonly<Record<NodeId, number>>;

function links(from: NodeId, delays: Delays) {
  return Object.entries(delays).map(([to, latency]) => ({ from, to, latency }));
}

/** The client's time from sending `op` to its answer, or undefined when it never succeeded. */
function latencyOf(sim: ReturnType<typeof createSimulation>, op: string): number | undefined {
  const r = sim.result(op);
  if (r?.status !== 'ok' || r.invokedAt === undefined || r.completedAt === undefined) return undefined;
  return r.completedAt - r.invokedAt;
}

// ------------------------------------------------------------ semiSyncCommit

interface CommitCase {
  readonly mode: 'semi-sync' | 'sync';
  readonly delays: Delays;
  /** A follower that is down before the write. */
  readonly down?: NodeId;
}

const COMMIT_CASES: readonly CommitCase[] = [
  { mode: 'semi-sync', delays: { f1: 2, f2: 45, f3: 110 } },
  { mode: 'semi-sync', delays: { f1: 3, f2: 50, f3: 95 }, down: 'f1' },
  { mode: 'sync', delays: { f1: 2, f2: 40, f3: 120 } },
  { mode: 'semi-sync', delays: { f1: 4, f2: 55, f3: 100 }, down: 'f2' },
];

/**
 * The commit latency of one write with one leader and three followers at
 * exact distances: semi-sync waits for the first follower to confirm (a round
 * trip to the nearest live one), sync for every follower (the farthest), and
 * (syncBlocks asks what a synchronous follower that is down does).
 */
export const semiSyncCommit: QuestionGenerator = (seed) => {
  const c = new Rng(seed).fork('ch09.semiSyncCommit#6').pick(COMMIT_CASES);
  const sim = createSimulation({
    seed,
    label: `${c.mode} commit`,
    topology: { leader: 'leader', followers: ['f1', 'f2', 'f3'] },
    replication: { mode: c.mode },
    network: { latency: 1, clientLatency: 0, links: links('leader', c.delays) },
  });
  if (c.down) sim.crash(c.down);
  const op = sim.write('seat:12A', 'sold:ord-1042');
  sim.runFor(1000);
  const ms = latencyOf(sim, op) ?? 0;
  const alive = (['f1', 'f2', 'f3'] as const).filter((f) => f !== c.down);
  return {
    params: {
      mode: c.mode,
      d1: c.delays.f1 ?? 0,
      d2: c.delays.f2 ?? 0,
      d3: c.delays.f3 ?? 0,
      down: c.down ? `${c.down} is down` : 'every follower is up',
      alive: alive.join(', '),
    },
    answer: Math.round(ms * 10) / 10,
  };
};

// ------------------------------------------------------------ quorumWriteLatency

interface QuorumCase {
  readonly w: number;
  readonly delays: Delays;
}

const QUORUM_CASES: readonly QuorumCase[] = [
  { w: 1, delays: { r2: 2, r3: 45, r4: 50, r5: 110 } },
  { w: 2, delays: { r2: 2, r3: 45, r4: 50, r5: 110 } },
  { w: 3, delays: { r2: 3, r3: 40, r4: 60, r5: 100 } },
  { w: 4, delays: { r2: 2, r3: 50, r4: 70, r5: 120 } },
  { w: 5, delays: { r2: 3, r3: 45, r4: 55, r5: 90 } },
];

/**
 * The latency of one leaderless write (n = 5) sent to replica r1: r1 stores
 * it at once and asks the others; the write is acknowledged when w replicas
 * have it, so the latency is the round trip to the (w − 1)-th nearest other replica.
 */
export const quorumWriteLatency: QuestionGenerator = (seed) => {
  const c = new Rng(seed).fork('ch09.quorumWriteLatency#1').pick(QUORUM_CASES);
  const replicas = ['r1', 'r2', 'r3', 'r4', 'r5'];
  const config: SimulationConfig = {
    seed,
    label: `leaderless write, w = ${c.w}`,
    topology: { replicas },
    quorum: { w: c.w, r: 1, readRepair: false, requestTimeout: 1000 },
    clients: { timeout: 2000 },
    network: { latency: 1, clientLatency: 0, links: links('r1', c.delays) },
  };
  const sim = createSimulation(config);
  const op = sim.write('scan:gate-2:ticket-881', 'scanned', { to: 'r1' });
  sim.runFor(1500);
  return {
    params: { w: c.w, d2: c.delays.r2 ?? 0, d3: c.delays.r3 ?? 0, d4: c.delays.r4 ?? 0, d5: c.delays.r5 ?? 0 },
    answer: Math.round((latencyOf(sim, op) ?? 0) * 10) / 10,
  };
};

// ------------------------------------------------------------ badDelete

interface DeleteCase {
  readonly delays: Delays;
  /** When the question looks, ms after the DELETE. */
  readonly at: number;
}

const DELETE_CASES: readonly DeleteCase[] = [
  { delays: { f1: 2, f2: 40, f3: 110 }, at: 20 },
  { delays: { f1: 3, f2: 45, f3: 100 }, at: 60 },
  { delays: { f1: 2, f2: 50, f3: 120 }, at: 300 },
  { delays: { f1: 5, f2: 35, f3: 95 }, at: 1 },
];

/**
 * Which followers still hold the row a few ms after a bad DELETE on the
 * leader? Only those the change has not reached yet; shortly after, none:
 * replication copies the mistake everywhere, which is why recovery needs a
 * backup and the archived log (point-in-time recovery), not a replica.
 */
export const badDelete: QuestionGenerator = (seed) => {
  const c = new Rng(seed).fork('ch09.badDelete#1').pick(DELETE_CASES);
  const sim = createSimulation({
    seed,
    label: 'a bad DELETE replicates',
    topology: { leader: 'leader', followers: ['f1', 'f2', 'f3'] },
    network: { latency: 1, clientLatency: 0, links: links('leader', c.delays) },
  });
  sim.write('seat:hamlet-fri:12A', 'sold:ord-1042');
  sim.runFor(500);
  sim.delete('seat:hamlet-fri:12A');
  sim.runFor(c.at + 0.5);
  const still = (['f1', 'f2', 'f3'] as const).filter(
    (f) => sim.inspect(f).data['seat:hamlet-fri:12A'] === 'sold:ord-1042',
  );
  return {
    params: { d1: c.delays.f1 ?? 0, d2: c.delays.f2 ?? 0, d3: c.delays.f3 ?? 0, at: c.at },
    answer: still.length === 0 ? ['none'] : [...still],
  };
};

// ------------------------------------------------------------ concurrentSale

interface SaleCase {
  /** One-way delay between the two leaders, ms. */
  readonly delay: number;
  /** When each region sells seat 12A, ms. */
  readonly euAt: number;
  readonly usAt: number;
}

const SALE_CASES: readonly SaleCase[] = [
  { delay: 50, euAt: 0, usAt: 20 },
  { delay: 45, euAt: 0, usAt: 120 },
  { delay: 55, euAt: 150, usAt: 0 },
  { delay: 40, euAt: 10, usAt: 0 },
  { delay: 60, euAt: 0, usAt: 200 },
];

/**
 * Two leaders (eu-1, us-1) with version vectors both sell seat 12A. A sale
 * made after the other region's sale arrived supersedes it; two sales made
 * before either heard of the other are concurrent and come back as siblings.
 */
export const concurrentSale: QuestionGenerator = (seed) => {
  const c = new Rng(seed).fork('ch09.concurrentSale#8').pick(SALE_CASES);
  const sim = createSimulation({
    seed,
    label: 'two regions sell one seat',
    topology: { leaders: ['eu-1', 'us-1'] },
    multiLeader: { conflict: 'version-vector' },
    network: { latency: c.delay, clientLatency: 0 },
  });
  sim.at(c.euAt, (s) => s.write('seat:12A', 'sold:ord-1042', { to: 'eu-1', client: 'eu' }));
  sim.at(c.usAt, (s) => s.write('seat:12A', 'sold:ord-2077', { to: 'us-1', client: 'us' }));
  sim.runFor(1000);
  const read = sim.read('seat:12A', { from: 'eu-1', client: 'reader' });
  sim.runFor(100);
  const r = sim.result(read);
  const trace = sim.trace();
  const ack = trace.events.find((e) => e.type === 'ack' && e.op === read);
  const siblings = ack?.type === 'ack' ? (ack.siblings?.length ?? 0) : 0;
  const answer = siblings > 1 ? 'siblings' : r?.value === 'sold:ord-1042' ? 'eu' : 'us';
  return { params: { delay: c.delay, euAt: c.euAt, usAt: c.usAt }, answer };
};

// ------------------------------------------------------------ syncBlocks

interface BlockCase {
  readonly mode: 'async' | 'semi-sync' | 'sync';
  readonly down: NodeId;
}

const BLOCK_CASES: readonly BlockCase[] = [
  { mode: 'sync', down: 'f2' },
  { mode: 'semi-sync', down: 'f1' },
  { mode: 'async', down: 'f1' },
  { mode: 'sync', down: 'f1' },
  { mode: 'semi-sync', down: 'f2' },
];

/**
 * One leader, followers f1 (near) and f2 (across the ocean); one follower is
 * down and a client writes with a 500 ms timeout. Async acknowledges at once,
 * semi-sync after the other follower confirms, sync never (the client times out).
 */
export const syncBlocks: QuestionGenerator = (seed) => {
  const c = new Rng(seed).fork('ch09.syncBlocks#15').pick(BLOCK_CASES);
  const sim = createSimulation({
    seed,
    label: `${c.mode} with ${c.down} down`,
    topology: { leader: 'leader', followers: ['f1', 'f2'] },
    replication: { mode: c.mode },
    clients: { timeout: 500 },
    network: { latency: 1, clientLatency: 0, links: links('leader', { f1: 2, f2: 50 }) },
  });
  sim.crash(c.down);
  const op = sim.write('seat:12A', 'sold:ord-1042');
  sim.runFor(1500);
  const ms = latencyOf(sim, op);
  const answer = ms === undefined ? 'never' : ms < 2 ? 'at-once' : 'after-follower';
  return { params: { mode: c.mode, down: c.down }, answer, run: { scenario: 'ch09-global-single-leader', seed } };
};

export const ch09Generators = {
  'ch09.semiSyncCommit': semiSyncCommit,
  'ch09.quorumWriteLatency': quorumWriteLatency,
  'ch09.badDelete': badDelete,
  'ch09.concurrentSale': concurrentSale,
  'ch09.syncBlocks': syncBlocks,
} as const;
