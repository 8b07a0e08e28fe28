/**
 * Does a failover run end with a leader? A measurement over
 * `ch09-global-single-leader` (every node is up and connected for its last
 * 1200 ms; only the eu-1 <-> us-1 link stays five times slow) and regressions
 * for the election bugs it found.
 *
 * "Ends with a leader" (`endsWithLeader`): at the run's last event — the end
 * of the default settle period, 1000 ms after the workload — an up node's
 * last role is leader in the highest epoch any node has led. A restarted old
 * leader that still believes it leads an older epoch does not count.
 *
 * What the runs without a leader at the end are: before the fix, 21 of 200
 * seeds, most of them a candidate abandoning its campaign for a stale leader
 * (seed 5: eu-2 campaigned for epoch 2 and us-1 and ap-1 granted it, then
 * eu-1 came back from its crash believing it led epoch 1; eu-2 went back to
 * following it, the voters fenced eu-1, and nobody led). After it, 16: runs
 * still converging when the run stops. The slow link makes an eu-1/us-1
 * round trip (~500 ms) longer than the failure timeout (400 ms), against
 * Raft's timing rule (broadcast time much shorter than the election
 * timeout), so votes split, a voter times out before its candidate's last
 * slow vote arrives and deposes the new leader, and elections repeat. None is
 * stuck: given more time (8 s of settling) every seed elects a leader, so no
 * vote is lost for good and no timer is left unarmed.
 */
import { describe, expect, it } from 'vitest';
import { runSimulation, type Trace } from '../../../src/engine/index.ts';
import { scenarios } from '../../../src/chapters/scenarios/index.ts';
import { swarmConfig } from '../support/swarm.ts';
import * as oracle from '../support/oracle.ts';

/** An up node leading, at the last event, in the highest epoch any node has led. */
function endsWithLeader(trace: Trace): boolean {
  const alive = new Set(trace.nodes);
  const role = new Map<string, { role: string; epoch: number }>();
  let top = 0;
  for (const e of trace.events) {
    if (e.type === 'crash') alive.delete(e.node);
    else if (e.type === 'restart') alive.add(e.node);
    else if (e.type === 'role') {
      role.set(e.node, { role: e.role, epoch: e.epoch });
      if (e.role === 'leader') top = Math.max(top, e.epoch);
    }
  }
  return [...role].some(([n, r]) => alive.has(n) && r.role === 'leader' && r.epoch === top);
}

const SEEDS = 200;
const scenario = scenarios['ch09-global-single-leader'];

function leaderlessSeeds(settle?: number): number[] {
  if (scenario === undefined) throw new Error('ch09-global-single-leader is not registered');
  const out: number[] = [];
  for (let seed = 1; seed <= SEEDS; seed++)
    if (!endsWithLeader(runSimulation(scenario.build(seed), settle === undefined ? {} : { settle }))) out.push(seed);
  return out;
}

describe('a failover run ends with a leader', () => {
  it('ch09-global-single-leader: at most 16 of 200 runs end still electing (21 before the campaign fix)', () => {
    // Known lead, measured, not hidden: these runs are still converging when they stop (see the
    // module comment). A change that adds one fails here and names the seeds.
    const seeds = leaderlessSeeds();
    expect(seeds.length, `leaderless at the end: seeds ${seeds.join(', ')}`).toBeLessThanOrEqual(16);
  });

  it('ch09-global-single-leader: no run loses its leader for good (every seed has one after 8 s of settling)', () => {
    expect(leaderlessSeeds(8000)).toEqual([]);
  });

  it('seed 5: the campaign is not abandoned for the restarted old leader of epoch 1', () => {
    const t = runSimulation(scenario!.build(5));
    const elect = t.events.find((e) => e.type === 'elect' && e.time > 2000);
    expect(elect?.type === 'elect' && elect.epoch, 'seed 5').toBe(2);
    expect(elect?.time, 'seed 5').toBeLessThan(2400);
    expect(endsWithLeader(t), 'seed 5').toBe(true);
  });

  it('a candidate never goes back to following a leader of an older epoch while its campaign runs', () => {
    // From the trace alone: a node's campaign epoch is that of the vote requests it sends; hearing
    // a leader mid-campaign (failover machine campaigning/deciding -> following on leader.heard)
    // must be hearing one of that epoch or later (the role event just before says which).
    const bad: string[] = [];
    for (let seed = 1; seed <= 100; seed++) {
      const t = runSimulation(scenario!.build(seed));
      const campaign = new Map<string, number>();
      const lastRole = new Map<string, number>();
      for (const e of t.events) {
        if (e.type === 'send' && e.kind === 'vote-request' && e.detail?.epoch !== undefined)
          campaign.set(e.from, e.detail.epoch);
        else if (e.type === 'role') lastRole.set(e.node, e.epoch);
        else if (
          e.type === 'state' &&
          e.machine === 'failover' &&
          e.event === 'leader.heard' &&
          (e.from === 'campaigning' || e.from === 'deciding')
        ) {
          // The role change (to follower, in the heard leader's epoch) is recorded just before.
          const c = campaign.get(e.owner) ?? 0;
          const followed = lastRole.get(e.owner) ?? 0;
          if (followed < c)
            bad.push(`seed ${seed} step ${e.step}: ${e.owner} campaigning for ${c} follows epoch ${followed}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('a stale leader’s heartbeat counts as an answer: a live, more up-to-date old leader is not passed over', () => {
    // Swarm seeds (5 nodes) where a candidate heard the old leader, ahead of every voter, only by
    // its heartbeat: it is chosen and leads the new epoch (before, a voter behind it was elected).
    for (const mode of ['async', 'semi-sync'] as const)
      for (const seed of [73, 83, 87]) {
        const t = runSimulation(swarmConfig(seed, { mode, nodes: 5 }));
        expect(oracle.electedBehindLivePeer(t), `${mode} seed ${seed}`).toEqual([]);
        const promotedStale = t.events.some(
          (e) => e.type === 'state' && e.machine === 'failover' && e.from === 'fenced' && e.event === 'election.won',
        );
        expect(promotedStale, `${mode} seed ${seed}`).toBe(true);
      }
  });
});
