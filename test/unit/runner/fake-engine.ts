// A tiny stand-in for src/engine/index.ts, for runner tests.
import type { Trace } from '../../../src/engine/trace/events.ts';

export class EventLimitError extends Error {
  constructor() {
    super('Simulation stopped: it recorded 10 trace events (the maxEvents cap) by virtual time 5 ms, seed 1.');
    this.name = 'EventLimitError';
  }
}

export function createSimulation(config: { seed: number; nodes?: string[]; maxEvents?: number }) {
  const nodes = config.nodes ?? ['leader', 'f1'];
  const events: Trace['events'][number][] = [];
  return {
    write(key: string, value: number) {
      if (config.maxEvents !== undefined && events.length + 2 > config.maxEvents) throw new EventLimitError();
      const step = events.length;
      events.push({
        type: 'send',
        step,
        time: step,
        msg: `m-${step}`,
        from: 'leader',
        to: 'f1',
        kind: 'replicate',
        summary: `${key}=${value}`,
      });
      events.push({
        type: 'deliver',
        step: step + 1,
        time: step + 5,
        msg: `m-${step}`,
        from: 'leader',
        to: 'f1',
        kind: 'replicate',
      });
    },
    get trace(): Trace {
      return { seed: config.seed, label: 'fake', nodes, events };
    },
  };
}

export const engine = { createSimulation, EventLimitError };
