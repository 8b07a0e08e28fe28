import { describe, expect, it } from 'vitest';
import { followerLag, maxFollowerLag } from '../../../src/engine/metrics/follower-lag.ts';
import { trace } from '../support/trace-builder.ts';

describe('followerLag', () => {
  // A hand-made trace without role events: the tests name its leader.
  const leader = { leader: 'leader' } as const;
  const t = trace(1, { tick: 0 })
    .at(0)
    .append('leader', 1, 'k')
    .at(10)
    .append('leader', 2, 'k')
    .at(15)
    .apply('f1', 1, 'k', 1)
    .at(30)
    .apply('f1', 2, 'k', 2)
    .at(40)
    .apply('f2', 1, 'k', 1)
    .build();

  it('reports lag in LSNs and in ms since the oldest unapplied entry was appended', () => {
    expect(followerLag(t, leader).map(({ time, node, lagLsn, lagMs }) => ({ time, node, lagLsn, lagMs }))).toEqual([
      { time: 0, node: 'f1', lagLsn: 1, lagMs: 0 },
      { time: 0, node: 'f2', lagLsn: 1, lagMs: 0 },
      { time: 10, node: 'f1', lagLsn: 2, lagMs: 10 },
      { time: 10, node: 'f2', lagLsn: 2, lagMs: 10 },
      { time: 15, node: 'f1', lagLsn: 1, lagMs: 5 }, // missing LSN 2, appended at 10
      { time: 30, node: 'f1', lagLsn: 0, lagMs: 0 },
      { time: 40, node: 'f2', lagLsn: 1, lagMs: 30 }, // missing LSN 2, appended at 10
    ]);
  });

  it('summarises the worst lag per follower, and can be restricted', () => {
    // The worst moment is just before catching up: f1 at 30 still missed LSN 2 (appended at 10),
    // f2 at 40 still missed LSN 1 (appended at 0).
    expect(maxFollowerLag(t, leader)).toEqual({ f1: { lagLsn: 2, lagMs: 20 }, f2: { lagLsn: 2, lagMs: 40 } });
    expect(new Set(followerLag(t, { ...leader, nodes: ['f2'] }).map((p) => p.node))).toEqual(new Set(['f2']));
  });

  it('measures against the new leader after a failover', () => {
    const f = trace(2, { tick: 0, nodes: ['n1', 'n2', 'n3'] })
      .at(0)
      .elect('n1', 1)
      .append('n1', 1, 'k')
      .append('n2', 1, 'k')
      .apply('n2', 1, 'k', 1)
      .at(100)
      .crash('n1')
      .at(150)
      .elect('n2', 2, { n2: 1, n3: 0 })
      .at(160)
      .append('n2', 2, 'k', { epoch: 2 })
      .build();
    const n3 = followerLag(f)
      .filter((p) => p.node === 'n3')
      .map(({ time, lagLsn, lagMs }) => ({ time, lagLsn, lagMs }));
    // Before the crash n3 lags n1 by 1; while no leader is up there are no points; after the
    // failover it lags n2, which has LSN 1 (appended at 0) and then LSN 2 (at 160).
    expect(n3).toEqual([
      { time: 0, lagLsn: 0, lagMs: 0 },
      { time: 0, lagLsn: 1, lagMs: 0 },
      { time: 150, lagLsn: 1, lagMs: 150 },
      { time: 160, lagLsn: 2, lagMs: 160 },
    ]);
  });

  it('can add regular samples, during which lagMs keeps growing', () => {
    const samples = followerLag(t, { ...leader, sampleMs: 20, nodes: ['f2'] }).map(({ time, lagLsn, lagMs }) => [
      time,
      lagLsn,
      lagMs,
    ]);
    expect(samples).toEqual([
      [0, 0, 0], // the sample at 0 comes before the leader's first append...
      [0, 1, 0], // ...which is at 0 too
      [10, 2, 10],
      [20, 2, 20],
      [40, 2, 40], // the sample at 40 comes before f2's apply at 40
      [40, 1, 30],
    ]);
  });

  it('stops while the leader is down', () => {
    const d = trace(3, { tick: 0 })
      .at(0)
      .append('leader', 1, 'k')
      .at(10)
      .crash('leader')
      .at(20)
      .apply('f1', 1, 'k', 1)
      .build();
    expect(followerLag(d, leader).map((p) => p.time)).toEqual([0]);
  });

  it('is empty without appends', () => {
    expect(followerLag(trace(1).build())).toEqual([]);
  });
});
