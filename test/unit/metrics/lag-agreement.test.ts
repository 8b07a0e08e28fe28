/**
 * One lag: the board's `lag` (what a node card shows at a step) and the lag
 * chart's series (`metrics.followerLag`) are the same number, on every named
 * scenario and at every step. They once disagreed after a failover (the board
 * measured against the highest LSN of any node calling itself leader, a
 * deposed one included) and drew flat zero lines for multi-leader runs.
 */
import { describe, expect, it } from 'vitest';
import { createReplay, metrics, runSimulation } from '../../../src/engine/index.ts';
import type { NodeId } from '../../../src/engine/index.ts';
import { scenarioList } from '../../../src/chapters/scenarios/index.ts';

const SEED = 1;

describe.each(scenarioList.map((s) => [s.name, s] as const))('%s (seed 1)', (_name, scenario) => {
  it('the board shows the lag chart: every point is the board at its step, every change is a point', () => {
    const trace = runSimulation(scenario.build(SEED));
    const points = metrics.followerLag(trace);
    const atStep = new Map<number, Map<NodeId, number>>();
    for (const p of points) {
      const m = atStep.get(p.step) ?? new Map<NodeId, number>();
      m.set(p.node, p.lagLsn);
      atStep.set(p.step, m);
    }
    const oneLeader = (trace.shape ?? 'single') === 'single';
    if (!oneLeader) expect(points, 'no single-leader lag without a single leader').toEqual([]);
    // Stepping one event at a time is the replay's cheap forward path.
    const replay = createReplay(trace);
    const shown = new Map<NodeId, number | null>();
    let mismatches = 0;
    const examples: string[] = [];
    for (const e of trace.events) {
      const board = replay.at(e.step);
      const reported = atStep.get(e.step);
      for (const id of trace.nodes) {
        const lag = board.nodes[id]?.lag ?? null;
        if (!oneLeader && lag !== null) {
          mismatches++;
          if (examples.length < 3) examples.push(`step ${e.step}: ${id} shows lag ${lag} in a ${trace.shape} run`);
        }
        const point = reported?.get(id);
        // Each point is what the board shows right after that event...
        const pointDiffers = point !== undefined && point !== lag;
        // ...and every change of the board's lag (to a number) is reported at its step.
        const unreported = point === undefined && lag !== null && lag !== (shown.get(id) ?? null);
        if (pointDiffers || unreported) {
          mismatches++;
          if (examples.length < 3)
            examples.push(
              `seed ${SEED} step ${e.step} (${e.type}): ${id} board lag ${lag}, chart ${point ?? 'no point'}, leader ${board.leader}`,
            );
        }
        shown.set(id, lag);
      }
    }
    expect(examples, `${mismatches} disagreements`).toEqual([]);
  });
});
