/**
 * The viewer's fold must draw what the engine's own `stateAt` says: same
 * roles, log positions, lag, values, queues and messages in flight, at every
 * step. Checked on hand-made traces and on real engine runs.
 */
import { describe, expect, it } from 'vitest';
import { stateAt, createSimulation, runSimulation } from '../../../src/engine/index.ts';
import { scenarioList } from '../../../src/chapters/scenarios/index.ts';
import type { Trace } from '../../../src/engine/index.ts';
import { TimeTravel } from '../../../src/components/sim/model/timetravel.ts';
import { lagOf, type ViewState } from '../../../src/components/sim/model/fold.ts';
import { small, synthetic } from './fixtures.ts';

function project(s: ViewState) {
  return {
    nodes: Object.fromEntries(
      s.order.map((id) => {
        const n = s.nodes[id]!;
        return [
          id,
          {
            role: n.up ? n.role : 'down',
            up: n.up,
            epoch: n.epoch,
            lsn: n.lsn,
            appliedLsn: n.applied,
            commitLsn: n.commit,
            lag: lagOf(s, id),
            values: n.data,
            queueDepth: n.queue,
            skew: n.skew,
            suspects: [...n.suspects].sort(),
          },
        ];
      }),
    ),
    inFlight: Object.keys(s.inFlight).sort(),
    partition: s.partition,
    pendingOps: Object.keys(s.pending).length,
  };
}

// Compared against `stateAt` (a fold from 0), the reference. The engine's checkpointed
// `createReplay` is not used here: its checkpoints share in-flight message records
// (the duplicate `copies` counter), so it can disagree with `stateAt` after duplicates.
function engineProject(trace: Trace, cursor: number) {
  const b = stateAt(trace, cursor - 1);
  return {
    nodes: Object.fromEntries(
      b.order.map((id) => {
        const n = b.nodes[id]!;
        return [
          id,
          {
            role: n.role,
            up: n.up,
            epoch: n.epoch,
            lsn: n.lsn,
            appliedLsn: n.appliedLsn,
            commitLsn: n.commitLsn,
            lag: n.lag,
            values: n.values,
            queueDepth: n.queueDepth,
            skew: n.skew,
            suspects: [...n.suspects].sort(),
          },
        ];
      }),
    ),
    inFlight: b.inFlight.map((m) => m.msg).sort(),
    partition: b.partition,
    pendingOps: b.pendingOps,
  };
}

function agree(trace: Trace, every = 1): void {
  const tt = new TimeTravel(trace, { checkpointEvery: 32 });
  for (let c = 0; c <= trace.events.length; c += every) {
    expect(project(tt.seek(c)), `${trace.label} cursor ${c}`).toEqual(engineProject(trace, c));
  }
  expect(project(tt.seek(trace.events.length))).toEqual(engineProject(trace, trace.events.length));
}

describe('agreement with the engine fold', () => {
  it('on hand-made traces', () => {
    agree(small());
    agree(synthetic(4, 80));
  });

  it.each(scenarioList.map((s) => s.name))('on scenario %s', (name) => {
    const s = scenarioList.find((x) => x.name === name)!;
    const trace = runSimulation(s.build(5));
    agree(trace, Math.max(1, Math.floor(trace.events.length / 50)));
  });

  it('on a real run with a crash, a restart and a partition', () => {
    const sim = createSimulation({
      seed: 7,
      topology: { leader: 'A', followers: ['B', 'C'] },
      network: { latency: { kind: 'uniform', min: 5, max: 30 } },
      workload: { clients: 2, duration: 400, keys: ['gold', 'silver'] },
      faults: [
        { at: 80, kind: 'crash', node: 'B' },
        { at: 200, kind: 'restart', node: 'B' },
        { at: 250, kind: 'partition', groups: [['A', 'B'], ['C']] },
        { at: 330, kind: 'heal' },
        { at: 100, kind: 'slow', from: 'A', to: 'C', factor: 4 },
      ],
    });
    sim.runFor(700);
    const trace = sim.trace();
    expect(trace.events.length).toBeGreaterThan(50);
    agree(trace, Math.max(1, Math.floor(trace.events.length / 300)));
  });
});
