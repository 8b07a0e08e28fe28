/**
 * The view's state comes from the engine's fold (src/engine/trace/replay.ts):
 * the time travel's lazily checkpointed states are exactly the engine's
 * `stateAt` board, at every step, with the cursor beside it: the views read
 * the board's own fields, nothing is renamed or recomputed. Checked on
 * hand-made traces, on every registry scenario and on a real run with faults;
 * plus the corner cases of traces no scenario produces (nodes seen only in
 * messages, a crash while down, a `role: down` event).
 */
import { describe, expect, it } from 'vitest';
import { stateAt, createSimulation, runSimulation } from '../../../src/engine/index.ts';
import { scenarioList } from '../../../src/chapters/scenarios/index.ts';
import type { Trace } from '../../../src/engine/index.ts';
import { TimeTravel } from '../../../src/components/sim/model/timetravel.ts';
import { foldTo, lagOf, leaders, viewOf, type ViewState } from '../../../src/components/sim/model/fold.ts';
import { build, small, synthetic } from './fixtures.ts';

/** A view state without its cursor: what must be the engine's board itself. */
function board(s: ViewState) {
  const { cursor: _cursor, ...rest } = s;
  return rest;
}

function agree(trace: Trace, every = 1): void {
  const tt = new TimeTravel(trace, { checkpointEvery: 32 });
  const check = (c: number) => {
    const s = tt.seek(c);
    expect(s, `${trace.label} cursor ${c}`).toEqual(viewOf(stateAt(trace, c - 1)));
    expect(board(s), `${trace.label} cursor ${c}`).toEqual(stateAt(trace, c - 1));
    expect(s.cursor).toBe(c);
    for (const id of s.order) expect(lagOf(s, id), `${id} at cursor ${c}`).toBe(stateAt(trace, c - 1).nodes[id]?.lag);
    expect(leaders(s).map((n) => n.node)).toEqual(stateAt(trace, c - 1).leaders);
  };
  for (let c = 0; c <= trace.events.length; c += every) check(c);
  check(trace.events.length);
}

describe('the view state is the engine fold', () => {
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

describe('traces no scenario produces', () => {
  // Declares only A: B shows up as a message endpoint, C as a client's target.
  const odd = () =>
    build(
      ['A'],
      [
        [0, { type: 'role', node: 'A', role: 'leader', epoch: 1 }],
        [1, { type: 'send', msg: 'm-1', from: 'A', to: 'B', kind: 'replicate' }],
        [2, { type: 'invoke', op: 'op-1', client: 'c1', session: 'c1', kind: 'read', key: 'k', node: 'C' }],
        [3, { type: 'apply', node: 'A', lsn: 1, key: 'k', value: 1 }],
        [4, { type: 'crash', node: 'A' }],
        [5, { type: 'crash', node: 'A' }],
        [6, { type: 'restart', node: 'A', lsn: 1 }],
        [7, { type: 'role', node: 'B', role: 'candidate', epoch: 2 }],
        [8, { type: 'role', node: 'B', role: 'down', epoch: 2 }],
        [9, { type: 'restart', node: 'B', lsn: 0 }],
      ],
    );

  it('gives a card to every node the trace mentions, in order of appearance', () => {
    const s = foldTo(odd(), 3);
    expect(s.order).toEqual(['A', 'B', 'C']);
    expect(s.pending.map((p) => p.op)).toEqual(['op-1']);
    expect(s.pending.find((p) => p.op === 'op-1')?.node).toBe('C');
    expect(s.inFlight.find((m) => m.msg === 'm-1')?.to).toBe('B');
  });

  it('a node crashed twice comes back in its old role with its durable data', () => {
    const down = foldTo(odd(), 6);
    expect(down.nodes.A).toMatchObject({ up: false, role: 'down', lastRole: 'leader', values: {}, durable: { k: 1 } });
    const back = foldTo(odd(), 7);
    expect(back.nodes.A).toMatchObject({ up: true, role: 'leader', lastRole: 'leader', values: { k: 1 } });
    expect(stateAt(odd(), 6).nodes.A?.role).toBe('leader');
  });

  it('a `role: down` event keeps the role the node had, and restart brings it back in it', () => {
    expect(foldTo(odd(), 9).nodes.B).toMatchObject({ up: false, role: 'down', lastRole: 'candidate', epoch: 2 });
    expect(foldTo(odd(), 10).nodes.B).toMatchObject({ up: true, role: 'candidate', lastRole: 'candidate' });
    agree(odd());
  });
});
