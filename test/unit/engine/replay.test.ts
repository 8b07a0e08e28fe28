/**
 * Seeking with checkpoints (`createReplay`) gives exactly the board that
 * folding the trace from the start (`stateAt`) gives — at every step of a run
 * with duplicated messages, whose in-flight copy counts must not be shared
 * between checkpoints, and at every fourth step of two longer runs (`stateAt`
 * refolds from the start each time, so checking every step there is quadratic).
 */
import { describe, expect, it } from 'vitest';
import { createReplay, runSimulation, stateAt } from '../../../src/engine/index.ts';
import { scenarios } from '../../../src/chapters/scenarios/index.ts';

describe('createReplay', () => {
  for (const [name, seed, every] of [
    ['ch02-unreliable-network', 5, 1],
    ['ch02-stop-and-restart', 2, 4],
    ['ch06-leader-crash', 3, 4],
  ] as const) {
    it(`${name} seed ${seed}: every ${every === 1 ? '' : `${every}th `}step matches stateAt`, () => {
      const trace = runSimulation(scenarios[name]!.build(seed));
      const replay = createReplay(trace, 64);
      const wrong: number[] = [];
      for (let s = -1; s < trace.events.length; s += every) {
        if (JSON.stringify(replay.at(s)) !== JSON.stringify(stateAt(trace, s))) wrong.push(s);
      }
      expect(wrong.slice(0, 5), `${name} seed ${seed}: ${wrong.length} steps differ`).toEqual([]);
    });
  }
});
