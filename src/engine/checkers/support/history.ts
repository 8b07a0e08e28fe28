/**
 * The client history of a trace, folded into one record per operation.
 *
 * A trace interleaves `invoke` events with their completions (`ack`, `fail`,
 * `info`) and with the system's inner life. Consistency checkers think in
 * operations, so this pairs each invoke with its completion once and keeps the
 * steps, which are the trace's real-time order: operation A *precedes* B when
 * A's completion step is smaller than B's invoke step.
 *
 * An invoke that never completes (the run ended first) is `pending` and is
 * treated exactly like `info`: it may or may not have taken effect, at any
 * time after it was invoked.
 */
import type {
  AckEvent,
  FailEvent,
  InfoEvent,
  InvokeEvent,
  NodeId,
  OperationKind,
  OpId,
  Trace,
  Value,
} from '../../trace/events.ts';

export type Outcome = 'ack' | 'fail' | 'info' | 'pending';

/** One client operation with its invocation and (maybe) completion. */
export interface Operation {
  readonly op: OpId;
  readonly client: string;
  readonly session: string;
  readonly kind: OperationKind;
  readonly key: string;
  /** The node the client sent it to. */
  readonly node: NodeId;
  /** What the client asked to write / add / increment by, the new value of a `cas` (absent for reads). */
  readonly input: Value | undefined;
  /** For `cas`: the value the register had to hold for the swap. */
  readonly expected: Value | undefined;
  /** What an acknowledged read returned, or whether an acknowledged `cas` swapped (absent otherwise). */
  readonly output: Value | undefined;
  readonly siblings: readonly Value[] | undefined;
  readonly lsn: number | undefined;
  readonly epoch: number | undefined;
  readonly outcome: Outcome;
  readonly invoke: InvokeEvent;
  readonly completion: AckEvent | FailEvent | InfoEvent | undefined;
  readonly invokeStep: number;
  readonly invokeTime: number;
  /** Step of the completion; `Infinity` while pending. */
  readonly completeStep: number;
  /** Time of the completion; `Infinity` while pending. */
  readonly completeTime: number;
  /** Position in the history (invoke order), handy as a dense index. */
  readonly index: number;
}

/** Kinds that change data. */
export const UPDATE_KINDS: ReadonlySet<OperationKind> = new Set(['write', 'increment', 'add', 'remove', 'delete']);

/** Kinds that overwrite a register (a delete writes "nothing"). */
export const REGISTER_WRITE_KINDS: ReadonlySet<OperationKind> = new Set(['write', 'delete']);

export function isUpdate(op: Operation): boolean {
  return UPDATE_KINDS.has(op.kind);
}

export function isRegisterWrite(op: Operation): boolean {
  return REGISTER_WRITE_KINDS.has(op.kind);
}

/**
 * The value a register write leaves behind: `null` for a delete; otherwise the value
 * its acknowledgement reports, falling back to its input. The two differ for writes of
 * an expression such as `NOW()`, whose invoke carries the expression and whose ack
 * carries what the leader computed.
 */
export function writtenValue(op: Operation): Value {
  if (op.kind === 'delete') return null;
  if (op.kind === 'write' && op.output !== undefined) return op.output;
  return op.input ?? null;
}

/** What an update puts into the data: the written value for register writes, the element for `add`. */
export function updateValue(op: Operation): Value {
  return isRegisterWrite(op) ? writtenValue(op) : (op.input ?? null);
}

/** True when `a` completed (was acknowledged) before `b` was invoked. */
export function precedes(a: Operation, b: Operation): boolean {
  return a.outcome === 'ack' && a.completeStep < b.invokeStep;
}

const cache = new WeakMap<readonly unknown[], readonly Operation[]>();

/**
 * All client operations of a trace in invoke order. Memoised per trace, since
 * `summary` runs many checkers and metrics over the same events.
 */
export function history(trace: Trace): readonly Operation[] {
  const cached = cache.get(trace.events);
  if (cached !== undefined) return cached;
  const invokes = new Map<OpId, InvokeEvent>();
  const completions = new Map<OpId, AckEvent | FailEvent | InfoEvent>();
  const order: OpId[] = [];
  for (const event of trace.events) {
    if (event.type === 'invoke') {
      if (!invokes.has(event.op)) order.push(event.op);
      invokes.set(event.op, event);
    } else if (event.type === 'ack' || event.type === 'fail' || event.type === 'info') {
      // The first completion wins; a well-formed trace has exactly one.
      if (!completions.has(event.op)) completions.set(event.op, event);
    }
  }
  const ops: Operation[] = [];
  for (const id of order) {
    const invoke = invokes.get(id);
    if (invoke === undefined) continue;
    const done = completions.get(id);
    const ack = done?.type === 'ack' ? done : undefined;
    ops.push({
      op: id,
      client: invoke.client,
      session: invoke.session,
      kind: invoke.kind,
      key: invoke.key,
      node: invoke.node,
      input: invoke.value,
      expected: invoke.expected,
      output: ack?.value,
      siblings: ack?.siblings,
      lsn: ack?.lsn,
      epoch: ack?.epoch,
      outcome: done === undefined ? 'pending' : done.type,
      invoke,
      completion: done,
      invokeStep: invoke.step,
      invokeTime: invoke.time,
      completeStep: done?.step ?? Number.POSITIVE_INFINITY,
      completeTime: done?.time ?? Number.POSITIVE_INFINITY,
      index: ops.length,
    });
  }
  cache.set(trace.events, ops);
  return ops;
}

/** Acknowledged reads of keys that only see register writes (no counters or sets). */
export function registerReads(ops: readonly Operation[]): Operation[] {
  const keys = registerKeys(ops);
  return ops.filter((o) => o.kind === 'read' && o.outcome === 'ack' && keys.has(o.key));
}

/** Operations of a plain register: reads and overwrites. */
export const REGISTER_KINDS: ReadonlySet<OperationKind> = new Set(['read', ...REGISTER_WRITE_KINDS]);

/** Operations of a register that also offers compare-and-set. */
export const CAS_REGISTER_KINDS: ReadonlySet<OperationKind> = new Set([...REGISTER_KINDS, 'cas']);

/**
 * Keys whose operations are all of `kinds`: by default keys used as plain registers,
 * updated only by writes and deletes (checkers that know no `cas` leave those keys alone).
 */
export function registerKeys(
  ops: readonly Operation[],
  kinds: ReadonlySet<OperationKind> = REGISTER_KINDS,
): Set<string> {
  const register = new Set<string>();
  const other = new Set<string>();
  for (const o of ops) {
    if (kinds.has(o.kind)) register.add(o.key);
    else other.add(o.key);
  }
  for (const k of other) register.delete(k);
  return register;
}

/** Operations grouped by key, each group in invoke order. */
export function byKey(ops: readonly Operation[]): Map<string, Operation[]> {
  const groups = new Map<string, Operation[]>();
  for (const o of ops) {
    const list = groups.get(o.key) ?? [];
    list.push(o);
    groups.set(o.key, list);
  }
  return groups;
}
