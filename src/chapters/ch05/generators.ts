/**
 * Chapter 5 quiz keys computed by the engine: how far behind a follower is in
 * LSNs, which replicas already show a write, what a second read on a more
 * lagging follower returns, how long a revoked badge keeps scanning, and where
 * LSN routing sends a session's read.
 *
 * Every run uses constant one-way delays (clients reach nodes at once, links
 * from the leader take a fixed time), so a learner can reason the answer out
 * from the prompt; the engine still computes it.
 */
import { Rng, createSimulation, stateAt } from '../../engine/index.ts';
import type { NodeId, ReplicaInfo, RouteReadHook, SessionInfo, Simulation } from '../../engine/index.ts';
import { lsnRouting } from './scenarios.ts';
import type { QuestionGenerator } from '../types.ts';

/** Leader `leader`, followers f1 and f2 with the given one-way delays from the leader (ms). */
function threeNodes(seed: number, d1: number, d2: number, label: string, routeRead?: RouteReadHook): Simulation {
  return createSimulation({
    seed,
    label,
    topology: { leader: 'leader', followers: ['f1', 'f2'] },
    network: {
      latency: 1,
      clientLatency: 0,
      links: [
        { from: 'leader', to: 'f1', latency: d1, bidirectional: false },
        { from: 'leader', to: 'f2', latency: d2, bidirectional: false },
      ],
    },
    ...(routeRead ? { hooks: { routeRead } } : {}),
  });
}

/** The box office sells a ticket every `every` ms from `every` to `until`: `show:hamlet-fri:sold` counts 1, 2, 3, ... */
function ticketSales(sim: Simulation, every: number, until: number): void {
  for (let n = 1; n * every <= until; n++) {
    sim.at(n * every, (s) => s.write('show:hamlet-fri:sold', n, { client: 'box-office' }));
  }
}

function readResult(sim: Simulation, op: string): unknown {
  return sim.result(op)?.value;
}

/**
 * Lag in LSNs: the leader appends one entry every `every` ms; f1 applies each
 * one `delay` ms later. At time `at`, how many entries is f1 behind? About
 * delay ÷ every: the entries written during the last `delay` ms.
 */
export const lagInLsns: QuestionGenerator = (seed) => {
  const rng = new Rng(seed).fork('ch05.lagInLsns');
  const every = rng.pick([5, 10, 20]);
  const delay = rng.pick([40, 60, 100, 160]);
  const at = 200 + every / 2;
  const sim = threeNodes(seed, delay, 5, `f1 ${delay} ms behind, one write every ${every} ms`);
  ticketSales(sim, every, 300);
  sim.runUntil(at);
  const trace = sim.trace();
  const behind = stateAt(trace, trace.events.length - 1).nodes['f1']?.lag ?? 0; // the engine's lag, as the board shows it
  return { params: { every, delay, at }, answer: behind };
};

/**
 * Read-your-writes: Mika changes her display name at time 0; which nodes
 * show the new name at time `at`? The leader at once; each follower once its
 * delay has passed.
 */
export const whoShowsWrite: QuestionGenerator = (seed) => {
  const rng = new Rng(seed).fork('ch05.whoShowsWrite#2');
  const d1 = rng.pick([10, 40, 80]);
  const d2 = rng.pick([60, 120, 200]);
  const at = rng.pick([30, 70, 100, 150]);
  const sim = threeNodes(seed, d1, d2, `who shows Mika's new name at ${at} ms`);
  sim.write('user:mika:name', 'Mika H.', { client: 'mika' });
  const reads = (['leader', 'f1', 'f2'] as const).map((node) => {
    let op = '';
    sim.at(at, (s) => {
      op = s.read('user:mika:name', { client: `probe-${node}`, from: node });
    });
    return { node, op: () => op };
  });
  sim.runUntil(at + 10);
  const shows = reads.filter((r) => readResult(sim, r.op()) === 'Mika H.').map((r) => r.node);
  return { params: { d1, d2, at }, answer: shows };
};

/**
 * Monotonic reads: tickets sell one every 10 ms; Mika refreshes, first served
 * by f1, then by f2, which lags more. What does the second read show?
 * f2 holds the count the leader had `d2` ms before the second read.
 */
export const secondRead: QuestionGenerator = (seed) => {
  const rng = new Rng(seed).fork('ch05.secondRead');
  const d1 = rng.pick([5, 10, 15]);
  const d2 = rng.pick([45, 70, 95, 130]);
  const t1 = rng.pick([300, 305, 312]);
  const t2 = t1 + rng.pick([2, 4, 6]);
  const sim = threeNodes(seed, d1, d2, `refresh from f1 at ${t1} ms, then from f2 at ${t2} ms`);
  ticketSales(sim, 10, 500);
  let first = '';
  let second = '';
  sim.at(t1, (s) => {
    first = s.read('show:hamlet-fri:sold', { client: 'mika', from: 'f1' });
  });
  sim.at(t2, (s) => {
    second = s.read('show:hamlet-fri:sold', { client: 'mika', from: 'f2' });
  });
  sim.runUntil(t2 + 10);
  const a = readResult(sim, first);
  const b = readResult(sim, second);
  if (typeof a !== 'number' || typeof b !== 'number') throw new Error(`ch05.secondRead: reads failed (seed ${seed})`);
  return { params: { d1, d2, t1, t2, first: a }, answer: b };
};

/**
 * Stale authorization: the office revokes Jo's door badge at time 400; the
 * gate scanner reads `staff:usher-jo:access` from f2 every `every` ms. How many
 * scans after the revocation still say `granted`? Those in the `delay` ms
 * before f2 replays it.
 */
export const badgeStillScans: QuestionGenerator = (seed) => {
  const rng = new Rng(seed).fork('ch05.badgeStillScans');
  const delay = rng.pick([35, 80, 120, 250]);
  const every = rng.pick([20, 30, 50]);
  // Granted long before: every replica has had the grant for a while.
  const revokeAt = 400;
  const sim = threeNodes(seed, 5, delay, `badge revoked at ${revokeAt} ms, f2 ${delay} ms behind`);
  sim.write('staff:usher-jo:access', 'granted', { client: 'office' });
  sim.at(revokeAt, (s) => s.write('staff:usher-jo:access', 'revoked', { client: 'office' }));
  const scans: { at: number; op: string }[] = [];
  // Scans start just after the revocation, on the scanner's own rhythm.
  for (let at = revokeAt + 1; at < revokeAt + 400; at += every) {
    const scan = { at, op: '' };
    scans.push(scan);
    sim.at(at, (s) => {
      scan.op = s.read('staff:usher-jo:access', { client: 'gate-2', from: 'f2' });
    });
  }
  sim.runUntil(revokeAt + 450);
  const granted = scans.filter((s) => readResult(sim, s.op) === 'granted').length;
  return { params: { delay, every, revokeAt }, answer: granted };
};

/** Delays (ms) of f1 and f2 for `lsnRouteTarget`: Mika reads 25 ms after her write. */
const ROUTE_CASES: readonly (readonly [number, number])[] = [
  [10, 60],
  [40, 15],
  [40, 60],
  [15, 10],
  [90, 20],
  [60, 45],
];

/**
 * LSN routing: Mika writes her name, then reads it back; the router sends the
 * read to f1 if f1 has applied her write's LSN, else to f2 if f2 has, else to
 * the leader. Where does the read go?
 */
export const lsnRouteTarget: QuestionGenerator = (seed) => {
  const rng = new Rng(seed).fork('ch05.lsnRouteTarget#1');
  const c = rng.pick(ROUTE_CASES);
  const [d1, d2] = c;
  const writeAt = rng.pick([100, 120, 140]);
  const readAt = writeAt + 25;
  let seen: { session: SessionInfo; replicas: readonly ReplicaInfo[] } | undefined;
  const route: RouteReadHook = (session, replicas) => {
    if (session.session === 'mika') seen = { session, replicas };
    return lsnRouting(session, replicas);
  };
  const sim = threeNodes(seed, d1, d2, `Mika reads her name back at ${readAt} ms`, route);
  ticketSales(sim, 10, 300);
  sim.at(writeAt, (s) => s.write('user:mika:name', 'Mika H.', { client: 'mika' }));
  let op = '';
  sim.at(readAt, (s) => {
    op = s.read('user:mika:name', { client: 'mika' });
  });
  sim.runUntil(readAt + 20);
  const served = sim.result(op);
  if (!seen || !served?.node) throw new Error(`ch05.lsnRouteTarget: no routed read (seed ${seed})`);
  const lsn = (n: NodeId) => seen?.replicas.find((r) => r.node === n)?.appliedLsn ?? 0;
  return {
    params: {
      writeLsn: seen.session.lastWriteLsn,
      leaderLsn: lsn('leader'),
      f1Lsn: lsn('f1'),
      f2Lsn: lsn('f2'),
      readAt,
    },
    answer: served.node,
  };
};

export const ch05Generators = {
  'ch05.lagInLsns': lagInLsns,
  'ch05.whoShowsWrite': whoShowsWrite,
  'ch05.secondRead': secondRead,
  'ch05.badgeStillScans': badgeStillScans,
  'ch05.lsnRouteTarget': lsnRouteTarget,
} as const satisfies Record<string, QuestionGenerator>;
