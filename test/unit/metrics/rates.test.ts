import { describe, expect, it } from 'vitest';
import { messagesPerOperation } from '../../../src/engine/metrics/messages-per-operation.ts';
import { readRouting } from '../../../src/engine/metrics/read-routing.ts';
import { staleReadRate } from '../../../src/engine/metrics/stale-read-rate.ts';
import { trace } from '../support/trace-builder.ts';

describe('staleReadRate', () => {
  it('is the share of reads the stale-read checker flags', () => {
    const t = trace(1)
      .write('op-1', 'w', 'k', 1)
      .read('op-2', 'a', 'k', 1)
      .read('op-3', 'b', 'k', null, { node: 'f1' }) // stale
      .write('op-4', 'w', 'k', 2)
      .read('op-5', 'a', 'k', 2)
      .read('op-6', 'b', 'k', 2, { node: 'f1' })
      .build();
    expect(staleReadRate(t)).toEqual({ reads: 4, stale: 1, rate: 0.25 });
  });

  it('is 0 without reads', () => {
    expect(staleReadRate(trace(1).build())).toEqual({ reads: 0, stale: 0, rate: 0 });
  });
});

describe('messagesPerOperation', () => {
  it('divides messages sent by operations invoked, by kind', () => {
    const t = trace(1)
      .write('op-1', 's', 'k', 1)
      .send('leader', 'f1')
      .send('leader', 'f2')
      .send('f1', 'leader', 'ack')
      .write('op-2', 's', 'k', 2)
      .send('leader', 'f1')
      .send('leader', 'f2')
      .send('f2', 'leader', 'ack')
      .build();
    expect(messagesPerOperation(t)).toEqual({
      messages: 6,
      operations: 2,
      perOperation: 3,
      byKind: { replicate: 4, ack: 2 },
    });
  });

  it('has no ratio without operations', () => {
    expect(messagesPerOperation(trace(1).send('a', 'b', 'heartbeat').build()).perOperation).toBeNull();
  });
});

describe('readRouting', () => {
  it('counts reads per node and the share answered by followers', () => {
    const t = trace(1)
      .read('op-1', 's', 'k', null, { node: 'leader' })
      .read('op-2', 's', 'k', null, { node: 'f1' })
      .read('op-3', 's', 'k', null, { node: 'f1' })
      .read('op-4', 's', 'k', null, { node: 'f2' })
      .invokeRead('op-5', 's', 'k', 'f2')
      .fail('op-5')
      .build();
    expect(readRouting(t, { leader: 'leader' })).toEqual({
      reads: 4,
      byNode: { leader: 1, f1: 2, f2: 1 },
      servedByLeader: 1,
      followerShare: 0.75,
    });
  });

  it('follows the elected leader', () => {
    const t = trace(1)
      .elect('n1', 1)
      .read('op-1', 's', 'k', null, { node: 'n1' })
      .elect('n2', 2)
      .crash('n1')
      .read('op-2', 's', 'k', null, { node: 'n2' })
      .build();
    expect(readRouting(t).followerShare).toBe(0);
  });
});
