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
 * map lookup. `test/unit/engine/machines.test.ts` checks the cached stepping
 * against `transition()` on random event sequences.
 */
const memo = new WeakMap<AnyStateMachine, Map<string, Map<string, Step>>>();

/** A cached snapshot with its dotted path (computing the path sorts parallel regions: worth keeping). */
interface Step {
  readonly snapshot: AnyMachineSnapshot;
  readonly path: string;
}

/**
 * An event's cache key. Protocols send shared constant event objects for
 * events without data (one per operation adds up), so the key is computed
 * once per object rather than once per step.
 */
const eventKeys = new WeakMap<EventObject, string>();
function eventKey(event: EventObject): string {
  let key = eventKeys.get(event);
  if (key === undefined) {
    key = JSON.stringify(event);
    if (Object.isFrozen(event)) eventKeys.set(event, key);
  }
  return key;
}

function memoFor(machine: AnyStateMachine, input: unknown): Map<string, Step> {
  let byInput = memo.get(machine);
  if (byInput === undefined) {
    byInput = new Map();
    memo.set(machine, byInput);
  }
  const key = JSON.stringify(input) ?? '';
  let table = byInput.get(key);
  if (table === undefined) {
    table = new Map();
    byInput.set(key, table);
  }
  return table;
}

export interface MachineOptions {
  /** The machine's context is fixed by its input: cache its transitions (see `memo`). */
  readonly fixedContext?: boolean;
}

/** One running machine: its snapshot, stepped purely, reporting each change of state. */
export class MachineInstance {
  #snapshot: AnyMachineSnapshot;
  #path: string;
  readonly #table: Map<string, Step> | null;

  readonly machine: AnyStateMachine;
  readonly owner: string;
  readonly #sink: StateSink;

  constructor(machine: AnyStateMachine, owner: string, input: unknown, sink: StateSink, options: MachineOptions = {}) {
    this.machine = machine;
    this.owner = owner;
    this.#sink = sink;
    this.#table = options.fixedContext === true ? memoFor(machine, input) : null;
    let start = this.#table?.get('');
    if (start === undefined) {
      const snapshot = initialTransition(machine, input)[0];
      start = { snapshot, path: statePath(snapshot.value) };
      this.#table?.set('', start);
    }
    this.#snapshot = start.snapshot;
    this.#path = start.path;
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
    const path = `,${this.#path},`;
    return path.includes(`,${state},`) || path.includes(`,${state}.`);
  }

  /** Sends an event; records a `state` event when the state changed. Returns the new snapshot. */
  send(event: EventObject): AnyMachineSnapshot {
    const table = this.#table;
    let step: Step | undefined;
    if (table === null) {
      const snapshot = transition(this.machine, this.#snapshot, event)[0] as AnyMachineSnapshot;
      step = { snapshot, path: statePath(snapshot.value) };
    } else {
      const key = `${this.#path}|${eventKey(event)}`;
      step = table.get(key);
      if (step === undefined) {
        const snapshot = transition(this.machine, this.#snapshot, event)[0] as AnyMachineSnapshot;
        step = { snapshot, path: statePath(snapshot.value) };
        table.set(key, step);
      }
    }
    const next = step.snapshot;
    this.#snapshot = next;
    const path = step.path;
    if (path !== this.#path) {
      this.#sink(this.owner, this.machine.id, this.#path, path, event.type);
      this.#path = path;
    }
    return next;
  }
}
