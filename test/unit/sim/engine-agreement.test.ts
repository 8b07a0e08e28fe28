/**
 * The view's state comes from the engine's fold (src/engine/trace/replay.ts):
 * the time travel's lazily checkpointed states are exactly the engine's
 * `stateAt` board in the view's shape, at every step, and every field the
 * views read maps onto the engine's field of the same meaning. Checked on
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

function project(s: ViewState) {
  return {
    step: s.cursor - 1,
    time: s.time,
    nodes: Object.fromEntries(
      s.order.map((id) => {
        const n = s.nodes[id]!;
        return [
          id,
          {
            role: n.up ? n.role : 'down',
            lastRole: n.role,
            up: n.up,
            epoch: n.epoch,
            lsn: n.lsn,
            appliedLsn: n.applied,
            commitLsn: n.commit,
            lag: lagOf(s, id),
            values: n.data,
            durable: n.durable,
            queueDepth: n.queue,
            skew: n.skew,
            suspects: [...n.suspects],
            lastReject: n.lastReject,
          },
        ];
      }),
    ),
    leaders: leaders(s).map((n) => n.id),
    inFlight: Object.values(s.inFlight).map((f) => [
      f.msg,
      f.from,
      f.to,
      f.kind,
      f.summary,
      f.sentStep,
      f.sentTime,
      f.copies,
    ]),
    partition: s.partition,
    slowLinks: s.links,
    pending: Object.values(s.pending).map((p) => [p.op, p.client, p.kind, p.key, p.node, p.value, p.step, p.time]),
    narration: s.note,
  };
}

function engineProject(trace: Trace, cursor: number) {
  const b = stateAt(trace, cursor - 1);
  return {
    step: b.step,
    time: b.time,
    nodes: Object.fromEntries(
      b.order.map((id) => {
        const n = b.nodes[id]!;
        return [
          id,
          {
            role: n.role,
            lastRole: n.lastRole,
            up: n.up,
            epoch: n.epoch,
            lsn: n.lsn,
            appliedLsn: n.appliedLsn,
            commitLsn: n.commitLsn,
            lag: n.lag,
            values: n.values,
            durable: n.durable,
            queueDepth: n.queueDepth,
            skew: n.skew,
            suspects: n.suspects,
            lastReject: n.lastReject,
          },
        ];
      }),
    ),
    leaders: b.leaders,
    inFlight: b.inFlight.map((m) => [m.msg, m.from, m.to, m.kind, m.summary, m.sentStep, m.sentAt, m.copies]),
    partition: b.partition,
    slowLinks: b.slowLinks,
    pending: b.pending.map((p) => [p.op, p.client, p.kind, p.key, p.node, p.value, p.step, p.time]),
    narration: b.narration,
  };
}

function agree(trace: Trace, every = 1): void {
  const tt = new TimeTravel(trace, { checkpointEvery: 32 });
  const check = (c: number) => {
    const s = tt.seek(c);
    expect(s, `${trace.label} cursor ${c}`).toEqual(viewOf(stateAt(trace, c - 1)));
    expect(project(s), `${trace.label} cursor ${c}`).toEqual(engineProject(trace, c));
    expect(Object.keys(s.pending).length).toBe(stateAt(trace, c - 1).pendingOps);
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
    expect(Object.keys(s.pending)).toEqual(['op-1']);
    expect(s.pending['op-1']?.node).toBe('C');
    expect(s.inFlight['m-1']?.to).toBe('B');
  });

  it('a node crashed twice comes back in its old role with its durable data', () => {
    const down = foldTo(odd(), 6);
    expect(down.nodes.A).toMatchObject({ up: false, role: 'leader', data: {}, durable: { k: 1 } });
    const back = foldTo(odd(), 7);
    expect(back.nodes.A).toMatchObject({ up: true, role: 'leader', data: { k: 1 } });
    expect(stateAt(odd(), 6).nodes.A?.role).toBe('leader');
  });

  it('a `role: down` event keeps the role the node had, and restart brings it back in it', () => {
    expect(foldTo(odd(), 9).nodes.B).toMatchObject({ up: false, role: 'candidate', epoch: 2 });
    expect(foldTo(odd(), 10).nodes.B).toMatchObject({ up: true, role: 'candidate' });
    agree(odd());
  });
});
