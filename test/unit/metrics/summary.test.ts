import { describe, expect, it } from 'vitest';
import { metrics } from '../../../src/engine/metrics/index.ts';
import { trace } from '../support/trace-builder.ts';

describe('summary', () => {
  it('collects the headline numbers of a run', () => {
    const t = trace(77, { tick: 0, label: 'failover' })
      .at(0)
      .elect('leader', 1)
      .at(0)
      .invokeWrite('op-1', 's', 'k', 1)
      .append('leader', 1, 'k')
      .send('leader', 'f1')
      .at(10)
      .append('f1', 1, 'k') // the follower's log holds LSN 1: op-1 survives the crash, op-2 does not
      .apply('f1', 1, 'k', 1)
      .at(20)
      .ack('op-1', { lsn: 1, epoch: 1 })
      .at(30)
      .invokeWrite('op-2', 's', 'k', 2)
      .append('leader', 2, 'k')
      .send('leader', 'f1')
      .at(40)
      .ack('op-2', { lsn: 2, epoch: 1 })
      .at(50)
      .crash('leader')
      .at(150)
      .elect('f1', 2, { f1: 1 })
      .at(160)
      .invokeRead('op-3', 's', 'k', 'f1')
      .at(170)
      .ack('op-3', { value: 1 })
      .at(200)
      .note('end')
      .build();
    const s = metrics.summary(t);
    expect(s).toMatchObject({
      seed: 77,
      label: 'failover',
      durationMs: 200,
      operations: { invoked: 3, acked: 3, failed: 0, indeterminate: 0, pending: 0 },
      throughput: 15,
      errorRate: 0,
      availability: 1,
      staleReadRate: 1, // the only read missed op-2
      messagesPerOperation: 2 / 3,
      rpo: { lostWrites: 1, windowMs: 10 },
      rto: { rtoMs: 100, outages: 1 },
    });
    expect(s.commitLatency).toMatchObject({ count: 2, p50: 10, max: 20 });
    expect(s.readLatency.max).toBe(10);
    // f1 missed LSN 2 (appended at 30) until the leader crashed at 50; then there was no leader to lag behind.
    expect(s.maxLag['f1']).toEqual({ lagLsn: 1, lagMs: 20 });
  });

  it('has sensible values for an empty trace', () => {
    const s = metrics.summary(trace(1).build());
    expect(s.operations.invoked).toBe(0);
    expect(s.availability).toBeNull();
    expect(s.rto.rtoMs).toBe(0);
  });
});
