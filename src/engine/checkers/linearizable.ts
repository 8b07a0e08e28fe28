/**
 * Linearizable single register, checked with the Wing–Gong search as refined
 * by Lowe (memoising visited configurations), the algorithm behind Knossos
 * and Porcupine.
 *
 * A history is linearizable when each operation can be given one instant
 * between its invocation and its completion such that, taken in that order,
 * the operations behave like one register: every read returns the value of
 * the latest write before it. Each key is checked on its own, which is sound
 * because linearizability is compositional (a history is linearizable iff
 * every object's sub-history is).
 *
 * Outcomes are treated as Jepsen does: `fail` operations never happened and
 * are dropped; `info` and pending writes may take effect at any instant after
 * their invocation — or never, which is the same as taking effect after every
 * other operation — so their completion is placed at infinity; `info` reads
 * return nothing and constrain nothing, so they are dropped.
 *
 * The search is exponential in the worst case, so it runs on a budget of
 * search steps (deterministic) and optionally of wall-clock time; when the
 * budget runs out the result is `valid: 'unknown'` with a message — it never hangs.
 */
import type { CheckResult, Trace, Value, Violation } from '../trace/events.ts';
import { describeReadValue, describeWrite } from './support/describe.ts';
import { CAS_REGISTER_KINDS, history, registerKeys, writtenValue } from './support/history.ts';
import type { Operation } from './support/history.ts';
import { formatKeyValue, valueKey } from './support/values.ts';
import { violation } from './support/violation.ts';

export const LINEARIZABLE = 'linearizable';

export interface LinearizableOptions {
  /** Only check these keys (default: every key used only as a register). */
  readonly keys?: readonly string[];
  /** The register's value before the run. Default `null` (nothing). */
  readonly initial?: Value;
  /** Search steps allowed per key before giving up with `unknown`. Default 200 000. */
  readonly maxSteps?: number;
  /**
   * Wall-clock milliseconds allowed for the whole check. Off by default,
   * because a time budget makes the result depend on the machine.
   */
  readonly maxMillis?: number;
}

/** A node of the doubly linked list of call and return entries. */
interface Entry {
  readonly isCall: boolean;
  /** Dense index of the operation, its bit in the linearized set. */
  readonly id: number;
  readonly op: Operation;
  /** For reads: the canonical value they returned. */
  readonly reads: string | undefined;
  match: Entry | undefined;
  prev: Entry | undefined;
  next: Entry | undefined;
}

type KeyOutcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'unknown'; readonly reason: string }
  | { readonly kind: 'violation'; readonly violation: Violation };

/**
 * Checks that every key, used as a single register, is linearizable.
 *
 * @example
 * ```ts
 * const r = linearizable(trace, { maxSteps: 100_000 });
 * if (r.valid === 'unknown') console.log(r.message); // budget ran out
 * // [linearizable] seed 3, step 14: Key x is not linearizable: read op-7 (invoked at step 10,
 * //   returned x=1 at step 14) cannot take effect at any point between its invocation and its completion ...
 * ```
 */
export function linearizable(trace: Trace, options: LinearizableOptions = {}): CheckResult {
  const ops = history(trace);
  const registers = registerKeys(ops, CAS_REGISTER_KINDS);
  const keys = options.keys === undefined ? [...registers].sort() : options.keys.filter((k) => registers.has(k));
  const deadline = options.maxMillis === undefined ? undefined : now() + options.maxMillis;
  const violations: Violation[] = [];
  const unknown: string[] = [];
  for (const key of keys) {
    const outcome = checkKey(
      trace,
      key,
      ops.filter((o) => o.key === key),
      options.initial ?? null,
      options.maxSteps ?? 200_000,
      deadline,
    );
    if (outcome.kind === 'violation') violations.push(outcome.violation);
    else if (outcome.kind === 'unknown') unknown.push(outcome.reason);
  }
  violations.sort((a, b) => a.step - b.step);
  if (violations.length > 0) {
    return {
      property: LINEARIZABLE,
      valid: false,
      violations,
      ...(unknown.length > 0 ? { message: `Also undecided: ${unknown.join('; ')}` } : {}),
    };
  }
  if (unknown.length > 0) {
    return {
      property: LINEARIZABLE,
      valid: 'unknown',
      violations: [],
      message: `[${LINEARIZABLE}] seed ${trace.seed}: could not decide — ${unknown.join('; ')}. Try a smaller history or a larger budget.`,
    };
  }
  return { property: LINEARIZABLE, valid: true, violations: [] };
}

function now(): number {
  return globalThis.performance.now();
}

function checkKey(
  trace: Trace,
  key: string,
  keyOps: readonly Operation[],
  initial: Value,
  maxSteps: number,
  deadline: number | undefined,
): KeyOutcome {
  // Operations that constrain the register, with the entries of the search list.
  const relevant = keyOps.filter(
    (o) =>
      o.outcome !== 'fail' && (o.kind === 'write' || o.kind === 'delete' || o.kind === 'cas' || (o.kind === 'read' && o.outcome === 'ack')),
  );
  if (relevant.length === 0) return { kind: 'ok' };
  // Cheap first: a read of a value nothing could have written needs no search (and would make it exhaustive).
  const writable = new Set([
    valueKey(initial),
    ...relevant.filter((o) => o.kind !== 'read').map((o) => valueKey(writtenValue(o))),
  ]);
  const invented = relevant.find((o) => o.kind === 'read' && !writable.has(valueKey(o.output)));
  if (invented !== undefined) {
    return {
      kind: 'violation',
      violation: violation(
        trace,
        LINEARIZABLE,
        invented.completeStep,
        `Key ${key} is not linearizable: read ${invented.op} by session ${invented.session} returned ${describeReadValue(invented)}, ` +
          `a value that neither the initial state nor any write of ${key} that may have happened could produce.`,
        { op: invented.op, related: [invented.invokeStep] },
      ),
    };
  }
  const timeline: { at: number; entry: Entry }[] = [];
  relevant.forEach((op, id) => {
    const reads = op.kind === 'read' ? valueKey(op.output) : undefined;
    const call: Entry = { isCall: true, id, op, reads, match: undefined, prev: undefined, next: undefined };
    const ret: Entry = { isCall: false, id, op, reads, match: undefined, prev: undefined, next: undefined };
    call.match = ret;
    timeline.push({ at: op.invokeStep, entry: call });
    // Indeterminate writes may take effect any time after invocation: complete them at infinity.
    timeline.push({ at: op.outcome === 'ack' ? op.completeStep : Number.POSITIVE_INFINITY, entry: ret });
  });
  timeline.sort((a, b) => a.at - b.at || a.entry.id - b.entry.id);
  const head: Entry = {
    isCall: false,
    id: -1,
    op: relevant[0] as Operation,
    reads: undefined,
    match: undefined,
    prev: undefined,
    next: undefined,
  };
  let tail = head;
  for (const { entry } of timeline) {
    tail.next = entry;
    entry.prev = tail;
    tail = entry;
  }

  const words = new Uint32Array(Math.ceil(relevant.length / 32));
  const flip = (id: number): void => {
    const w = id >>> 5;
    words[w] = (words[w] ?? 0) ^ (1 << (id & 31));
  };
  const seen = new Set<string>();
  // `forced` frames are reads placed greedily (see `settle`): backtracking never stops at them.
  const stack: { entry: Entry; state: string; value: Value; forced: boolean }[] = [];
  let state = valueKey(initial);
  let value: Value = initial;
  let steps = 0;
  // The deepest configuration reached, to explain a failure.
  let deepest: { depth: number; stuck: Operation; value: Value; last: Operation | undefined } | undefined;

  // Lowe's observation for registers: a read that can go next and returns the
  // current value may be linearized right now without loss of generality — it
  // changes nothing, and placing it earlier only relaxes real-time constraints.
  // Doing so greedily, and never backtracking into such a choice, removes most
  // of the branching that makes the plain search exponential.
  const settle = (): void => {
    let e = head.next;
    while (e !== undefined && e.isCall) {
      if (e.reads === state) {
        flip(e.id);
        stack.push({ entry: e, state, value, forced: true });
        lift(e);
        e = head.next;
      } else {
        e = e.next;
      }
    }
  };

  settle();
  let entry = head.next;
  while (head.next !== undefined && entry !== undefined) {
    steps += 1;
    if (steps > maxSteps)
      return { kind: 'unknown', reason: `the search budget of ${maxSteps} steps ran out on key ${key}` };
    if (deadline !== undefined && (steps & 1023) === 0 && now() > deadline) {
      return { kind: 'unknown', reason: `the time budget ran out on key ${key}` };
    }
    if (entry.isCall) {
      const op = entry.op;
      let ok = true;
      let nextState = state;
      let nextValue = value;
      if (op.kind === 'read') ok = entry.reads === state;
      else if (op.kind === 'cas') {
        const matches = valueKey(op.expected) === state;
        if (op.outcome === 'ack') ok = matches === (op.output !== false);
        if (ok && matches) {
          nextValue = writtenValue(op);
          nextState = valueKey(nextValue);
        }
      } else {
        nextValue = writtenValue(op);
        nextState = valueKey(nextValue);
      }
      if (ok) {
        flip(entry.id);
        const memo = `${words.join(',')}|${nextState}`;
        if (!seen.has(memo)) {
          seen.add(memo);
          stack.push({ entry, state, value, forced: false });
          state = nextState;
          value = nextValue;
          lift(entry);
          settle();
          entry = head.next;
          continue;
        }
        flip(entry.id);
      }
      entry = entry.next;
    } else {
      // A return before its call was linearized: this branch is dead, backtrack.
      if (deepest === undefined || stack.length > deepest.depth) {
        deepest = { depth: stack.length, stuck: entry.op, value, last: stack.at(-1)?.entry.op };
      }
      let top = stack.pop();
      while (top !== undefined && top.forced) {
        flip(top.entry.id);
        unlift(top.entry);
        top = stack.pop();
      }
      if (top === undefined) return { kind: 'violation', violation: explain(trace, key, relevant.length, deepest) };
      state = top.state;
      value = top.value;
      flip(top.entry.id);
      unlift(top.entry);
      entry = top.entry.next;
    }
  }
  return { kind: 'ok' };
}

function lift(entry: Entry): void {
  const { prev, next, match } = entry;
  if (prev !== undefined) prev.next = next;
  if (next !== undefined) next.prev = prev;
  if (match !== undefined) {
    if (match.prev !== undefined) match.prev.next = match.next;
    if (match.next !== undefined) match.next.prev = match.prev;
  }
}

function unlift(entry: Entry): void {
  const match = entry.match;
  if (match !== undefined) {
    if (match.prev !== undefined) match.prev.next = match;
    if (match.next !== undefined) match.next.prev = match;
  }
  if (entry.prev !== undefined) entry.prev.next = entry;
  if (entry.next !== undefined) entry.next.prev = entry;
}

function explain(
  trace: Trace,
  key: string,
  total: number,
  deepest: { depth: number; stuck: Operation; value: Value; last: Operation | undefined } | undefined,
): Violation {
  if (deepest === undefined) {
    return violation(trace, LINEARIZABLE, 0, `Key ${key} is not linearizable.`);
  }
  const { stuck, depth, value, last } = deepest;
  const what =
    stuck.kind === 'read'
      ? `read ${stuck.op} by session ${stuck.session} (invoked at step ${stuck.invokeStep}, returned ${describeReadValue(stuck)} at step ${stuck.completeStep})`
      : `${describeWrite(stuck)} (invoked at step ${stuck.invokeStep}, acknowledged at step ${stuck.completeStep})`;
  const after =
    last === undefined
      ? 'from the start'
      : `after the first ${depth} of ${total} operations (the last placed was ${last.op})`;
  return violation(
    trace,
    LINEARIZABLE,
    Number.isFinite(stuck.completeStep) ? stuck.completeStep : stuck.invokeStep,
    `Key ${key} is not linearizable: no order of its operations respects both real time and a single register. ` +
      `The best attempt places operations ${after} with the register holding ${formatKeyValue(key, value)}, ` +
      `and then ${what} cannot take effect at any point between its invocation and its completion.`,
    { op: stuck.op, related: [stuck.invokeStep] },
  );
}
