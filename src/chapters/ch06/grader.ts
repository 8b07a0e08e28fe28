/**
 * Chapter 6 — `electLeader(candidates)`: the choice an election makes once a
 * candidate has a majority of votes. The engine runs the rest of failover
 * with fencing on (heartbeats, a failure timeout, majority votes, epochs,
 * leases); the learner's function is handed the log position of every
 * replica that answered — `{ node, lsn, lastEpoch }`, nothing more — and
 * names the node to promote, or `null` to elect nobody this time.
 *
 * Each seed draws a whole cluster: 3 to 7 nodes with names drawn from a pool
 * (so no fixed name is always there), a leader, a failure timeout, latencies
 * and slow links (so which follower is ahead changes), and one of three
 * faults the lesson teaches:
 *
 * - `crash`: the leader crashes and comes back later as a follower;
 * - `slow`: the leader's links to its followers slow down past the failure
 *   timeout, a false suspicion that deposes a healthy leader;
 * - `diverge`: the leader is cut off alone but keeps taking writes until its
 *   lease runs out (a tail in the old epoch nobody else has); the majority
 *   elects a successor, which takes a few writes in the new epoch and
 *   crashes just before the network heals, so the next election sees a long
 *   old-epoch log next to a shorter new-epoch one.
 *
 * Properties:
 * - `most-up-to-date` (the engine's checker): the promoted node's log is at
 *   least as up to date as every answer heard — the later last epoch, then
 *   the higher LSN;
 * - `failover-completes`: every outage ends (RTO measured by the engine's
 *   `rto` metric) within `RTO_BUDGET_TIMEOUTS` failure timeouts;
 * - `split-brain` (the engine's checker): never two nodes accepting writes in
 *   the same epoch, or at the same time.
 *
 * Every message reports the run's RTO and RPO (acknowledged writes lost).
 */
import { Rng, check, createSimulation, metrics } from '../../engine/index.ts';
import type { ElectLeaderHook, NodeId, Simulation, SimulationConfig, Trace, Violation } from '../../engine/index.ts';
import type { ExerciseGrader, GraderRun } from '../grader-types.ts';
import { CHECK_SEEDS, SUBMIT_SEEDS, plural, violationAt } from '../grader-support.ts';

export const MOST_UP_TO_DATE = 'most-up-to-date';
export const FAILOVER_COMPLETES = 'failover-completes';
export const SPLIT_BRAIN = 'split-brain';

/** An outage longer than this many failure timeouts fails `failover-completes`. */
export const RTO_BUDGET_TIMEOUTS = 8;

export type FaultKind = 'crash' | 'slow' | 'diverge';
export const FAULT_KINDS: readonly FaultKind[] = ['crash', 'slow', 'diverge'];

/** Node names the clusters are drawn from: Kettleby's venues, in short. */
export const NAME_POOL: readonly NodeId[] = [
  'lyric',
  'field',
  'hall',
  'barn',
  'mill',
  'dock',
  'yard',
  'tower',
  'forge',
];

export interface ElectionSetup {
  readonly sim: Simulation;
  readonly config: SimulationConfig;
  readonly until: number;
  readonly kind: FaultKind;
  readonly nodes: readonly NodeId[];
  readonly leader: NodeId;
  readonly timeout: number;
}

/** Builds the run for one seed (nothing has run yet). The fault kind cycles with the seed, so every five seeds see all three. */
export function electionScenario(seed: number, electLeader?: ElectLeaderHook): ElectionSetup {
  const rng = new Rng(seed).fork('ch06-elect-leader');
  const kind = FAULT_KINDS[seed % FAULT_KINDS.length] as FaultKind;
  const size = kind === 'diverge' ? (rng.chance(0.5) ? 3 : 5) : rng.int(3, 5);
  const pool = [...NAME_POOL];
  const nodes: NodeId[] = [];
  while (nodes.length < size) nodes.push(pool.splice(rng.int(0, pool.length - 1), 1)[0] as NodeId);
  const leader = nodes[0] as NodeId;
  const followers = nodes.slice(1);
  const timeout = rng.int(12, 40) * 10;
  const heartbeatInterval = Math.round(timeout / rng.int(3, 5));
  // Some followers sit behind slower links, so they lag and the most up-to-date one changes with the seed.
  // (Not in `diverge` runs: a leader whose acknowledgements come back slower than its lease never holds one.)
  const links = followers
    .filter(() => rng.chance(0.5) && kind !== 'diverge')
    .map((f) => ({ from: leader, to: f, latency: { kind: 'exponential' as const, mean: rng.int(15, 50), min: 5 } }));
  const thinkTime = rng.int(25, 45);
  const faultAt = rng.int(25, 45) * 10;
  const end = faultAt + 5 * timeout + 300;
  const config: SimulationConfig = {
    seed,
    label: `ch06-elect-leader (${kind})`,
    topology: { leader, followers },
    replication: { mode: 'async' },
    network: { latency: { kind: 'exponential', mean: rng.int(2, 6), min: 1 }, links },
    clients: { timeout: 300, retries: 1 },
    failover: { heartbeatInterval, timeout, fencing: true },
    workload: { clients: 2, thinkTime, readRatio: 0.2, keys: ['seat:12A', 'seat:12B'], duration: end - 400 },
    ...(electLeader ? { hooks: { electLeader } } : {}),
  };
  const sim = createSimulation(config);
  if (kind === 'crash') {
    sim.at(faultAt, (s) => s.crash(leader));
    sim.at(faultAt + rng.int(3, 5) * timeout, (s) => s.restart(leader));
  } else if (kind === 'slow') {
    const factor = rng.int(8, 20);
    sim.at(faultAt, (s) => {
      for (const f of followers) s.slowLink(leader, f, factor);
    });
    sim.at(faultAt + rng.int(3, 5) * timeout, (s) => {
      for (const f of followers) s.slowLink(leader, f, 1);
    });
  } else {
    const rest = followers;
    const extra = rng.int(3, 8) * 5;
    sim.at(faultAt, (s) => s.partition([leader], [...rest]));
    // Kiosks that still reach the old leader keep selling through it until its lease runs out: the tail
    // in the old epoch that nobody else receives.
    for (let t = faultAt + 2; t < faultAt + timeout / 2; t += 4) {
      const at = t;
      sim.at(at, (s) => s.write('seat:14C', `held:kiosk-${at}`, { client: `kiosk-${at % 3}`, to: leader, retries: 0 }));
    }
    // Once the majority's leader has waited out the old lease and taken a few writes, it crashes; then the network heals.
    const watch =
      (t: number) =>
      (s: Simulation): void => {
        const successor = rest.find((n) => s.inspect(n).role === 'leader');
        if (successor === undefined) {
          if (t < end) s.at(t + 10, watch(t + 10));
          return;
        }
        const crashAt = t + timeout / 2 + extra;
        // A few sales through the new leader once it may write, so the survivors' logs end in the new epoch.
        for (let w = t + timeout / 2 + 2; w < crashAt - 4; w += 4) {
          const at = w;
          s.at(at, (s2) =>
            s2.write('seat:12A', `sold:desk-${Math.round(at)}`, { client: 'desk', to: successor, retries: 0 }),
          );
        }
        s.at(crashAt, (s2) => s2.crash(successor));
        s.at(crashAt + Math.max(5, Math.round(heartbeatInterval / 2)), (s3) => s3.heal());
      };
    sim.at(faultAt + timeout, watch(faultAt + timeout));
  }
  return { sim, config, until: end, kind, nodes, leader, timeout };
}

/**
 * Runs the scenario to its end; a run that ends in an outage gets up to
 * `RTO_BUDGET_TIMEOUTS` more failure timeouts to recover, so an outage that
 * began just before the end is judged on its real length.
 */
export function runElection(setup: ElectionSetup): Trace {
  setup.sim.runUntil(setup.until);
  let trace = setup.sim.trace();
  if (metrics.rto(trace).outages.some((o) => o.ongoing)) {
    setup.sim.runUntil(setup.until + RTO_BUDGET_TIMEOUTS * setup.timeout);
    trace = setup.sim.trace();
  }
  return trace;
}

/** RTO and RPO of a run, as the grader's messages report them. */
export function recovery(trace: Trace): string {
  const r = metrics.rto(trace);
  const p = metrics.rpo(trace);
  const ms = (x: number): string => `${Math.round(x)} ms`;
  const rto = r.outages.some((o) => o.ongoing)
    ? `RTO ≥ ${ms(r.rtoMs)} (no writable leader at the end)`
    : `RTO ${ms(r.rtoMs)}`;
  return `${rto}, RPO ${plural(p.lostWrites, 'acknowledged write')} lost${p.lostWrites > 0 ? ` (${ms(p.windowMs)})` : ''}`;
}

export function judgeElection(trace: Trace, setup: Pick<ElectionSetup, 'timeout' | 'kind'>): Violation[] {
  const out: Violation[] = [];
  const tail = ` [${setup.kind} run: ${recovery(trace)}]`;
  const withTail = (v: Violation): Violation => ({ ...v, message: v.message + tail });
  const m = check.mostUpToDate(trace).violations[0];
  if (m) out.push(withTail({ ...m, property: MOST_UP_TO_DATE }));
  const s = check.splitBrain(trace).violations[0];
  if (s) out.push(withTail({ ...s, property: SPLIT_BRAIN }));
  const r = metrics.rto(trace);
  const budget = RTO_BUDGET_TIMEOUTS * setup.timeout;
  const long = r.outages.find((o) => o.ongoing || o.durationMs > budget);
  if (long) {
    const elects = trace.events.filter((e) => e.type === 'elect' && e.time >= long.from).length;
    out.push(
      violationAt(
        trace,
        FAILOVER_COMPLETES,
        long.fromStep,
        long.ongoing
          ? `from ${Math.round(long.from)} ms on no node could accept writes, to the end of the run (${Math.round(long.durationMs)} ms): ` +
              `${elects === 0 ? 'no election promoted anyone' : 'no promoted node stayed writable'}. ` +
              `An elector that names nobody, or a node that is not among the candidates, leaves the cluster without a leader.` +
              tail
          : `the outage from ${Math.round(long.from)} ms lasted ${Math.round(long.durationMs)} ms, more than ${RTO_BUDGET_TIMEOUTS} failure timeouts ` +
              `(${budget} ms).` +
              tail,
      ),
    );
  }
  return out;
}

export const electLeader: ExerciseGrader = {
  name: 'ch06.electLeader',
  entry: 'electLeader',
  scenario: 'ch06-elect-leader',
  properties: [
    {
      name: MOST_UP_TO_DATE,
      description:
        'The promoted node’s log is the most up to date among the replicas that answered: latest last epoch, then highest LSN.',
    },
    {
      name: FAILOVER_COMPLETES,
      description: `After a failure a writable leader is back within ${RTO_BUDGET_TIMEOUTS} failure timeouts (the RTO).`,
    },
    { name: SPLIT_BRAIN, description: 'Never two nodes accepting writes in the same epoch or at the same time.' },
  ],
  suites: { checks: CHECK_SEEDS, submit: SUBMIT_SEEDS },
  validate: (result) =>
    result === null || typeof result === 'string'
      ? undefined
      : `electLeader must return a node name (a string) or null, not ${typeof result}`,
  run(hook, seed): GraderRun {
    const setup = electionScenario(seed, hook as ElectLeaderHook);
    const trace = runElection(setup);
    return { trace, violations: judgeElection(trace, setup) };
  },
};
