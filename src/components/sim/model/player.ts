/**
 * Playback over a TimeTravel: play, pause and speed. Time comes from an
 * injected timer so tests drive it by hand; the browser passes setTimeout.
 * The player never changes the trace, only the cursor.
 */
import type { TimeTravel } from './timetravel.ts';

export interface Timer {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  /** Milliseconds from any fixed origin (performance.now in the browser). Optional: without it, ticks are assumed on time. */
  now?(): number;
}

/** Playback speeds offered, in trace steps per second. */
export const SPEEDS = [1, 5, 25, 100, 400, 1000] as const;
export type Speed = (typeof SPEEDS)[number];

export function isSpeed(x: unknown): x is Speed {
  return typeof x === 'number' && (SPEEDS as readonly number[]).includes(x);
}

export class Player {
  private handle: unknown = null;
  /** When the last tick ran, and the fraction of a step owed from earlier ticks. */
  private last = 0;
  private owed = 0;
  private _speed: Speed = 25;
  private tt: TimeTravel;
  private readonly timer: Timer;
  private readonly onChange: () => void;

  constructor(tt: TimeTravel, timer: Timer, onChange: () => void) {
    this.tt = tt;
    this.timer = timer;
    this.onChange = onChange;
  }

  get playing(): boolean {
    return this.handle !== null;
  }

  get speed(): Speed {
    return this._speed;
  }

  set speed(s: Speed) {
    this._speed = s;
  }

  /** Swap the trace (after a fault injection re-ran the scenario); keeps playing if it was. */
  setTimeTravel(tt: TimeTravel): void {
    this.tt = tt;
  }

  play(): void {
    if (this.playing) return;
    if (this.tt.atEnd()) this.tt.rewind();
    this.last = this.timer.now?.() ?? 0;
    this.owed = 0;
    this.schedule();
    this.onChange();
  }

  pause(): void {
    if (this.handle === null) return;
    this.timer.clear(this.handle);
    this.handle = null;
    this.onChange();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  private schedule(): void {
    // At most ~30 redraws a second: faster speeds advance several steps per tick.
    // With a clock, the steps follow elapsed time, so slow frames do not slow the run down.
    const perTick = Math.max(1, Math.round(this._speed / 30));
    const ms = (1000 * perTick) / this._speed;
    this.handle = this.timer.set(() => {
      this.handle = null;
      let steps = perTick;
      const now = this.timer.now?.();
      if (now !== undefined) {
        const due = ((now - this.last) * this._speed) / 1000 + this.owed;
        steps = Math.max(1, Math.min(Math.floor(due), perTick * 4));
        this.owed = Math.min(perTick, Math.max(0, due - steps));
        this.last = now;
      }
      this.tt.stepForward(steps);
      if (this.tt.atEnd()) {
        this.onChange();
        return;
      }
      this.schedule();
      this.onChange();
    }, ms);
  }
}
