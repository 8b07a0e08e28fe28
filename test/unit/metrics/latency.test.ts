import { describe, expect, it } from 'vitest';
import { distribution, percentile } from '../../../src/engine/metrics/distribution.ts';
import {
  commitLatency,
  commitLatencySamples,
  latency,
  latencySamples,
  readLatency,
} from '../../../src/engine/metrics/latency.ts';
import { trace } from '../support/trace-builder.ts';

describe('distribution', () => {
  it('uses nearest rank: for 1..10, p50 = 5, p90 = 9, p99 = 10', () => {
    const d = distribution([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(d).toEqual({ count: 10, min: 1, p50: 5, p90: 9, p99: 10, max: 10, mean: 5.5 });
  });

  it('has no percentiles for no values', () => {
    expect(distribution([])).toEqual({ count: 0, min: null, p50: null, p90: null, p99: null, max: null, mean: null });
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 0)).toBe(7);
  });
});

describe('commitLatency', () => {
  // Writes take 10, 30 and 5 ms; a failed and an indeterminate write and a read do not count.
  const t = trace(1, { tick: 0 })
    .at(0)
    .invokeWrite('op-1', 's', 'k', 1)
    .at(10)
    .ack('op-1')
    .at(20)
    .invokeWrite('op-2', 's', 'k', 2)
    .at(50)
    .ack('op-2')
    .at(60)
    .invoke('op-3', { kind: 'increment', session: 's', key: 'c', value: 1 })
    .at(65)
    .ack('op-3')
    .at(70)
    .invokeWrite('op-4', 's', 'k', 4)
    .at(200)
    .fail('op-4')
    .at(80)
    .invokeWrite('op-5', 's', 'k', 5)
    .at(300)
    .info('op-5')
    .at(90)
    .invokeRead('op-6', 's', 'k')
    .at(92)
    .ack('op-6', { value: 2 })
    .build();

  it('measures invoke → ack of acknowledged writes only', () => {
    expect(commitLatency(t)).toEqual({ count: 3, min: 5, p50: 10, p90: 30, p99: 30, max: 30, mean: 15 });
  });

  it('measures reads separately, and any kinds on request', () => {
    expect(readLatency(t).max).toBe(2);
    expect(latency(t).count).toBe(4);
    expect(latency(t, { kinds: ['increment'] }).p50).toBe(5);
  });

  it('is empty for an empty trace', () => {
    expect(commitLatency(trace(1).build()).count).toBe(0);
    expect(commitLatencySamples(trace(1).build())).toEqual([]);
  });

  it('exports the samples it summarises, one per acknowledged write, in ack order', () => {
    expect(commitLatencySamples(t).map(({ op, ms }) => ({ op, ms }))).toEqual([
      { op: 'op-1', ms: 10 },
      { op: 'op-2', ms: 30 },
      { op: 'op-3', ms: 5 },
    ]);
    expect(latencySamples(t, { kinds: ['read'] }).map((s) => s.op)).toEqual(['op-6']);
  });

  it('orders samples by ack, not by invoke, and stamps each with its ack step', () => {
    // op-1 is invoked first but acknowledged last.
    const overlap = trace(1, { tick: 0 })
      .at(0)
      .invokeWrite('op-1', 's1', 'k', 1)
      .at(5)
      .invokeWrite('op-2', 's2', 'k', 2)
      .at(10)
      .ack('op-2')
      .at(40)
      .ack('op-1')
      .build();
    const ackStep = (op: string) => overlap.events.find((e) => e.type === 'ack' && e.op === op)?.step;
    expect(commitLatencySamples(overlap)).toEqual([
      { op: 'op-2', ms: 5, step: ackStep('op-2') },
      { op: 'op-1', ms: 40, step: ackStep('op-1') },
    ]);
    expect(commitLatency(overlap)).toMatchObject({ count: 2, p50: 5, max: 40 });
  });
});
