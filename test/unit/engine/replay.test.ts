/**
 * Seeking with checkpoints (`createReplay`) gives exactly the board that
 * folding the trace from the start (`stateAt`) gives, at every step —
 * including runs with duplicated messages, whose in-flight copy counts must not
 * be shared between checkpoints.
 */
import { describe, expect, it } from 'vitest';
import { createReplay, runSimulation, stateAt } from '../../../src/engine/index.ts';
import { scenarios } from '../../../src/chapters/scenarios/index.ts';

describe('createReplay', () => {
  for (const [name, seed] of [
    ['ch2-unreliable-network', 5],
    ['ch2-stop-and-restart', 2],
    ['ch6-leader-crash', 3],
  ] as const) {
    it(`${name} seed ${seed}: every step matches stateAt`, () => {
      const trace = runSimulation(scenarios[name]!.build(seed));
      const replay = createReplay(trace, 64);
      const wrong: number[] = [];
      for (let s = -1; s < trace.events.length; s += 1) {
        if (JSON.stringify(replay.at(s)) !== JSON.stringify(stateAt(trace, s))) wrong.push(s);
      }
      expect(wrong.slice(0, 5), `${name} seed ${seed}: ${wrong.length} steps differ`).toEqual([]);
    });
  }
});
