/**
 * The engine's online invariants fail fast, naming seed and step, on the
 * events an engine bug would record — and never on a real run.
 */
import { describe, expect, it } from 'vitest';
import { InvariantError, OnlineInvariants } from '../../../src/engine/trace/invariants.ts';
import type { TraceEvent, TraceEventInput } from '../../../src/engine/index.ts';
import { scenarioList } from '../../../src/chapters/scenarios/index.ts';
import { runSimulation } from '../../../src/engine/index.ts';

function feed(events: readonly TraceEventInput[]): void {
  const inv = new OnlineInvariants(77);
  events.forEach((e, step) => inv.check({ ...e, step, time: step } as TraceEvent));
}

describe('online invariants', () => {
  it('flag an epoch going back, an apply beyond the log, and a second completion', () => {
    expect(() =>
      feed([
        { type: 'role', node: 'A', role: 'leader', epoch: 3 },
        { type: 'role', node: 'A', role: 'follower', epoch: 2 },
      ]),
    ).toThrow(/step 1, seed 77: A's epoch went back from 3 to 2/);
    expect(() =>
      feed([
        { type: 'append', node: 'B', lsn: 1, epoch: 1, key: 'k', format: 'logical', entry: null },
        { type: 'apply', node: 'B', lsn: 2, key: 'k', value: 1 },
      ]),
    ).toThrow(InvariantError);
    const done = { op: 'op-1', client: 'c', session: 's', kind: 'write', key: 'k', node: 'A' } as const;
    expect(() =>
      feed([
        { type: 'ack', ...done },
        { type: 'info', ...done, reason: 'timeout' },
      ]),
    ).toThrow(/operation op-1 completed a second time/);
  });

  it('accept every named scenario on several seeds', () => {
    for (const s of scenarioList)
      for (const seed of [1, 2, 3]) expect(() => runSimulation(s.build(seed))).not.toThrow();
  });
});
