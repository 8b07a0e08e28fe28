/**
 * The search at the heart of the linearizability checker: Wing & Gong's
 * backtracking over a doubly linked list of call and return entries, with
 * Lowe's memoisation of visited configurations — the algorithm of Knossos
 * and Porcupine — specialised to one register that offers read, write and
 * compare-and-set.
 *
 * It works on a compiled history (operations as small integer codes, values
 * interned to integers, the entries already in real-time order), so the inner
 * loop only touches typed arrays: a step allocates nothing except, when a
 * configuration is new, its slot in the visited set. Building the compiled
 * history and explaining the outcome to a learner is linearizable.ts's job.
 */
import { bytesPerConfig, ConfigSet } from './config-set.ts';

/** A read that returned `a`. */
export const READ = 0;
/** A write of `a` (completed or not: writes always succeed). */
export const WRITE = 1;
/** A compare-and-set from `a` to `b` that reported success. */
export const CAS = 2;
/** A compare-and-set expecting `a` that reported finding another value. */
export const CAS_FAILED = 3;
/** A compare-and-set from `a` to `b` whose outcome is unknown (it may or may not have compared). */
export const CAS_MAYBE = 4;

export interface CompiledHistory {
  /** Number of operations, `n`. */
  readonly size: number;
  readonly code: Uint8Array;
  readonly a: Int32Array;
  readonly b: Int32Array;
  /**
   * Entries in real-time order: `i` is the call of operation `i`, `n + i` its
   * return (placed last when the operation never completed).
   */
  readonly order: Int32Array;
  readonly initial: number;
}

export interface SearchBudget {
  readonly maxSteps: number;
  /** `performance.now()` value after which to give up, if any. */
  readonly deadline: number | undefined;
}

/** The configuration that got furthest, to explain a failure. */
export interface Deepest {
  /** How many operations were linearized. */
  readonly depth: number;
  /** The operation whose return came before it could be linearized. */
  readonly stuck: number;
  /** The register's state there. */
  readonly state: number;
  /** The operation linearized last, or -1 when none was. */
  readonly last: number;
}

export type SearchOutcome =
  | { readonly kind: 'ok'; readonly steps: number }
  | { readonly kind: 'unknown'; readonly steps: number; readonly reason: 'steps' | 'time' }
  | { readonly kind: 'violation'; readonly steps: number; readonly deepest: Deepest };

/** The register's state after operation `op` in state `s`, or -1 when `op` cannot happen in `s`. */
function apply(code: number, a: number, b: number, s: number): number {
  switch (code) {
    case READ:
      return s === a ? s : -1;
    case WRITE:
      return a;
    case CAS:
      return s === a ? b : -1;
    case CAS_FAILED:
      return s !== a ? s : -1;
    default:
      return s === a ? b : s;
  }
}

/**
 * Operations that leave every state they can happen in unchanged. Lowe's
 * observation extends to all of them: when one can go next and may happen in
 * the current state, linearizing it right now loses nothing — removing it
 * from any later position changes no state, and moving it earlier only
 * relaxes real-time constraints. Placing them greedily, and never
 * backtracking into that choice, removes most of the branching that makes
 * the plain search exponential (a history of reads and failed compare-and-sets
 * around a few writes becomes nearly linear).
 */
function isPure(code: number, a: number, b: number): boolean {
  return code === READ || code === CAS_FAILED || ((code === CAS || code === CAS_MAYBE) && a === b);
}

/** A deterministic stream of 32-bit words (mulberry32), for the Zobrist hash of the linearized set. */
function zobrist(n: number): Int32Array {
  const out = new Int32Array(n);
  let seed = 0x6d2b79f5;
  for (let i = 0; i < n; i++) {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = t ^ (t >>> 14);
  }
  return out;
}

/** Words of the bitset of linearized operations for a history of `n` operations. */
function bitsetWords(n: number): number {
  return Math.max(1, Math.ceil(n / 32));
}

/**
 * Steps after which a search of `n` operations may have remembered `bytes` of
 * visited configurations (at most one is added per step).
 */
export function stepsWithin(n: number, bytes: number): number {
  return Math.floor(bytes / bytesPerConfig(bitsetWords(n)));
}

/** Searches for a linearization of `h`; decides, or says the budget ran out. */
export function searchRegister(h: CompiledHistory, budget: SearchBudget): SearchOutcome {
  const n = h.size;
  const { code, a, b } = h;
  const head = 2 * n;
  // The list: entries 0..2n-1 and the head sentinel 2n; -1 is "none".
  const next = new Int32Array(2 * n + 1).fill(-1);
  const prev = new Int32Array(2 * n + 1).fill(-1);
  let tail = head;
  for (const e of h.order) {
    next[tail] = e;
    prev[e] = tail;
    tail = e;
  }
  const pure = new Uint8Array(n);
  for (let i = 0; i < n; i++) pure[i] = isPure(code[i] ?? 0, a[i] ?? 0, b[i] ?? 0) ? 1 : 0;

  const unlink = (e: number): void => {
    const p = prev[e] ?? -1;
    const x = next[e] ?? -1;
    next[p] = x;
    if (x >= 0) prev[x] = p;
  };
  const relink = (e: number): void => {
    const p = prev[e] ?? -1;
    const x = next[e] ?? -1;
    next[p] = e;
    if (x >= 0) prev[x] = e;
  };
  // Linearizing operation i takes its call and its return out of the list; undoing puts them back, in reverse.
  const lift = (i: number): void => {
    unlink(i);
    unlink(n + i);
  };
  const unlift = (i: number): void => {
    relink(n + i);
    relink(i);
  };

  const words = bitsetWords(n);
  const bits = new Uint32Array(words);
  const keys = zobrist(n);
  let hash = 0;
  const flip = (i: number): void => {
    bits[i >>> 5] = (bits[i >>> 5] ?? 0) ^ (1 << (i & 31));
    hash ^= keys[i] ?? 0;
  };
  // At most one configuration is added per step.
  const seen = new ConfigSet(words, budget.maxSteps);

  // The stack of linearized operations, the state before each, and whether it was placed greedily.
  const stackOp = new Int32Array(n);
  const stackState = new Int32Array(n);
  const stackForced = new Uint8Array(n);
  let depth = 0;
  let state = h.initial;
  let steps = 0;
  let deepest: Deepest | undefined;

  const push = (i: number, forced: number): void => {
    stackOp[depth] = i;
    stackState[depth] = state;
    stackForced[depth] = forced;
    depth += 1;
  };

  // Linearizes every pure operation that can go next in the current state (see `isPure`).
  const settle = (): void => {
    let e = next[head] ?? -1;
    while (e >= 0 && e < n) {
      if (pure[e] === 1 && apply(code[e] ?? 0, a[e] ?? 0, b[e] ?? 0, state) >= 0) {
        flip(e);
        push(e, 1);
        lift(e);
        // Earlier calls were already tried in this same state; carry on after e (and after its return, if adjacent).
        let after = next[e] ?? -1;
        if (after === n + e) after = next[after] ?? -1;
        e = after;
      } else {
        e = next[e] ?? -1;
      }
    }
  };

  settle();
  let e = next[head] ?? -1;
  while (e >= 0) {
    steps += 1;
    if (steps > budget.maxSteps) return { kind: 'unknown', steps, reason: 'steps' };
    if (budget.deadline !== undefined && (steps & 1023) === 0 && globalThis.performance.now() > budget.deadline) {
      return { kind: 'unknown', steps, reason: 'time' };
    }
    if (e < n) {
      const after = apply(code[e] ?? 0, a[e] ?? 0, b[e] ?? 0, state);
      if (after >= 0) {
        flip(e);
        if (seen.add(bits, hash, after)) {
          push(e, 0);
          state = after;
          lift(e);
          settle();
          e = next[head] ?? -1;
          continue;
        }
        flip(e);
      }
      e = next[e] ?? -1;
    } else {
      // A return before its call was linearized: this branch is dead, backtrack.
      if (deepest === undefined || depth > deepest.depth) {
        deepest = { depth, stuck: e - n, state, last: depth > 0 ? (stackOp[depth - 1] ?? -1) : -1 };
      }
      while (depth > 0 && stackForced[depth - 1] === 1) {
        depth -= 1;
        const i = stackOp[depth] ?? 0;
        flip(i);
        unlift(i);
      }
      if (depth === 0) return { kind: 'violation', steps, deepest };
      depth -= 1;
      const i = stackOp[depth] ?? 0;
      state = stackState[depth] ?? 0;
      flip(i);
      unlift(i);
      e = next[i] ?? -1;
    }
  }
  return { kind: 'ok', steps };
}
