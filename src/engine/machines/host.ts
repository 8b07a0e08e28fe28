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
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const rest = statePath(v);
    parts.push(rest === '' ? k : `${k}.${rest}`);
  }
  return parts.join(',');
}

/** Where state changes are reported (the engine's recorder). */
export type StateSink = (owner: string, machine: string, from: string, to: string, event: string) => void;

/** One running machine: its snapshot, stepped purely, reporting each change of state. */
export class MachineInstance {
  #snapshot: AnyMachineSnapshot;
  #path: string;

  readonly machine: AnyStateMachine;
  readonly owner: string;
  readonly #sink: StateSink;

  constructor(machine: AnyStateMachine, owner: string, input: unknown, sink: StateSink) {
    this.machine = machine;
    this.owner = owner;
    this.#sink = sink;
    this.#snapshot = initialTransition(machine, input)[0];
    this.#path = statePath(this.#snapshot.value);
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

  /** Sends an event; records a `state` event when the state changed. Returns the new snapshot. */
  send(event: EventObject): AnyMachineSnapshot {
    const next: AnyMachineSnapshot = transition(this.machine, this.#snapshot, event)[0];
    this.#snapshot = next;
    const path = statePath(next.value);
    if (path !== this.#path) {
      this.#sink(this.owner, this.machine.id, this.#path, path, event.type);
      this.#path = path;
    }
    return next;
  }
}
