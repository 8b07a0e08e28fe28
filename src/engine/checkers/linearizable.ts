/**
 * Linearizable single register, checked with the Wing–Gong search as refined
 * by Lowe (memoising visited configurations), the algorithm behind Knossos
 * and Porcupine (the search itself is in support/register-search.ts).
 *
 * A history is linearizable when each operation can be given one instant
 * between its invocation and its completion such that, taken in that order,
 * the operations behave like one register: every read returns the value of
 * the latest write before it, and a compare-and-set swaps exactly when the
 * register holds its expected value (Porcupine's etcd model). Each key is
 * checked on its own (P-compositionality), which is sound because
 * linearizability is compositional: a history is linearizable iff every
 * object's sub-history is.
 *
 * Outcomes are treated as Jepsen does: `fail` operations never happened and
 * are dropped; `info` and pending writes and compare-and-sets may take effect
 * at any instant after their invocation — or never, which is the same as
 * taking effect after every other operation — so their completion is placed
 * at infinity; `info` reads return nothing and constrain nothing, so they are
 * dropped. A compare-and-set acknowledged with `value: false` did happen: it
 * changed nothing, and it must have seen a value other than its expected one.
 *
 * The search is exponential in the worst case, so it runs on a budget of
 * search steps (deterministic) and optionally of wall-clock time; when the
 * budget runs out the result is `valid: 'unknown'` with a message — it never hangs.
 */
import type { CheckResult, Trace, Value, Violation } from '../trace/events.ts';
import { describeReadValue, describeWrite } from './support/describe.ts';
import { byKey, CAS_REGISTER_KINDS, history, registerKeys, writtenValue } from './support/history.ts';
import type { Operation } from './support/history.ts';
import { CAS, CAS_FAILED, CAS_MAYBE, READ, searchRegister, stepsWithin, WRITE } from './support/register-search.ts';
import type { CompiledHistory, Deepest, SearchBudget } from './support/register-search.ts';
import { formatKeyValue, formatValue, valueKey } from './support/values.ts';
import { violation } from './support/violation.ts';

export const LINEARIZABLE = 'linearizable';

/**
 * Search steps allowed per key by default. Measured on Porcupine's 102 Jepsen
 * etcd histories (read, write, cas; about 80 operations each): every one is
 * decided within 2 000 000 steps — the hardest, etcd_002, needs about
 * 350 000 and takes 20–30 ms — while a search that runs out stops after a few
 * tenths of a second (a step costs well under a microsecond). Long histories
 * get fewer steps, see `DEFAULT_MAX_BYTES`.
 */
export const DEFAULT_MAX_STEPS = 2_000_000;

/**
 * Memory the default budget lets the visited set of one key take. Each step
 * may remember a configuration whose size grows with the history, so without
 * this cap a long undecidable history would take hundreds of megabytes — in a
 * browser tab. 128 MB leaves the 2 000 000 steps whole up to about 350
 * operations on a key; an explicit `maxSteps` is taken as given.
 */
export const DEFAULT_MAX_BYTES = 128 * 1024 * 1024;

export interface LinearizableOptions {
  /** Only check these keys (default: every key used only as a register, with or without cas). */
  readonly keys?: readonly string[];
  /** The register's value before the run. Default `null` (nothing). */
  readonly initial?: Value;
  /**
   * Search steps allowed per key before giving up with `unknown`. Default
   * `DEFAULT_MAX_STEPS`, fewer for keys with very many operations (`DEFAULT_MAX_BYTES`).
   */
  readonly maxSteps?: number;
  /**
   * Wall-clock milliseconds allowed for the whole check. Off by default,
   * because a time budget makes the result depend on the machine.
   */
  readonly maxMillis?: number;
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
  const deadline = options.maxMillis === undefined ? undefined : globalThis.performance.now() + options.maxMillis;
  const groups = byKey(ops);
  const violations: Violation[] = [];
  const unknown: string[] = [];
  for (const key of keys) {
    const outcome = checkKey(trace, key, groups.get(key) ?? [], options.initial ?? null, options.maxSteps, deadline);
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

/** Operations of one key that constrain the register, in the search's integer form. */
interface Compiled {
  readonly ops: readonly Operation[];
  readonly history: CompiledHistory;
  /** Interned values: state `s` is `values[s]`. */
  readonly values: readonly Value[];
}

function compile(keyOps: readonly Operation[], initial: Value): Compiled {
  // Failed operations never happened; indeterminate reads return nothing and constrain nothing.
  const ops = keyOps.filter((o) => o.outcome !== 'fail' && (o.kind !== 'read' || o.outcome === 'ack'));
  const ids = new Map<string, number>();
  const values: Value[] = [];
  const intern = (v: Value | undefined): number => {
    const k = valueKey(v);
    let id = ids.get(k);
    if (id === undefined) {
      id = values.length;
      ids.set(k, id);
      values.push(v ?? null);
    }
    return id;
  };
  const n = ops.length;
  const code = new Uint8Array(n);
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  const timeline: { at: number; entry: number }[] = [];
  ops.forEach((o, i) => {
    const done = o.outcome === 'ack';
    if (o.kind === 'read') {
      code[i] = READ;
      a[i] = intern(o.output);
    } else if (o.kind === 'cas') {
      code[i] = !done ? CAS_MAYBE : o.output === false ? CAS_FAILED : CAS;
      a[i] = intern(o.expected);
      b[i] = intern(writtenValue(o));
    } else {
      code[i] = WRITE;
      a[i] = intern(writtenValue(o));
    }
    timeline.push({ at: o.invokeStep, entry: i });
    // Indeterminate updates may take effect any time after invocation, or never: complete them at infinity.
    timeline.push({ at: done ? o.completeStep : Number.POSITIVE_INFINITY, entry: n + i });
  });
  timeline.sort((x, y) => x.at - y.at || x.entry - y.entry);
  const order = Int32Array.from(timeline, (t) => t.entry);
  return { ops, values, history: { size: n, code, a, b, order, initial: intern(initial) } };
}

/**
 * An operation that needs the register to hold a value nothing could have put
 * there (the initial value, writes, compare-and-sets that may have swapped):
 * found without search, which would otherwise have to try every order to prove it.
 */
function invented(c: Compiled): Operation | undefined {
  const { code, a, b, size } = c.history;
  const writable = new Set([c.history.initial]);
  for (let i = 0; i < size; i++) {
    if (code[i] === WRITE) writable.add(a[i] ?? 0);
    else if (code[i] === CAS || code[i] === CAS_MAYBE) writable.add(b[i] ?? 0);
  }
  return c.ops.find((_, i) => (code[i] === READ || code[i] === CAS) && !writable.has(a[i] ?? 0));
}

function checkKey(
  trace: Trace,
  key: string,
  keyOps: readonly Operation[],
  initial: Value,
  maxSteps: number | undefined,
  deadline: number | undefined,
): KeyOutcome {
  const compiled = compile(keyOps, initial);
  if (compiled.ops.length === 0) return { kind: 'ok' };
  const impossible = invented(compiled);
  if (impossible !== undefined) {
    const found =
      impossible.kind === 'read'
        ? `returned ${describeReadValue(impossible)}`
        : `found ${formatKeyValue(key, impossible.expected)}`;
    return {
      kind: 'violation',
      violation: violation(
        trace,
        LINEARIZABLE,
        impossible.completeStep,
        `Key ${key} is not linearizable: ${describeOperation(impossible)} ${found}, ` +
          `a value that neither the initial state nor any write of ${key} that may have happened could produce.`,
        { op: impossible.op, related: [impossible.invokeStep] },
      ),
    };
  }
  const budget: SearchBudget = {
    maxSteps: maxSteps ?? Math.min(DEFAULT_MAX_STEPS, stepsWithin(compiled.ops.length, DEFAULT_MAX_BYTES)),
    deadline,
  };
  const outcome = searchRegister(compiled.history, budget);
  if (outcome.kind === 'ok') return { kind: 'ok' };
  if (outcome.kind === 'unknown') {
    const what = outcome.reason === 'steps' ? `the search budget of ${budget.maxSteps} steps` : 'the time budget';
    return { kind: 'unknown', reason: `${what} ran out on key ${key}` };
  }
  return { kind: 'violation', violation: explain(trace, key, compiled, outcome.deepest) };
}

/** `read op-3 by session b`, `write op-9 (x=2)`, `compare-and-set op-4 by session a (x from 1 to 2)`. */
function describeOperation(o: Operation): string {
  if (o.kind === 'read') return `read ${o.op} by session ${o.session}`;
  if (o.kind !== 'cas') return describeWrite(o);
  return `compare-and-set ${o.op} by session ${o.session} (${o.key} from ${formatValue(o.expected)} to ${formatValue(writtenValue(o))})`;
}

/** How an operation completed: `returned x=1 at step 9`, `reported a swap at step 9`, `never completed`. */
function describeCompletion(o: Operation): string {
  if (!Number.isFinite(o.completeStep)) return 'never completed';
  if (o.kind === 'read') return `returned ${describeReadValue(o)} at step ${o.completeStep}`;
  if (o.kind === 'cas' && o.outcome === 'ack') {
    return `${o.output === false ? 'reported finding another value' : 'reported a swap'} at step ${o.completeStep}`;
  }
  return `${o.outcome === 'ack' ? 'acknowledged' : 'ended without an answer'} at step ${o.completeStep}`;
}

function explain(trace: Trace, key: string, c: Compiled, deepest: Deepest): Violation {
  const stuck = c.ops[deepest.stuck] as Operation;
  const last = c.ops[deepest.last];
  const after =
    last === undefined
      ? 'from the start'
      : `after the first ${deepest.depth} of ${c.ops.length} operations (the last placed was ${last.op})`;
  return violation(
    trace,
    LINEARIZABLE,
    Number.isFinite(stuck.completeStep) ? stuck.completeStep : stuck.invokeStep,
    `Key ${key} is not linearizable: no order of its operations respects both real time and a single register. ` +
      `The best attempt places operations ${after} with the register holding ${formatKeyValue(key, c.values[deepest.state])}, ` +
      `and then ${describeOperation(stuck)} (invoked at step ${stuck.invokeStep}, ${describeCompletion(stuck)}) cannot take effect at any point between its invocation and its completion.`,
    { op: stuck.op, related: [stuck.invokeStep] },
  );
}
