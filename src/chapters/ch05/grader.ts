/**
 * Chapter 5 — read routing. The learner writes `routeRead(session, replicas)`:
 * for each read a client session makes, name the node to send it to. Stagedoor
 * has a leader and two or three asynchronous followers whose lag differs per
 * follower and per seed, spikes on some seeds (a slowed link) and, on every
 * seed, one follower crashes for a while. The grader judges what the sessions saw:
 *
 * - `read-your-writes`: no read misses the session's own acknowledged write
 *   (`check.readYourWrites`);
 * - `monotonic-reads`: no read of a key returns an older version than an
 *   earlier read of that key in the same session (`check.monotonicReads`);
 * - `follower-share`: at least `MIN_FOLLOWER_SHARE` of all reads are answered
 *   by followers, so sending everything to the leader fails. Reads that fail
 *   (sent to a node that is down) count as not answered by a follower.
 *
 * The hook sees what a real client can know: its own session's highest
 * acknowledged write LSN and the highest LSN its reads were served at, the node
 * that served its last read, the key, and for each replica its role, whether it
 * is up and the LSN it has applied (what a client learns by asking the replica,
 * as with PostgreSQL's `pg_last_wal_replay_lsn()`). It does not see lag in
 * milliseconds, other sessions' writes, or which follower is the fast one:
 * lag means are drawn per seed over 5–250 ms, so a rule tuned to one seed's
 * followers, or a fixed "close enough" LSN distance, fails elsewhere.
 */
import { Rng, check, metrics, runSimulation } from '../../engine/index.ts';
import type { Fault, NodeId, RouteReadHook, SimulationConfig, Trace, Violation } from '../../engine/index.ts';
import type { ExerciseGrader, GraderRun } from '../grader-types.ts';
import { CHECK_SEEDS, SUBMIT_SEEDS, violationAt } from '../grader-support.ts';

export const READ_YOUR_WRITES = 'read-your-writes';
export const MONOTONIC_READS = 'monotonic-reads';
export const FOLLOWER_SHARE = 'follower-share';

/** Share of all reads that followers must answer. */
export const MIN_FOLLOWER_SHARE = 0.2;
/** Mean replication delay of a follower, drawn log-uniformly per follower and seed (ms). */
export const LAG_RANGE_MS = [3, 250] as const;
/** The near follower's mean delay is at most this (ms); the far one's at least this. */
export const NEAR_MAX_MS = 30;
export const LEADER = 'A';
const FOLLOWERS = ['B', 'C', 'D'] as const;
const DURATION_MS = 600;
/** Keys the sessions read and write (values are unique integers, so every read maps to one write). */
export const KEYS = ['user:mika:name', 'seat:12A', 'cart:mika', 'staff:usher-jo:access'] as const;

/** One seed's deployment and load, for messages and tests. */
export interface RouteReadSetup {
  readonly followers: readonly NodeId[];
  /** Mean replication delay per follower, ms. */
  readonly lagMs: Readonly<Record<NodeId, number>>;
  readonly clients: number;
  readonly readRatio: number;
  readonly faults: readonly Fault[];
}

/** The configuration of one seed, with the learner's hook plugged in. */
export function routeReadScenario(
  seed: number,
  routeRead?: RouteReadHook,
): { config: SimulationConfig; setup: RouteReadSetup } {
  const rng = new Rng(seed).fork('ch05-route-read');
  const followers = FOLLOWERS.slice(0, rng.int(2, 3));
  const [lo, hi] = LAG_RANGE_MS;
  const lagMs: Record<NodeId, number> = {};
  // One follower is near (same building), one far; a third, if any, anywhere. Which is which varies.
  const near = rng.pick(followers);
  const far = rng.pick(followers.filter((f) => f !== near));
  for (const f of followers) {
    const [a, b] = f === near ? [lo, NEAR_MAX_MS] : f === far ? [NEAR_MAX_MS, hi] : [lo, hi];
    lagMs[f] = Math.round(a * Math.pow(b / a, rng.next()));
  }
  const clients = rng.int(4, 8);
  const readRatio = 0.75 + rng.next() * 0.15;
  const faults: Fault[] = [];
  // The near follower, the one most reads can use, crashes for a while on every seed:
  // the fault the lesson teaches for sticky routing.
  const down = near;
  const crashAt = Math.round(120 + rng.next() * 280);
  faults.push({ at: crashAt, kind: 'crash', node: down });
  faults.push({ at: crashAt + Math.round(100 + rng.next() * 200), kind: 'restart', node: down });
  // On about half the seeds another follower's link slows down for a while: a lag spike.
  if (rng.chance(0.5)) {
    const slow = rng.pick(followers);
    const at = Math.round(100 + rng.next() * 400);
    const factor = rng.int(4, 12);
    faults.push({ at, kind: 'slow', from: LEADER, to: slow, factor });
    faults.push({ at: at + Math.round(150 + rng.next() * 150), kind: 'slow', from: LEADER, to: slow, factor: 1 });
  }
  faults.sort((a, b) => a.at - b.at);
  const config: SimulationConfig = {
    seed,
    label: 'ch05-route-read',
    topology: { leader: LEADER, followers: [...followers] },
    network: {
      latency: { kind: 'uniform', min: 1, max: 3 },
      links: followers.map((f) => ({
        from: LEADER,
        to: f,
        latency: { kind: 'exponential' as const, mean: lagMs[f] ?? 10, min: 1 },
      })),
      clientLatency: { kind: 'uniform', min: 1, max: 3 },
    },
    clients: { readFrom: 'random', timeout: 500 },
    workload: {
      clients,
      thinkTime: { kind: 'uniform', min: 10, max: 40 },
      readRatio,
      keys: [...KEYS],
      duration: DURATION_MS,
    },
    faults,
    ...(routeRead ? { hooks: { routeRead } } : {}),
  };
  return { config, setup: { followers, lagMs, clients, readRatio, faults } };
}

function describeSetup(s: RouteReadSetup): string {
  const lags = s.followers.map((f) => `${f} ~${s.lagMs[f]} ms`).join(', ');
  return `leader ${LEADER}, followers ${lags}`;
}

/** Judges one run: the two session guarantees and the share of reads followers answered. */
export function judgeRouteRead(trace: Trace, setup: RouteReadSetup): Violation[] {
  const out: Violation[] = [];
  // The checkers' property names are the grader's; one violation of each is enough to act on.
  for (const r of [check.readYourWrites(trace), check.monotonicReads(trace)]) {
    const v = r.violations[0];
    if (v) out.push({ ...v, message: `${v.message} (${describeSetup(setup)})` });
  }
  let invoked = 0;
  for (const e of trace.events) if (e.type === 'invoke' && e.kind === 'read') invoked++;
  const routing = metrics.readRouting(trace, { leader: LEADER });
  const byFollowers = routing.reads - routing.servedByLeader;
  const share = invoked === 0 ? 1 : byFollowers / invoked;
  if (share < MIN_FOLLOWER_SHARE) {
    out.push(
      violationAt(
        trace,
        FOLLOWER_SHARE,
        trace.events.at(-1)?.step ?? 0,
        `followers answered ${byFollowers} of ${invoked} reads (${Math.round(share * 100)}%), fewer than the ${Math.round(MIN_FOLLOWER_SHARE * 100)}% required; ` +
          `the leader answered ${routing.servedByLeader} and ${invoked - routing.reads} failed. ` +
          `Followers exist to take reads off the leader: send a read to a follower whenever one has replayed what the session has seen (${describeSetup(setup)}).`,
      ),
    );
  }
  return out;
}

export const routeRead: ExerciseGrader = {
  name: 'ch05.routeRead',
  entry: 'routeRead',
  scenario: 'ch05-route-read',
  properties: [
    { name: READ_YOUR_WRITES, description: 'No read misses the session’s own acknowledged write.' },
    {
      name: MONOTONIC_READS,
      description: 'No read in a session returns an older version of a key than an earlier read did.',
    },
    {
      name: FOLLOWER_SHARE,
      description: `Followers answer at least ${Math.round(MIN_FOLLOWER_SHARE * 100)}% of all reads.`,
    },
  ],
  suites: { checks: CHECK_SEEDS, submit: SUBMIT_SEEDS },
  validate: (result, args) => {
    const replicas = args[1] as readonly { node: NodeId }[] | undefined;
    const names = (replicas ?? []).map((r) => r.node);
    return typeof result === 'string' && names.includes(result)
      ? undefined
      : `must return the name of one of the replicas (${names.map((n) => `'${n}'`).join(', ')}), but returned ${JSON.stringify(result) ?? 'undefined'}.`;
  },
  run(hook, seed): GraderRun {
    const { config, setup } = routeReadScenario(seed, hook as RouteReadHook);
    const trace = runSimulation(config, { settle: 300 });
    return { trace, violations: judgeRouteRead(trace, setup) };
  },
};
