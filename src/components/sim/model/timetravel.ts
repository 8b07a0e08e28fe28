/**
 * Time travel over a precomputed trace: seek, step forward and back, rewind.
 *
 * A cursor over the engine's replay (`createReplay` in
 * src/engine/trace/replay.ts, the one replay in the project), with no fold or
 * checkpoint of its own: the replay folds lazily, only as far as the learner
 * has gone, so opening a long run costs nothing up front; it keeps a
 * checkpoint every `checkpointEvery` events and steps on from the last board
 * when the learner moves forward a little (RaftScope's idea, without its
 * globals). Returned states are the engine's fresh boards with the cursor
 * beside them (`viewOf`): callers may keep or mutate them without corrupting
 * the replay.
 *
 * Positions are cursors: the number of events applied, from 0 (before the
 * first event) to `length` (after the last). "Step k" in the UI is the event
 * at index k, i.e. the state at cursor k + 1 (`replay.at(cursor - 1)`).
 */
import type { Trace, TraceEvent } from '../../../engine/trace/events.ts';
import { createReplay, type Replay } from '../../../engine/trace/replay.ts';
import { viewOf, type ViewState } from './fold.ts';

export interface TimeTravelOptions {
  /** Distance between checkpoints, in events. Default 64: a seek refolds at most 63 events. */
  readonly checkpointEvery?: number;
}

export class TimeTravel {
  readonly trace: Trace;
  readonly length: number;
  readonly checkpointEvery: number;
  private readonly replay: Replay;
  /** The state at the current cursor, as handed out. */
  private cur: ViewState;

  constructor(trace: Trace, options: TimeTravelOptions = {}) {
    this.replay = createReplay(trace, options.checkpointEvery ?? 64);
    this.trace = trace;
    this.length = this.replay.length;
    this.checkpointEvery = this.replay.every;
    this.cur = viewOf(this.replay.at(-1));
  }

  /** Number of checkpoints the replay has kept so far (for tests and memory accounting). */
  get checkpointCount(): number {
    return this.replay.checkpointCount;
  }

  get cursor(): number {
    return this.cur.cursor;
  }

  /** The current state. Treat it as read-only; use `stateAt` for a copy you own. */
  get state(): ViewState {
    return this.cur;
  }

  /** The event that produced the current state (`undefined` at cursor 0). */
  get event(): TraceEvent | undefined {
    return this.cur.cursor > 0 ? this.trace.events[this.cur.cursor - 1] : undefined;
  }

  clamp(cursor: number): number {
    if (!Number.isFinite(cursor)) return cursor > 0 ? this.length : 0;
    return Math.max(0, Math.min(this.length, Math.floor(cursor)));
  }

  /** A fresh copy of the state at `cursor` (clamped); the current position does not move. */
  stateAt(cursor: number): ViewState {
    return viewOf(this.replay.at(this.clamp(cursor) - 1));
  }

  /** Moves to `cursor` (clamped). Going forward a little folds on from the current state (the replay's fast path). */
  seek(cursor: number): ViewState {
    const c = this.clamp(cursor);
    if (c !== this.cur.cursor) this.cur = viewOf(this.replay.at(c - 1));
    return this.cur;
  }

  stepForward(n = 1): ViewState {
    return this.seek(this.cur.cursor + n);
  }

  stepBack(n = 1): ViewState {
    return this.seek(this.cur.cursor - n);
  }

  rewind(): ViewState {
    return this.seek(0);
  }

  toEnd(): ViewState {
    return this.seek(this.length);
  }

  atEnd(): boolean {
    return this.cur.cursor >= this.length;
  }

  /** The cursor just after the last event at or before virtual time `t`. */
  cursorAtTime(t: number): number {
    return this.replay.stepAtTime(t) + 1;
  }
}

/**
 * Length of the common prefix of two traces (events compared by value). After
 * a fault is injected and the run recomputed, everything before this point is
 * unchanged, so the viewer can stay where it was if it is not past it.
 */
export function commonPrefix(a: Trace, b: Trace): number {
  const n = Math.min(a.events.length, b.events.length);
  for (let i = 0; i < n; i++) {
    if (!sameEvent(a.events[i] as TraceEvent, b.events[i] as TraceEvent)) return i;
  }
  return n;
}

function sameEvent(x: TraceEvent, y: TraceEvent): boolean {
  if (x === y) return true;
  if (x.type !== y.type || x.time !== y.time) return false;
  return JSON.stringify(x) === JSON.stringify(y);
}
