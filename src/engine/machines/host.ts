/**
 * Runs protocol machines inside the engine: one plain XState snapshot per
 * (owner, machine), advanced with XState's pure `transition()` — no actors, no
 * clocks, no random ids, so runs stay deterministic. Every change of state is
 * recorded as a `state` trace event, so views and tests can replay a machine
 * from the trace alone.
 *
 * Timers belong to the engine's queue, not to XState: a protocol schedules a
 * machine event (`lease.expire`, say) with the engine and steps the machine
 * when it fires, so delays obey virtual time and the seed.
 */
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';

/** XState's state value as a dotted path: `{ up: 'leader' }` becomes `up.leader`. */
export function statePath(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return String(value);
  const parts: string[] = [];
  // Parallel regions in name order: XState's value object lists them in whatever order they last changed.
  const regions = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [k, v] of regions) {
    const rest = statePath(v);
    parts.push(rest === '' ? k : `${k}.${rest}`);
  }
  return parts.join(',');
}

/** Where state changes are reported (the engine's recorder). */
export type StateSink = (owner: string, machine: string, from: string, to: string, event: string) => void;

/**
 * Transitions already computed, per machine and input: for a machine whose
 * context never changes after creation (no `assign`), the next snapshot is a
 * function of the current state, the input and the event alone, so XState's
 * `transition()` runs once per distinct (state, event) and later steps are a
 * map lookup. A machine that does `assign` but has no history states and no
 * children (node-role: its epoch) is still a function of (state, context,
 * event), so it is cached with its context in the key (`contextKeyed`): a
 * node's role changes cost a lookup instead of ~20 µs of `transition()`.
 * `test/unit/engine/machines.test.ts` checks the cached stepping against
 * `transition()` on random event sequences, for both kinds.
 *
 * The cache is a graph: one `Step` per state path, each holding its outgoing
 * transitions. The hot path (a request's life, thousands per run) steps with
 * shared frozen event objects, so a step is one lookup by object identity,
 * with no key string built.
 */
const memo = new WeakMap<AnyStateMachine, Map<string, Table>>();

/** One machine-and-input's cached states, by state path. */
type Table = Map<string, Step>;

/** A cached snapshot with its dotted path (computing the path sorts parallel regions: worth keeping). */
interface Step {
  readonly snapshot: AnyMachineSnapshot;
  readonly path: string;
  /** Next steps by frozen event object (identity) — the hot path. */
  readonly byEvent: Map<EventObject, Step>;
  /** Next steps by event key (`JSON.stringify` of the event), for events built on the fly. */
  readonly byKey: Map<string, Step>;
  /** `isIn` answers already computed for this path. */
  readonly inside: Map<string, boolean>;
}

function makeStep(snapshot: AnyMachineSnapshot, path: string): Step {
  return { snapshot, path, byEvent: new Map(), byKey: new Map(), inside: new Map() };
}

/**
 * The one cached step for `snapshot`'s path (and context, when `contextKeyed`)
 * in `table`: the first snapshot seen there stands for every later one.
 */
function canonical(table: Table, snapshot: AnyMachineSnapshot, contextKeyed: boolean): Step {
  const path = statePath(snapshot.value);
  const key = contextKeyed ? `${path}\u0001${JSON.stringify(snapshot.context)}` : path;
  let step = table.get(key);
  if (step === undefined) {
    step = makeStep(snapshot, path);
    table.set(key, step);
  }
  return step;
}

/** An event's cache key (the event's whole content). */
function eventKey(event: EventObject): string {
  return JSON.stringify(event);
}

const INITIAL = '\u0000initial';

function memoFor(machine: AnyStateMachine, input: unknown, contextKeyed: boolean): Table {
  let byInput = memo.get(machine);
  if (byInput === undefined) {
    byInput = new Map();
    memo.set(machine, byInput);
  }
  // The two kinds of table key their steps differently: never share one.
  const key = `${contextKeyed ? 'context:' : ''}${input === undefined ? '' : (JSON.stringify(input) ?? '')}`;
  let table = byInput.get(key);
  if (table === undefined) {
    table = new Map();
    byInput.set(key, table);
  }
  return table;
}

/** Whether dotted path `path` (regions comma-separated) is `state` or inside it. */
function pathIsIn(path: string, state: string): boolean {
  const p = `,${path},`;
  return p.includes(`,${state},`) || p.includes(`,${state}.`);
}

export interface MachineOptions {
  /** The machine's context is fixed by its input: cache its transitions (see `memo`). */
  readonly fixedContext?: boolean;
  /**
   * The machine assigns its context but has no history states and no
   * children, so (state, context) is its whole snapshot: cache its
   * transitions keyed by both (see `memo`). Ignored when `fixedContext`.
   */
  readonly contextKeyed?: boolean;
}

/** One running machine: its snapshot, stepped purely, reporting each change of state. */
export class MachineInstance {
  #snapshot: AnyMachineSnapshot;
  #path: string;
  readonly #table: Table | null;
  readonly #contextKeyed: boolean;
  /** The current cached step (null when transitions are not cached). */
  #step: Step | null = null;

  readonly machine: AnyStateMachine;
  readonly owner: string;
  readonly #sink: StateSink;

  constructor(machine: AnyStateMachine, owner: string, input: unknown, sink: StateSink, options: MachineOptions = {}) {
    this.machine = machine;
    this.owner = owner;
    this.#sink = sink;
    this.#contextKeyed = options.fixedContext !== true && options.contextKeyed === true;
    this.#table =
      options.fixedContext === true || this.#contextKeyed ? memoFor(machine, input, this.#contextKeyed) : null;
    const table = this.#table;
    if (table === null) {
      const snapshot = initialTransition(machine, input)[0];
      this.#snapshot = snapshot;
      this.#path = statePath(snapshot.value);
    } else {
      let start = table.get(INITIAL);
      if (start === undefined) {
        start = canonical(table, initialTransition(machine, input)[0], this.#contextKeyed);
        table.set(INITIAL, start);
      }
      this.#step = start;
      this.#snapshot = start.snapshot;
      this.#path = start.path;
    }
  }

  get snapshot(): AnyMachineSnapshot {
    return this.#snapshot;
  }

  /** The current state as a dotted path. */
  get state(): string {
    return this.#path;
  }

  /** Whether the machine is in `state` (XState's `matches`, with a dotted path). */
  matches(state: string): boolean {
    // 'a.b.c' is XState's { a: { b: 'c' } }.
    const parts = state.split('.');
    let value: unknown = parts[parts.length - 1];
    for (let i = parts.length - 2; i >= 0; i--) value = { [parts[i] as string]: value };
    return this.#snapshot.matches(value as never);
  }

  /**
   * `matches` for the hot path: whether the current state path (regions
   * comma-separated) is `state` or inside it, by comparing strings, with
   * none of the objects `matches` builds.
   */
  isIn(state: string): boolean {
    const step = this.#step;
    if (step === null) return pathIsIn(this.#path, state);
    let answer = step.inside.get(state);
    if (answer === undefined) {
      answer = pathIsIn(step.path, state);
      step.inside.set(state, answer);
    }
    return answer;
  }

  /** Sends an event; records a `state` event when the state changed. Returns the new snapshot. */
  send(event: EventObject): AnyMachineSnapshot {
    const table = this.#table;
    const from = this.#path;
    let next: AnyMachineSnapshot;
    let path: string;
    if (table === null) {
      next = transition(this.machine, this.#snapshot, event)[0] as AnyMachineSnapshot;
      path = statePath(next.value);
    } else {
      const cur = this.#step as Step;
      let step = cur.byEvent.get(event);
      if (step === undefined) {
        const key = eventKey(event);
        step = cur.byKey.get(key);
        if (step === undefined) {
          step = canonical(
            table,
            transition(this.machine, cur.snapshot, event)[0] as AnyMachineSnapshot,
            this.#contextKeyed,
          );
          cur.byKey.set(key, step);
        }
        // Only a frozen event is sure to mean the same thing next time it is seen.
        if (Object.isFrozen(event)) cur.byEvent.set(event, step);
      }
      this.#step = step;
      next = step.snapshot;
      path = step.path;
    }
    this.#snapshot = next;
    if (path !== from) {
      this.#sink(this.owner, this.machine.id, from, path, event.type);
      this.#path = path;
    }
    return next;
  }
}
