import { describe, expect, it } from 'vitest';
import { rpo } from '../../../src/engine/metrics/rpo.ts';
import { rto } from '../../../src/engine/metrics/rto.ts';
import { trace } from '../support/trace-builder.ts';

describe('rpo', () => {
  it('counts acknowledged writes lost in a failover and the window they span', () => {
    const t = trace(1, { tick: 0 })
      .at(0)
      .elect('leader', 1)
      .at(10)
      .write('op-1', 's', 'k', 1, { lsn: 1, epoch: 1 })
      .apply('f1', 1, 'k', 1)
      .at(30)
      .write('op-2', 's', 'k', 2, { lsn: 2, epoch: 1 })
      .at(40)
      .write('op-3', 's', 'k', 3, { lsn: 3, epoch: 1 })
      .at(50)
      .crash('leader')
      .at(90)
      .elect('f1', 2, { f1: 1 })
      .build();
    expect(rpo(t)).toEqual({ lostWrites: 2, lostOps: ['op-2', 'op-3'], windowMs: 20, from: 30, to: 50 });
  });

  it('is zero when nothing was lost', () => {
    const t = trace(1).write('op-1', 's', 'k', 1).read('op-2', 's', 'k', 1).build();
    expect(rpo(t)).toEqual({ lostWrites: 0, lostOps: [], windowMs: 0, from: null, to: null });
  });
});

describe('rto', () => {
  it('measures each stretch without a writable leader', () => {
    const t = trace(1, { tick: 0 })
      .at(0)
      .elect('n1', 1)
      .at(100)
      .crash('n1')
      .at(350)
      .elect('n2', 2)
      .at(500)
      .role('n2', 'follower', 2)
      .at(600)
      .elect('n3', 3)
      .at(700)
      .note('end')
      .build();
    const r = rto(t);
    expect(r.rtoMs).toBe(250);
    expect(r.totalMs).toBe(350);
    expect(r.outages.map((o) => [o.from, o.to, o.ongoing])).toEqual([
      [100, 350, false],
      [500, 600, false],
    ]);
  });

  it('does not count a deposed leader of an older epoch as writable', () => {
    const t = trace(1, { tick: 0 })
      .at(0)
      .elect('n1', 1)
      .at(100)
      .elect('n2', 2) // n1 is partitioned away and still believes it leads epoch 1
      .at(200)
      .crash('n2')
      .at(260)
      .elect('n3', 3)
      .build();
    expect(rto(t).outages.map((o) => [o.from, o.to])).toEqual([[200, 260]]);
  });

  it('reports an outage still open at the end, and none before the first leader', () => {
    const t = trace(1, { tick: 0 })
      .at(0)
      .note('boot')
      .at(50)
      .elect('n1', 1)
      .at(80)
      .crash('n1')
      .at(130)
      .note('end')
      .build();
    expect(rto(t)).toEqual({
      rtoMs: 50,
      totalMs: 50,
      outages: [{ from: 80, to: 130, fromStep: 2, toStep: 3, durationMs: 50, ongoing: true }],
    });
    expect(rto(trace(1).build())).toEqual({ rtoMs: 0, totalMs: 0, outages: [] });
  });
});
