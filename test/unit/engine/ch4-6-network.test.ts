/** Network features, commit modes (chapter 4), read routing (chapter 5) and failover (chapter 6). */
import { describe, expect, it } from 'vitest';
import { check, createSimulation, runSimulation } from '../../../src/engine/index.ts';
import { scenarios } from '../../../src/chapters/scenarios/index.ts';
import { laggyReads } from '../../../src/chapters/ch05/scenarios.ts';
import { leaderFailure } from '../../../src/chapters/ch06/scenarios.ts';
import { ofType } from './helpers.ts';

describe('network', () => {
  it('loses, duplicates and drops in-flight messages across a new partition', () => {
    const sim = createSimulation({
      seed: 3,
      topology: { leader: 'A', followers: ['B', 'C'] },
      network: { latency: 20, loss: 0.2, duplicate: 0.2 },
    });
    for (let i = 0; i < 40; i++) sim.write('k', i);
    sim.runFor(10);
    sim.partition(['A', 'B'], ['C']);
    sim.runFor(200);
    const t = sim.trace();
    const drops = ofType(t, 'drop');
    expect(drops.some((d) => d.reason === 'loss')).toBe(true);
    expect(drops.some((d) => d.reason === 'partition' && d.to === 'C')).toBe(true);
    expect(ofType(t, 'duplicate').length).toBeGreaterThan(0);
    expect(ofType(t, 'deliver').some((d) => d.to === 'C' && d.step > (ofType(t, 'partition')[0]?.step ?? 0))).toBe(
      false,
    );
  });

  it('applies slow-link factors and region latency', () => {
    const sim = createSimulation({
      seed: 1,
      topology: { leader: 'eu', followers: ['us'] },
      network: { regions: { nodes: { eu: 'eu', us: 'us' }, latency: { 'eu-us': 50 } } },
    });
    sim.write('x', 1);
    sim.runFor(200);
    sim.slowLink('eu', 'us', 3);
    sim.write('x', 2);
    sim.runFor(400);
    const t = sim.trace();
    const latency = (summary: string) => {
      const s = ofType(t, 'send').find((x) => x.summary === summary);
      const d = ofType(t, 'deliver').find((x) => x.msg === s?.msg);
      return (d?.time ?? 0) - (s?.time ?? 0);
    };
    expect(latency('LSN 1')).toBe(50);
    expect(latency('LSN 2')).toBe(150);
  });

  it('delivers in order per link by default and reorders when fifo is off', () => {
    const run = (fifo: boolean) => {
      const sim = createSimulation({
        seed: 9,
        topology: { leader: 'A', followers: ['B'] },
        network: { latency: { kind: 'uniform', min: 1, max: 50 }, fifo },
      });
      for (let i = 0; i < 30; i++) sim.write('k', i);
      sim.runFor(300);
      return ofType(sim.trace(), 'reject-entry').filter((r) => r.reason.startsWith('gap')).length;
    };
    expect(run(true)).toBe(0);
    expect(run(false)).toBeGreaterThan(0);
  });
});

describe('chapter 4: commit modes', () => {
  it('a down sync follower blocks commits until it returns', () => {
    const t = runSimulation(scenarios['ch04-sync-follower-down']!.build(1));
    const commits = ofType(t, 'commit');
    expect(commits.some((c) => c.time > 350 && c.time < 880)).toBe(false);
    expect(commits.some((c) => c.time > 900)).toBe(true);
  });

  it('sync commit latency exceeds async', () => {
    const p50 = (name: string) => {
      const t = runSimulation(scenarios[name]!.build(4));
      const inv = new Map(ofType(t, 'invoke').map((i) => [i.op, i.time]));
      const lat = ofType(t, 'ack')
        .filter((a) => a.kind === 'write')
        .map((a) => a.time - (inv.get(a.op) ?? 0))
        .sort((a, b) => a - b);
      return lat[Math.floor(lat.length / 2)] ?? 0;
    };
    expect(p50('ch04-sync-leader-crash')).toBeGreaterThan(p50('ch04-async-leader-crash') + 5);
  });

  it('ackPolicy decides acknowledgement; a throwing policy is recorded', () => {
    const sim = createSimulation({
      seed: 2,
      topology: { leader: 'A', followers: ['B', 'C'] },
      hooks: { ackPolicy: (s) => s.acked.length >= 2 },
    });
    const op = sim.write('x', 1);
    sim.runFor(100);
    expect(sim.result(op)?.status).toBe('ok');
    const bad = createSimulation({
      seed: 2,
      topology: { leader: 'A', followers: ['B'] },
      hooks: {
        ackPolicy: () => {
          throw new Error('nope');
        },
      },
    });
    const op2 = bad.write('x', 1);
    bad.runFor(2000);
    expect(bad.result(op2)?.status).toBe('info');
    expect(ofType(bad.trace(), 'hook-error')[0]?.message).toContain('nope');
  });
});

describe('chapter 5: read routing', () => {
  it('random routing shows read-your-writes violations; LSN routing removes them but keeps follower reads', () => {
    for (const seed of [1, 2, 3]) {
      expect(check.readYourWrites(runSimulation(laggyReads(seed))).valid, `seed ${seed}`).toBe(false);
      const t = runSimulation(scenarios['ch05-lsn-routing']!.build(seed));
      expect(check.readYourWrites(t).valid, `seed ${seed}`).toBe(true);
      expect(check.monotonicReads(t).valid, `seed ${seed}`).toBe(true);
    }
  });
});

describe('chapter 6: failover', () => {
  it('elects the most up-to-date replica, and the old leader rejoins and converges', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const t = runSimulation(leaderFailure(seed));
      const elect = ofType(t, 'elect')[0];
      expect(elect, `seed ${seed}: someone is elected`).toBeDefined();
      const max = Math.max(...(elect?.candidates ?? []).map((c) => c.lsn));
      expect(elect?.candidates.find((c) => c.node === elect.node)?.lsn, `seed ${seed}`).toBe(max);
      expect(check.mostUpToDate(t).valid, `seed ${seed}`).toBe(true);
      expect(check.splitBrain(t).valid, `seed ${seed}`).toBe(true);
      expect(check.divergence(t).valid, `seed ${seed}: ${check.divergence(t).violations[0]?.message}`).toBe(true);
      const lastRoleA = ofType(t, 'role')
        .filter((r) => r.node === 'A')
        .at(-1);
      expect(lastRoleA?.role, `seed ${seed}`).toBe('follower');
    }
  });

  it('electLeader hook is used; returning a bad choice elects nobody', () => {
    const t = runSimulation(leaderFailure(1, (c) => [...c].sort((a, b) => a.lsn - b.lsn)[0]?.node ?? null));
    expect(ofType(t, 'elect').length).toBeGreaterThan(0);
    const none = runSimulation(leaderFailure(1, () => 'nobody'));
    expect(ofType(none, 'elect').length).toBe(0);
  });
});
