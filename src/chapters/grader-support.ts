/**
 * Small helpers the graders share: seed lists, value formatting for
 * messages, building violations in the checkers' shape, and reading the LSNs
 * a replication message carried.
 */
import type { Rng, SendEvent, Trace, Value, Violation } from '../engine/index.ts';

/** `count` consecutive seeds from `first`. */
export function seedRange(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => first + i);
}

/** Seeds of the fast suite ("Run checks"). */
export const CHECK_SEEDS: readonly number[] = seedRange(1, 5);
/** Seeds of the full suite ("Submit"): 200 runs. */
export const SUBMIT_SEEDS: readonly number[] = seedRange(1001, 200);

/** A value as a message shows it: strings in single quotes, absent as `nothing`. */
export function show(v: Value | undefined): string {
  if (v === undefined || v === null) return 'nothing';
  if (typeof v === 'string') return `'${v}'`;
  return JSON.stringify(v);
}

/** A violation in the checkers' shape (message without prefix; the grading core adds one). */
export function violationAt(trace: Trace, property: string, step: number, message: string): Violation {
  return { property, step, seed: trace.seed, message };
}

/** The step of the last event at or before virtual time `time` (0 when none). */
export function stepAtTime(trace: Trace, time: number): number {
  let step = 0;
  for (const e of trace.events) {
    if (e.time > time) break;
    step = e.step;
  }
  return step;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** One change to a seat: a new status, or `null` when the seat is taken off the plan. */
export interface SeatChange {
  readonly at: number;
  readonly key: string;
  readonly value: string | null;
}

/**
 * A plausible on-sale history for `seats` (Stagedoor's seat statuses):
 * every seat starts `free`, then seats are held, sold, released, and now and
 * then taken off the plan (deleted) and put back. Deterministic for `rng`.
 */
export function seatHistory(
  rng: Rng,
  seats: readonly string[],
  changes: number,
  spanMs: number,
  deleteShare = 0.15,
): SeatChange[] {
  const out: SeatChange[] = [];
  const status = new Map<string, string>();
  let order = 1040;
  let t = 0;
  const gap = spanMs / (changes + seats.length);
  for (const key of seats) {
    status.set(key, 'free');
    out.push({ at: t, key, value: 'free' });
    t += gap;
  }
  for (let i = 0; i < changes; i++) {
    t += gap * (0.5 + rng.next());
    const key = rng.pick(seats);
    const cur = status.get(key);
    let next: string | null;
    if (cur === undefined) next = 'free';
    else if (cur === 'free') next = rng.chance(deleteShare) ? null : `held:ord-${++order}`;
    else if (cur.startsWith('held:')) next = rng.chance(0.6) ? `sold:${cur.slice('held:'.length)}` : 'free';
    else next = rng.chance(deleteShare) ? null : 'free';
    if (next === null) status.delete(key);
    else status.set(key, next);
    out.push({ at: Math.round(t * 1000) / 1000, key, value: next });
  }
  return out;
}

/**
 * The first part of a seed's history, for shrinking a failing run: the same
 * writes at the same times, stopping earlier, so the run is the graded one up
 * to the cut. `scale` 1 keeps everything; at least one change is kept.
 */
export function historyPrefix<T>(history: readonly T[], scale: number): readonly T[] {
  if (scale >= 1) return history;
  return history.slice(0, Math.max(1, Math.ceil(history.length * scale)));
}

/** What a run of `kept` of `total` writes is called in a report. */
export function writesSize(kept: number, total: number): string {
  return kept === total ? plural(total, 'write') : `the first ${kept} of ${plural(total, 'write')}`;
}

/** Seat keys `seat:12A`, `seat:12B`, ... */
export function seatKeys(count: number, row = 12): string[] {
  return Array.from({ length: count }, (_, i) => `seat:${row}${String.fromCharCode(65 + i)}`);
}

/** What a replication message asked for or carried, as far as graders need it. */
export type MessageLsns =
  | { readonly kind: 'replicate'; readonly first: number; readonly last: number }
  | { readonly kind: 'fetch'; readonly from: number };

/**
 * The LSNs of a `replicate` or `fetch` send, or undefined for other messages
 * (and for a bootstrap fetch or an empty probe), from the send event's typed
 * message detail.
 */
export function messageLsns(e: SendEvent): MessageLsns | undefined {
  const d = e.detail;
  if (d === undefined) return undefined;
  if (e.kind === 'replicate' && d.first !== undefined && d.last !== undefined)
    return { kind: 'replicate', first: d.first, last: d.last };
  if (e.kind === 'fetch' && d.from !== undefined && d.bootstrap !== true) return { kind: 'fetch', from: d.from };
  return undefined;
}
