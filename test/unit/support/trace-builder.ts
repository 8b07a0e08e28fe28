/**
 * A small builder for hand-written traces, so checker and metric tests read
 * like the story they tell:
 *
 * ```ts
 * const t = trace(42)
 *   .write('op-1', 's1', 'gold', 105, { lsn: 1 })   // invoke + ack
 *   .apply('f1', 1, 'gold', 105)
 *   .read('op-2', 's1', 'gold', 100).mark('stale')    // invoke + ack with the value read
 *   .build();
 * ```
 *
 * The builder fills `step` (dense, from 0) and `time`: every event happens at
 * the current clock, which then advances by `tick` (default 1 ms); `.at(t)`
 * moves the clock to `t` and `.wait(ms)` moves it forward. Completions copy
 * client, session, kind, key and node from their invoke, so tests only state
 * what matters.
 */
import type {
  NodeId,
  OperationKind,
  RepairEvent,
  RoleEvent,
  Trace,
  TraceEvent,
  TraceEventInput,
  Value,
} from '../../../src/engine/trace/events.ts';

export interface InvokeSpec {
  readonly kind: OperationKind;
  readonly key: string;
  readonly value?: Value;
  readonly session?: string;
  /** Defaults to the session. */
  readonly client?: string;
  /** Defaults to the builder's default node (`leader`). */
  readonly node?: NodeId;
}

export interface AckExtra {
  readonly value?: Value;
  readonly lsn?: number;
  readonly epoch?: number;
  readonly siblings?: readonly Value[];
  /** The node that answered, when it is not the one the client sent to. */
  readonly node?: NodeId;
}

/** Options for an invoke + ack pair: who sent it, the node that served it, what the ack carries. */
export interface OpExtra extends Omit<AckExtra, 'value'> {
  readonly client?: string;
}

export interface BuilderOptions {
  readonly label?: string;
  /** Nodes of the run; by default every node the events mention. */
  readonly nodes?: readonly NodeId[];
  /** Node clients talk to unless told otherwise. Default `leader`. */
  readonly node?: NodeId;
  /** Virtual ms the clock advances after each event. Default 1. */
  readonly tick?: number;
}

interface Invoked {
  readonly client: string;
  readonly session: string;
  readonly kind: OperationKind;
  readonly key: string;
  readonly node: NodeId;
}

export class TraceBuilder {
  readonly #seed: number;
  readonly #options: BuilderOptions;
  readonly #events: TraceEvent[] = [];
  readonly #invoked = new Map<string, Invoked>();
  readonly #marks = new Map<string, number>();
  #clock = 0;
  #messages = 0;

  constructor(seed: number, options: BuilderOptions = {}) {
    this.#seed = seed;
    this.#options = options;
  }

  /** Move the clock to `time` (virtual ms); the next event happens then. */
  at(time: number): this {
    this.#clock = time;
    return this;
  }

  /** Let `ms` of virtual time pass. */
  wait(ms: number): this {
    this.#clock += ms;
    return this;
  }

  /** Any event, for the rare ones without a shortcut. */
  event(input: TraceEventInput): this {
    this.#events.push({ ...input, step: this.#events.length, time: this.#clock } as TraceEvent);
    this.#clock += this.#options.tick ?? 1;
    return this;
  }

  /** Name the step of the last event, to assert on it later with `step(name)`. */
  mark(name: string): this {
    this.#marks.set(name, this.lastStep);
    return this;
  }

  /** The step a `mark` named. */
  step(name: string): number {
    const s = this.#marks.get(name);
    if (s === undefined) throw new Error(`no step marked ${name}`);
    return s;
  }

  /** Step of the most recent event. */
  get lastStep(): number {
    return this.#events.length - 1;
  }

  // ------------------------------------------------------------ client history

  invoke(op: string, spec: InvokeSpec): this {
    const session = spec.session ?? spec.client ?? 'c1';
    const invoked: Invoked = {
      client: spec.client ?? session,
      session,
      kind: spec.kind,
      key: spec.key,
      node: spec.node ?? this.#options.node ?? 'leader',
    };
    this.#invoked.set(op, invoked);
    return this.event({ type: 'invoke', op, ...invoked, ...(spec.value === undefined ? {} : { value: spec.value }) });
  }

  ack(op: string, extra: AckExtra = {}): this {
    const o = this.#op(op);
    return this.event({ type: 'ack', op, ...o, ...extra });
  }

  fail(op: string, reason = 'rejected'): this {
    return this.event({ type: 'fail', op, ...this.#op(op), reason });
  }

  info(op: string, reason = 'timeout'): this {
    return this.event({ type: 'info', op, ...this.#op(op), reason });
  }

  invokeWrite(op: string, session: string, key: string, value: Value, node?: NodeId): this {
    return this.invoke(op, { kind: 'write', session, key, value, ...(node === undefined ? {} : { node }) });
  }

  invokeRead(op: string, session: string, key: string, node?: NodeId): this {
    return this.invoke(op, { kind: 'read', session, key, ...(node === undefined ? {} : { node }) });
  }

  /** A write that is invoked and acknowledged right away. */
  write(op: string, session: string, key: string, value: Value, extra: OpExtra = {}): this {
    return this.#pair(op, { kind: 'write', session, key, value }, extra);
  }

  /** A read that is invoked and returns `value` right away. */
  read(op: string, session: string, key: string, value: Value, extra: OpExtra = {}): this {
    this.#invokeFor(op, { kind: 'read', session, key }, extra);
    return this.ack(op, { ...ackPart(extra), value });
  }

  increment(op: string, session: string, key: string, amount = 1, extra: OpExtra = {}): this {
    return this.#pair(op, { kind: 'increment', session, key, value: amount }, extra);
  }

  add(op: string, session: string, key: string, element: Value, extra: OpExtra = {}): this {
    return this.#pair(op, { kind: 'add', session, key, value: element }, extra);
  }

  // ------------------------------------------------------------ system events

  append(node: NodeId, lsn: number, key: string, extra: { epoch?: number; entry?: Value } = {}): this {
    return this.event({
      type: 'append',
      node,
      lsn,
      key,
      epoch: extra.epoch ?? 1,
      format: 'logical',
      entry: extra.entry ?? null,
    });
  }

  apply(node: NodeId, lsn: number, key: string, value: Value): this {
    return this.event({ type: 'apply', node, lsn, key, value });
  }

  commit(node: NodeId, lsn: number): this {
    return this.event({ type: 'commit', node, lsn });
  }

  send(from: NodeId, to: NodeId, kind = 'replicate'): this {
    this.#messages += 1;
    return this.event({ type: 'send', msg: `m-${this.#messages}`, from, to, kind });
  }

  crash(node: NodeId): this {
    return this.event({ type: 'crash', node });
  }

  restart(node: NodeId, lsn = 0): this {
    return this.event({ type: 'restart', node, lsn });
  }

  role(node: NodeId, role: RoleEvent['role'], epoch: number): this {
    return this.event({ type: 'role', node, role, epoch });
  }

  elect(node: NodeId, epoch: number, candidates: Record<NodeId, number> = {}): this {
    return this.event({
      type: 'elect',
      node,
      epoch,
      candidates: Object.entries(candidates).map(([n, lsn]) => ({ node: n, lsn })),
    });
  }

  snapshot(node: NodeId, from: NodeId, lsn: number): this {
    return this.event({ type: 'snapshot', node, from, lsn });
  }

  repair(node: NodeId, key: string, value: Value, via: RepairEvent['via'] = 'read-repair'): this {
    return this.event({ type: 'repair', node, key, value, via });
  }

  partition(...groups: NodeId[][]): this {
    return this.event({ type: 'partition', groups });
  }

  heal(): this {
    return this.event({ type: 'heal' });
  }

  note(text: string): this {
    return this.event({ type: 'note', text });
  }

  build(): Trace {
    return {
      seed: this.#seed,
      label: this.#options.label ?? 'hand-written trace',
      nodes: this.#options.nodes ?? this.#mentionedNodes(),
      events: [...this.#events],
    };
  }

  #op(op: string): Invoked {
    const o = this.#invoked.get(op);
    if (o === undefined) throw new Error(`${op} was never invoked`);
    return o;
  }

  #invokeFor(op: string, spec: InvokeSpec, extra: OpExtra): void {
    this.invoke(op, {
      ...spec,
      ...(extra.client === undefined ? {} : { client: extra.client }),
      ...(extra.node === undefined ? {} : { node: extra.node }),
    });
  }

  #pair(op: string, spec: InvokeSpec, extra: OpExtra): this {
    this.#invokeFor(op, spec, extra);
    return this.ack(op, ackPart(extra));
  }

  #mentionedNodes(): NodeId[] {
    const nodes = new Set<NodeId>();
    for (const e of this.#events) {
      if ('node' in e && typeof e.node === 'string') nodes.add(e.node);
      if (e.type === 'send') {
        nodes.add(e.from);
        nodes.add(e.to);
      }
    }
    return [...nodes];
  }
}

/** The ack's share of an op's extras (client and node were used by the invoke). */
function ackPart(extra: OpExtra): AckExtra {
  const { client: _client, node: _node, ...rest } = extra;
  return rest;
}

/** Start a hand-written trace for `seed`. */
export function trace(seed = 1, options: BuilderOptions = {}): TraceBuilder {
  return new TraceBuilder(seed, options);
}
