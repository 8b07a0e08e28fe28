import { describe, expect, it } from 'vitest';
import { followerLag, maxFollowerLag } from '../../../src/engine/metrics/follower-lag.ts';
import { currentLeader, entriesBehind, lagBehind } from '../../../src/engine/metrics/lag.ts';
import { stateAt } from '../../../src/engine/trace/replay.ts';
import type { Trace } from '../../../src/engine/trace/events.ts';
import { trace } from '../support/trace-builder.ts';

const lastStep = (t: Trace) => t.events.length - 1;
const latest = (t: Trace, node: string) =>
  followerLag(t)
    .filter((p) => p.node === node)
    .at(-1)?.lagLsn;

describe('the one lag', () => {
  const pos = (role: string, epoch: number, lsn: number, appliedLsn = lsn) => ({ role, epoch, lsn, appliedLsn });

  it('picks the up leader of the highest epoch, the first in order on a tie', () => {
    const nodes = new Map([
      ['A', pos('leader', 1, 9)],
      ['B', pos('leader', 2, 4)],
      ['C', pos('leader', 2, 5)],
      ['D', pos('down', 3, 7)],
    ]);
    expect(currentLeader(['A', 'B', 'C', 'D'], (n) => nodes.get(n))).toBe('B');
    expect(currentLeader(['A', 'C', 'B'], (n) => nodes.get(n))).toBe('C');
    expect(currentLeader(['D'], (n) => nodes.get(n))).toBeNull();
    expect(currentLeader(['x'], () => pos('single', 0, 0))).toBe('x');
  });

  it('counts the entries of the leader log a node has not applied, never below zero', () => {
    expect(entriesBehind(pos('leader', 1, 9), pos('follower', 1, 9, 4))).toBe(5);
    expect(entriesBehind(pos('leader', 1, 3), pos('follower', 1, 5))).toBe(0);
    const nodes = new Map([
      ['L', pos('leader', 1, 9)],
      ['F', pos('follower', 1, 6)],
    ]);
    expect(lagBehind('single', 'L', 'F', (n) => nodes.get(n))).toBe(3);
    expect(lagBehind(undefined, 'L', 'F', (n) => nodes.get(n))).toBe(3);
    expect(
      lagBehind('single', 'L', 'L', (n) => nodes.get(n)),
      'the leader has no lag',
    ).toBeNull();
    expect(
      lagBehind('single', null, 'F', (n) => nodes.get(n)),
      'no leader, no lag',
    ).toBeNull();
    expect(lagBehind('multi', 'L', 'F', (n) => nodes.get(n))).toBeNull();
    expect(lagBehind('leaderless', 'L', 'F', (n) => nodes.get(n))).toBeNull();
  });
});

describe('board and chart read the one lag', () => {
  // A is deposed in epoch 2 but, cut off, keeps taking writes up to LSN 6; B leads epoch 2 with LSN 2.
  const split = trace(4, { tick: 0, nodes: ['A', 'B', 'C'] })
    .at(0)
    .role('A', 'leader', 1)
    .role('B', 'follower', 1)
    .role('C', 'follower', 1)
    .append('A', 1, 'k')
    .append('A', 2, 'k')
    .append('B', 1, 'k')
    .append('B', 2, 'k')
    .apply('B', 2, 'k', 2)
    .apply('C', 1, 'k', 1)
    .at(100)
    .partition(['A'], ['B', 'C'])
    .append('A', 3, 'k')
    .append('A', 4, 'k')
    .append('A', 5, 'k')
    .append('A', 6, 'k')
    .at(200)
    .role('B', 'leader', 2)
    .build();

  it('measures against the leader of the highest epoch, not the longest log of anyone calling itself leader', () => {
    const board = stateAt(split, lastStep(split));
    expect(board.leader).toBe('B');
    expect(board.leaders).toEqual(['A', 'B']);
    // C applied 1 of B's 2 entries; A's 6 entries will be truncated and do not count (the old board said 5).
    expect(board.nodes['C']?.lag).toBe(1);
    expect(latest(split, 'C')).toBe(1);
    expect(board.nodes['B']?.lag, 'the leader has no lag').toBeNull();
    // The deposed leader is behind the new leader too: it applied nothing.
    expect(board.nodes['A']?.lag).toBe(2);
    expect(latest(split, 'A')).toBe(2);
  });

  it('reports no lag while no leader is up, and resumes with the next one', () => {
    const t = trace(5, { tick: 0, nodes: ['A', 'B'] })
      .at(0)
      .elect('A', 1)
      .append('A', 1, 'k')
      .append('A', 2, 'k')
      .at(50)
      .crash('A')
      .apply('B', 1, 'k', 1)
      .build();
    expect(stateAt(t, 2).nodes['B']?.lag, 'an elect makes the node leader on the board too').toBe(2);
    expect(stateAt(t, lastStep(t)).nodes['B']?.lag).toBeNull();
    expect(followerLag(t).map((p) => [p.time, p.lagLsn])).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
    ]);
  });

  it('follows truncations and restarts, which move positions as much as applies do', () => {
    const t = trace(6, { tick: 0, nodes: ['A', 'B'] })
      .at(0)
      .role('A', 'leader', 1)
      .role('B', 'follower', 1)
      .append('A', 1, 'k')
      .append('A', 2, 'k')
      .append('A', 3, 'k')
      .at(10)
      .crash('B')
      .at(20)
      .restart('B', 2) // B's durable log held LSN 2
      .at(30)
      .event({ type: 'truncate', node: 'B', lsn: 1, from: 2, to: 2, epoch: 1, data: {} }) // and LSN 2 was cut
      .build();
    expect(stateAt(t, lastStep(t) - 1).nodes['B']?.lag).toBe(1);
    expect(
      followerLag(t)
        .filter((p) => p.node === 'B' && p.time === 20)
        .map((p) => p.lagLsn),
    ).toEqual([1]);
    expect(stateAt(t, lastStep(t)).nodes['B']?.lag).toBe(2);
    expect(latest(t, 'B')).toBe(2);
    // Worst: 3 behind before the crash; just before the cut, still missing LSN 3 (appended at 0) at 30.
    expect(maxFollowerLag(t)['B']).toEqual({ lagLsn: 3, lagMs: 30 });
  });

  it('draws no lines for multi-leader or leaderless runs: there is no single leader to lag behind', () => {
    const multi: Trace = {
      ...trace(7, { tick: 0, nodes: ['eu', 'us'] })
        .at(0)
        .role('eu', 'leader', 1)
        .role('us', 'leader', 1)
        .apply('eu', 1, 'k', 1)
        .apply('eu', 2, 'k', 2)
        .apply('us', 1, 'k', 2)
        .build(),
      shape: 'multi',
    };
    expect(followerLag(multi)).toEqual([]);
    expect(maxFollowerLag(multi)).toEqual({});
    const board = stateAt(multi, lastStep(multi));
    expect(Object.values(board.nodes).map((n) => n.lag)).toEqual([null, null]);
    expect(followerLag({ ...multi, shape: 'leaderless' })).toEqual([]);
    // The same events in a single-leader trace do report lag (eu leads: the first of the tie).
    expect(followerLag({ ...multi, shape: 'single' }).length).toBeGreaterThan(0);
  });
});
