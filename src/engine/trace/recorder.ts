/**
 * The recorder: the only place trace events are created. It stamps each event
 * with its `step` (dense index) and the current virtual `time`, and enforces
 * the per-run event cap so a runaway simulation stops with a clear error, and
 * checks the engine's online invariants (`invariants.ts`) on every event.
 */
import type { NodeId, ReplicationShape, Trace, TraceEvent, TraceEventInput } from './events.ts';
import { OnlineInvariants } from './invariants.ts';

/** Thrown when a run records more events than its `maxEvents` budget. */
export class EventLimitError extends Error {
  readonly limit: number;
  readonly seed: number;
  constructor(limit: number, seed: number, time: number) {
    super(
      `Simulation stopped: it recorded ${limit} trace events (the maxEvents cap) by virtual time ${time} ms, seed ${seed}. ` +
        `Run for less time, lower the load, or raise maxEvents in the config.`,
    );
    this.name = 'EventLimitError';
    this.limit = limit;
    this.seed = seed;
  }
}

export class Recorder {
  readonly events: TraceEvent[] = [];
  /** Current virtual time, advanced by the engine loop. */
  now = 0;
  private readonly maxEvents: number;
  private readonly seed: number;
  private readonly invariants: OnlineInvariants;

  constructor(seed: number, maxEvents: number) {
    this.seed = seed;
    this.maxEvents = maxEvents;
    this.invariants = new OnlineInvariants(seed);
  }

  /**
   * Records `e`, stamping it in place with its step and time: every caller
   * passes a fresh object, and copying each event (`{ step, time, ...e }`)
   * was a fifth of a run's time. So `step` and `time` come last in an
   * event's keys.
   */
  emit(e: TraceEventInput): void {
    const step = this.events.length;
    if (step >= this.maxEvents) throw new EventLimitError(this.maxEvents, this.seed, this.now);
    const event = e as { step: number; time: number } & TraceEventInput;
    event.step = step;
    event.time = this.now;
    this.events.push(event as TraceEvent);
    this.invariants.check(event as TraceEvent);
  }

  trace(label: string, nodes: readonly NodeId[], standbys: readonly NodeId[] = [], shape?: ReplicationShape): Trace {
    return {
      seed: this.seed,
      label,
      nodes: [...nodes],
      ...(standbys.length > 0 ? { standbys: [...standbys] } : {}),
      ...(shape !== undefined && shape !== 'single' ? { shape } : {}),
      events: this.events.slice(),
    };
  }
}
