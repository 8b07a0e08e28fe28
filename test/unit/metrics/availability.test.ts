import { describe, expect, it } from 'vitest';
import { availability } from '../../../src/engine/metrics/availability.ts';
import { throughput } from '../../../src/engine/metrics/throughput.ts';
import { trace } from '../support/trace-builder.ts';

describe('availability', () => {
  // t=10 ok, t=20 fails, t=150 ok, t=160 times out, t=250 never answers.
  const t = trace(1, { tick: 0 })
    .at(10)
    .invokeWrite('a', 's1', 'k', 1)
    .ack('a')
    .at(20)
    .invokeWrite('b', 's2', 'k', 2)
    .fail('b')
    .at(150)
    .invokeWrite('c', 's1', 'k', 3)
    .ack('c')
    .at(160)
    .invokeRead('d', 's2', 'k')
    .at(190)
    .info('d')
    .at(250)
    .invokeWrite('e', 's3', 'k', 5)
    .build();

  it('is acknowledged / invoked, overall and per window', () => {
    const a = availability(t, { windowMs: 100 });
    expect({ ...a, windows: undefined }).toEqual({
      invoked: 5,
      acked: 2,
      failed: 1,
      indeterminate: 2,
      availability: 0.4,
      windows: undefined,
    });
    expect(a.windows).toEqual([
      { start: 0, end: 100, invoked: 2, acked: 1, availability: 0.5 },
      { start: 100, end: 200, invoked: 2, acked: 1, availability: 0.5 },
      { start: 200, end: 300, invoked: 1, acked: 0, availability: 0 },
    ]);
  });

  it('can count one kind only, and has no value without operations', () => {
    expect(availability(t, { kinds: ['write'] }).availability).toBe(0.5);
    expect(availability(trace(1).build()).availability).toBeNull();
  });
});

describe('throughput', () => {
  const t = trace(1, { tick: 0 })
    .at(0)
    .invokeWrite('a', 's1', 'k', 1)
    .at(10)
    .ack('a')
    .at(20)
    .invokeWrite('b', 's2', 'k', 2)
    .at(40)
    .ack('b')
    .at(50)
    .invokeWrite('c', 's3', 'k', 3)
    .at(60)
    .fail('c', 'shed')
    .at(110)
    .invokeWrite('d', 's4', 'k', 4)
    .at(120)
    .invokeWrite('e', 's5', 'k', 5)
    .at(150)
    .ack('e')
    .at(200)
    .info('d')
    .build();

  it('counts offered load, goodput, rejections and timeouts per window', () => {
    const r = throughput(t, { windowMs: 100 });
    expect(r.windows).toEqual([
      {
        start: 0,
        end: 100,
        invoked: 3,
        acked: 2,
        failed: 1,
        indeterminate: 0,
        throughput: 20,
        errorRate: 1 / 3,
        rejectRate: 1 / 3,
        timeoutRate: 0,
        latencyP50: 10,
        latencyP99: 20,
      },
      {
        start: 100,
        end: 200,
        invoked: 2,
        acked: 1,
        failed: 0,
        indeterminate: 0,
        throughput: 10,
        errorRate: 0,
        rejectRate: 0,
        timeoutRate: 0,
        latencyP50: 30,
        latencyP99: 30,
      },
      {
        start: 200,
        end: 300,
        invoked: 0,
        acked: 0,
        failed: 0,
        indeterminate: 1,
        throughput: 0,
        errorRate: 1,
        rejectRate: 0,
        timeoutRate: 1,
        latencyP50: null,
        latencyP99: null,
      },
    ]);
    expect(r.overall).toBe(15); // 3 acknowledged in 200 ms
    expect(r.errorRate).toBe(0.4);
  });

  it('is empty for an empty trace', () => {
    expect(throughput(trace(1).build())).toEqual({ windows: [], overall: 0, errorRate: null });
  });
});
