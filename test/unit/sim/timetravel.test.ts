import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TimeTravel, commonPrefix } from '../../../src/components/sim/model/timetravel.ts';
import { foldTo, lagOf, leaders } from '../../../src/components/sim/model/fold.ts';
import { Player, type Timer } from '../../../src/components/sim/model/player.ts';
import { small, synthetic } from './fixtures.ts';

describe('fold', () => {
  it('tracks roles, logs, data, crashes and restarts', () => {
    const t = small();
    const s = foldTo(t, 13);
    expect(s.nodes.A?.role).toBe('leader');
    expect(s.nodes.B?.appliedLsn).toBe(1);
    expect(s.nodes.B?.values.gold).toBe(105);
    expect(s.nodes.C?.appliedLsn).toBe(0);
    expect(lagOf(s, 'C')).toBe(1);
    expect(lagOf(s, 'B')).toBe(0);
    const crashed = foldTo(t, 16);
    expect(crashed.nodes.B?.up).toBe(false);
    const end = foldTo(t, t.events.length);
    expect(end.nodes.B?.up).toBe(true);
    expect(end.nodes.B?.lsn).toBe(1);
    expect(leaders(end).map((n) => n.node)).toEqual(['A']);
    expect(end.pending).toEqual([]);
  });

  it('tracks pending client operations', () => {
    const s = foldTo(small(), 4);
    expect(s.pending.map((p) => p.op)).toEqual(['op-1']);
  });
});

describe('TimeTravel', () => {
  it('stateAt equals folding from 0 at every cursor', () => {
    const trace = synthetic(7, 80);
    const tt = new TimeTravel(trace, { checkpointEvery: 16 });
    // Checkpoints are built lazily, as far as the viewer has gone.
    expect(tt.checkpointCount).toBe(1);
    tt.seek(40);
    expect(tt.checkpointCount).toBe(3);
    for (let c = 0; c <= trace.events.length; c++) expect(tt.stateAt(c)).toEqual(foldTo(trace, c));
    expect(tt.checkpointCount).toBe(Math.floor(trace.events.length / 16) + 1);
    // and backwards, from the checkpoints
    for (let c = trace.events.length; c >= 0; c -= 7) expect(tt.stateAt(c)).toEqual(foldTo(trace, c));
  });

  it('any sequence of seeks, steps and rewinds lands on the folded state', () => {
    const trace = synthetic(11, 60);
    const n = trace.events.length;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('seek' as const), to: fc.integer({ min: -5, max: n + 5 }) }),
            fc.record({ op: fc.constant('fwd' as const), by: fc.integer({ min: 1, max: 50 }) }),
            fc.record({ op: fc.constant('back' as const), by: fc.integer({ min: 1, max: 50 }) }),
            fc.record({ op: fc.constant('rewind' as const) }),
            fc.record({ op: fc.constant('end' as const) }),
          ),
          { maxLength: 25 },
        ),
        (every, actions) => {
          const tt = new TimeTravel(trace, { checkpointEvery: every });
          let expected = 0;
          for (const a of actions) {
            if (a.op === 'seek') {
              tt.seek(a.to);
              expected = Math.max(0, Math.min(n, a.to));
            } else if (a.op === 'fwd') {
              tt.stepForward(a.by);
              expected = Math.min(n, expected + a.by);
            } else if (a.op === 'back') {
              tt.stepBack(a.by);
              expected = Math.max(0, expected - a.by);
            } else if (a.op === 'rewind') {
              tt.rewind();
              expected = 0;
            } else {
              tt.toEnd();
              expected = n;
            }
            expect(tt.cursor).toBe(expected);
          }
          expect(tt.state).toEqual(foldTo(trace, expected));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('returns copies: mutating a returned state does not corrupt checkpoints', () => {
    const trace = synthetic(3, 40);
    const tt = new TimeTravel(trace, { checkpointEvery: 8 });
    const s = tt.stateAt(8);
    const a = s.nodes.A;
    if (!a) throw new Error('no A');
    // the board is typed read-only; a caller that writes to it anyway must not reach the checkpoints
    (a.values as Record<string, unknown>).x = 'corrupted';
    (a.suspects as string[]).push('Z');
    (s.order as string[]).push('Z');
    expect(tt.stateAt(8)).toEqual(foldTo(trace, 8));
    expect(tt.stateAt(9)).toEqual(foldTo(trace, 9));
  });

  it('clamps out-of-range and non-finite cursors', () => {
    const trace = small();
    const tt = new TimeTravel(trace);
    expect(tt.seek(-10).cursor).toBe(0);
    expect(tt.seek(1e9).cursor).toBe(trace.events.length);
    expect(tt.seek(Number.NaN).cursor).toBe(0);
    expect(tt.seek(Infinity).cursor).toBe(trace.events.length);
    expect(tt.seek(2.7).cursor).toBe(2);
    expect(tt.atEnd()).toBe(false);
    expect(tt.event?.step).toBe(1);
  });

  it('finds the cursor for a virtual time', () => {
    const tt = new TimeTravel(small());
    expect(tt.cursorAtTime(-1)).toBe(0);
    expect(tt.cursorAtTime(0)).toBe(3);
    expect(tt.cursorAtTime(11)).toBe(9);
    expect(tt.cursorAtTime(1000)).toBe(small().events.length);
  });

  it('works on an empty trace', () => {
    const tt = new TimeTravel({ seed: 1, label: 'empty', nodes: ['A'], events: [] });
    expect(tt.length).toBe(0);
    expect(tt.stepForward().cursor).toBe(0);
    expect(tt.atEnd()).toBe(true);
    expect(tt.state.nodes.A?.up).toBe(true);
  });

  it('commonPrefix finds where two runs diverge', () => {
    const a = synthetic(5, 30);
    expect(commonPrefix(a, a)).toBe(a.events.length);
    const b = {
      ...a,
      events: [...a.events.slice(0, 12), { ...(a.events[12] as object), time: 99999 } as (typeof a.events)[number]],
    };
    expect(commonPrefix(a, b)).toBe(12);
    expect(commonPrefix(a, { ...a, events: a.events.slice(0, 5) })).toBe(5);
  });
});

describe('Player', () => {
  function manualTimer(): Timer & { fire(): void; pending: number } {
    let fn: (() => void) | null = null;
    return {
      set(f) {
        fn = f;
        return 1;
      },
      clear() {
        fn = null;
      },
      fire() {
        const f = fn;
        fn = null;
        f?.();
      },
      get pending() {
        return fn ? 1 : 0;
      },
    };
  }

  it('plays step by step, pauses, and stops at the end', () => {
    const trace = small();
    const tt = new TimeTravel(trace);
    const timer = manualTimer();
    let changes = 0;
    const p = new Player(tt, timer, () => changes++);
    p.play();
    expect(p.playing).toBe(true);
    timer.fire();
    timer.fire();
    expect(tt.cursor).toBe(2);
    p.pause();
    expect(p.playing).toBe(false);
    expect(timer.pending).toBe(0);
    p.play();
    for (let i = 0; i < 100; i++) timer.fire();
    expect(tt.atEnd()).toBe(true);
    expect(p.playing).toBe(false);
    expect(changes).toBeGreaterThan(3);
    // Play at the end starts over.
    p.play();
    expect(tt.cursor).toBe(0);
    p.pause();
  });

  it('follows elapsed time when frames are late, without unbounded jumps', () => {
    const tt = new TimeTravel(synthetic(2, 200));
    let t = 0;
    const base = manualTimer();
    const timer = { ...base, set: base.set, clear: base.clear, fire: base.fire, now: () => t };
    const p = new Player(tt, timer, () => {});
    p.speed = 100; // 3 steps per ~30 ms tick
    p.play();
    t = 30;
    timer.fire();
    expect(tt.cursor).toBe(3);
    t = 90; // a late frame: 60 ms = 6 steps due
    timer.fire();
    expect(tt.cursor).toBe(9);
    t = 5000; // a very late frame (tab in background): capped at 4 ticks' worth
    timer.fire();
    expect(tt.cursor).toBe(21);
    p.pause();
  });

  it('advances several steps per tick at high speed', () => {
    const tt = new TimeTravel(synthetic(2, 60));
    const timer = manualTimer();
    const p = new Player(tt, timer, () => {});
    p.speed = 100;
    p.play();
    timer.fire();
    expect(tt.cursor).toBe(3);
  });
});
