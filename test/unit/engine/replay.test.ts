/**
 * Seeking with checkpoints (`createReplay`) gives exactly the board that
 * folding the trace from the start (`stateAt`) gives — at every step of a run
 * with duplicated messages, whose in-flight copy counts must not be shared
 * between checkpoints, and at every fourth step of two longer runs (`stateAt`
 * refolds from the start each time, so checking every step there is quadratic);
 * and under random seek sequences (backwards, far forwards, a step at a time,
 * with callers scribbling on the boards they got) over scenarios with
 * partitions, snapshots, truncations and CDC. The replay is lazy: creating it
 * reads no event, and `at(k)` folds only up to `k`, keeping a checkpoint per
 * `every` events on the way.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createReplay, runSimulation, stateAt } from '../../../src/engine/index.ts';
import type { BoardState, Trace, TraceEvent } from '../../../src/engine/index.ts';
import { scenarios } from '../../../src/chapters/scenarios/index.ts';

describe('createReplay', () => {
  for (const [name, seed, every] of [
    ['ch02-unreliable-network', 5, 1],
    ['ch02-stop-and-restart', 2, 4],
    ['ch06-leader-crash', 3, 4],
  ] as const) {
    it(`${name} seed ${seed}: every ${every === 1 ? '' : `${every}th `}step matches stateAt`, () => {
      const trace = runSimulation(scenarios[name]!.build(seed));
      const replay = createReplay(trace, 64);
      const wrong: number[] = [];
      for (let s = -1; s < trace.events.length; s += every) {
        if (JSON.stringify(replay.at(s)) !== JSON.stringify(stateAt(trace, s))) wrong.push(s);
      }
      expect(wrong.slice(0, 5), `${name} seed ${seed}: ${wrong.length} steps differ`).toEqual([]);
    });
  }
});

/** A 100k-event trace whose events are counted as they are read. */
function countedTrace(n: number): { trace: Trace; reads: () => number } {
  const events: TraceEvent[] = [];
  for (let step = 0; step < n; step++) {
    const lsn = (step >> 1) + 1;
    events.push(
      step % 2 === 0
        ? { step, time: step, type: 'append', node: 'A', lsn, epoch: 1, key: 'k', format: 'logical', entry: {} }
        : { step, time: step, type: 'apply', node: 'A', lsn, key: 'k', value: lsn },
    );
  }
  let reads = 0;
  const counted = new Proxy(events, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && /^\d+$/.test(prop)) reads++;
      return Reflect.get(target, prop, receiver);
    },
  });
  return { trace: { seed: 1, label: 'long', nodes: ['A', 'B'], events: counted }, reads: () => reads };
}

describe('createReplay is lazy', () => {
  it('opening a 100k-event trace folds nothing; at(k) folds up to k only, keeping k / every + 1 checkpoints', () => {
    const { trace, reads } = countedTrace(100_000);
    const replay = createReplay(trace, 500);
    expect(replay.length).toBe(100_000);
    expect(reads()).toBe(0);
    expect(replay.checkpointCount).toBe(1);

    expect(replay.at(-1).nodes['A']?.lsn).toBe(0);
    expect(reads()).toBe(0);

    const k = 12_345;
    expect(replay.at(k)).toEqual(stateAt(trace, k));
    const afterK = reads();
    // stateAt read k + 1 events; the replay as many again, no more.
    expect(afterK).toBe(2 * (k + 1));
    expect(replay.checkpointCount).toBe(Math.floor((k + 1) / 500) + 1);

    // Forward by one: folds on from the last board, reading one event.
    replay.at(k + 1);
    expect(reads() - afterK).toBe(1);
    // Back: from a checkpoint, fewer than `every` events, and no new checkpoints.
    const before = reads();
    replay.at(1_000);
    expect(reads() - before).toBeLessThan(500);
    expect(replay.checkpointCount).toBe(Math.floor((k + 1) / 500) + 1);
    // To the end: the frontier moves on from its last checkpoint, not from the start.
    const beforeEnd = reads();
    expect(replay.at(1e9).step).toBe(99_999);
    expect(reads() - beforeEnd).toBeLessThanOrEqual(100_000 - Math.floor((k + 1) / 500) * 500);
    expect(replay.checkpointCount).toBe(100_000 / 500 + 1);
  });

  it('clamps out-of-range and fractional steps, and finds steps by virtual time', () => {
    const trace = runSimulation(scenarios['ch02-stop-and-restart']!.build(1));
    const replay = createReplay(trace, 16);
    const n = trace.events.length;
    expect(replay.at(-50)).toEqual(stateAt(trace, -1));
    expect(replay.at(Number.NaN)).toEqual(stateAt(trace, -1));
    expect(replay.at(Infinity)).toEqual(stateAt(trace, n - 1));
    expect(replay.at(20.9)).toEqual(stateAt(trace, 20));
    const t = (trace.events[100] as TraceEvent).time;
    const s = replay.stepAtTime(t);
    expect((trace.events[s] as TraceEvent).time).toBe(t);
    expect((trace.events[s + 1] as TraceEvent | undefined)?.time ?? Infinity).toBeGreaterThan(t);
    expect(replay.stepAtTime(-1)).toBe(-1);
    expect(replay.stepAtTime(Infinity)).toBe(n - 1);
  });
});

/** Writes to every container of a board, as a careless caller might. */
function scribble(b: BoardState): void {
  const w = b as unknown as {
    order: string[];
    nodes: Record<string, { values: Record<string, unknown>; suspects: string[]; lsn: number }>;
    inFlight: { copies: number }[];
    partition: string[][] | null;
    pending: { key: string }[];
    cdc: Record<string, { lsn: number }>;
    slowLinks: Record<string, number>;
  };
  w.order.push('Z');
  for (const n of Object.values(w.nodes)) {
    n.values['scribbled'] = 1;
    n.suspects.push('Z');
    n.lsn = -7;
  }
  for (const m of w.inFlight) m.copies = 99;
  w.partition?.[0]?.push('Z');
  for (const p of w.pending) p.key = 'scribbled';
  for (const c of Object.values(w.cdc)) c.lsn = -7;
  w.slowLinks['Z->Z'] = 3;
}

describe('createReplay under random seeks', () => {
  // Partitions and truncation (ch06-fenced), snapshots (ch02-new-follower), duplicates and crashes
  // (ch02-unreliable-network), CDC views (ch03-cdc-search-index), a leaderless run (ch08-lost-replica).
  const names = [
    'ch06-fenced',
    'ch02-new-follower',
    'ch02-unreliable-network',
    'ch03-cdc-search-index',
    'ch08-lost-replica',
  ] as const;
  const traces = new Map<string, Trace>();
  const traceOf = (name: string, seed: number): Trace => {
    const key = `${name}/${seed}`;
    let t = traces.get(key);
    if (!t) traces.set(key, (t = runSimulation(scenarios[name]!.build(seed))));
    return t;
  };

  it('at(s) deep-equals stateAt(trace, s) for any sequence of seeks, over scenarios and seeds', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom(1, 7, 64, 500),
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('seek' as const), to: fc.double({ min: -0.05, max: 1.05, noNaN: true }) }),
            fc.record({ op: fc.constant('fwd' as const), by: fc.integer({ min: 0, max: 80 }) }),
            fc.record({ op: fc.constant('back' as const), by: fc.integer({ min: 1, max: 80 }) }),
          ),
          { minLength: 1, maxLength: 12 },
        ),
        fc.boolean(),
        (name, seed, every, moves, careless) => {
          const trace = traceOf(name, seed);
          const n = trace.events.length;
          const replay = createReplay(trace, every);
          let s = -1;
          for (const m of moves) {
            if (m.op === 'seek') s = Math.floor(m.to * n);
            else if (m.op === 'fwd') s += m.by;
            else s -= m.by;
            s = Math.max(-1, Math.min(n - 1, s));
            const board = replay.at(s);
            expect(board, `${name} seed ${seed} every ${every} step ${s}`).toStrictEqual(stateAt(trace, s));
            if (careless) scribble(board);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
