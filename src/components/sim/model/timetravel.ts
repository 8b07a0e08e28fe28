/**
 * Time travel over a precomputed trace: seek, step forward and back, rewind.
 *
 * The trace is folded once, lazily, with the engine's fold (`emptyFold` /
 * `stepFold` from src/engine/trace/replay.ts — only as far as the learner has
 * gone, so opening a long run costs nothing up front); every `checkpointEvery`
 * events a copy of the fold is kept, so any position is at most
 * `checkpointEvery - 1` events away from a checkpoint (RaftScope's idea,
 * without its globals). Returned states are fresh views of the engine's board
 * (`viewOf(freezeFold(...))`): callers may keep or mutate them without
 * corrupting the checkpoints.
 *
 * Positions are cursors: the number of events applied, from 0 (before the
 * first event) to `length` (after the last). "Step k" in the UI is the event
 * at index k, i.e. the state at cursor k + 1.
 */
import type { Trace, TraceEvent } from '../../../engine/trace/events.ts';
import { cloneFold, emptyFold, freezeFold, stepFold, type Fold } from '../../../engine/trace/replay.ts';
import { viewOf, type ViewState } from './fold.ts';

export interface TimeTravelOptions {
  /** Distance between checkpoints, in events. Default 64. */
  readonly checkpointEvery?: number;
}

export class TimeTravel {
  readonly trace: Trace;
  readonly length: number;
  readonly checkpointEvery: number;
  private readonly checkpoints: Fold[] = [];
  /** The fold's leading edge: checkpoints exist for every multiple of `checkpointEvery` up to its cursor. */
  private readonly frontier: Fold;
  /** The fold at the current position, and the view of it handed out. */
  private curFold: Fold;
  private cur: ViewState;

  constructor(trace: Trace, options: TimeTravelOptions = {}) {
    this.trace = trace;
    this.length = trace.events.length;
    this.checkpointEvery = Math.max(1, Math.floor(options.checkpointEvery ?? 64));
    this.frontier = emptyFold(trace);
    this.checkpoints.push(cloneFold(this.frontier));
    this.curFold = cloneFold(this.frontier);
    this.cur = viewOf(freezeFold(this.curFold));
  }

  /** Number of checkpoints kept so far (for tests and memory accounting). */
  get checkpointCount(): number {
    return this.checkpoints.length;
  }

  /** Folds the leading edge up to `cursor`, keeping checkpoints on the way. */
  private extend(cursor: number): void {
    const f = this.frontier;
    while (f.step + 1 < cursor) {
      stepFold(f, this.trace.events[f.step + 1] as TraceEvent);
      if ((f.step + 1) % this.checkpointEvery === 0) this.checkpoints.push(cloneFold(f));
    }
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

  /** A fresh copy of the state at `cursor`, from the nearest checkpoint at or before it. */
  stateAt(cursor: number): ViewState {
    return viewOf(freezeFold(this.foldAt(this.clamp(cursor))));
  }

  /** A fresh fold at (clamped) cursor `c`, from the nearest checkpoint at or before it. */
  private foldAt(c: number): Fold {
    this.extend(c);
    const k = Math.min(Math.floor(c / this.checkpointEvery), this.checkpoints.length - 1);
    const f = cloneFold(this.checkpoints[k] as Fold);
    for (let i = f.step + 1; i < c; i++) stepFold(f, this.trace.events[i] as TraceEvent);
    return f;
  }

  /** Moves to `cursor` (clamped). Going forward a little folds on from the current state. */
  seek(cursor: number): ViewState {
    const c = this.clamp(cursor);
    if (c === this.cur.cursor) return this.cur;
    const nextCheckpoint = (Math.floor(this.cur.cursor / this.checkpointEvery) + 1) * this.checkpointEvery;
    if (c > this.cur.cursor && c <= nextCheckpoint) {
      this.extend(c);
      for (let i = this.cur.cursor; i < c; i++) stepFold(this.curFold, this.trace.events[i] as TraceEvent);
    } else {
      this.curFold = this.foldAt(c);
    }
    this.cur = viewOf(freezeFold(this.curFold));
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
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.trace.events[mid] as TraceEvent).time <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
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
