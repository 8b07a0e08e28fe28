/**
 * The Machines panel's model: tracks of `state` events per owner and machine,
 * each machine's state at any cursor (so seek and rewind follow), the
 * transition taken at the current step found on the chart (including the
 * eventless arrow a restart passes through), and the words a screen reader hears.
 */
import { describe, expect, it } from 'vitest';
import type { StateEvent, Trace, TraceEvent } from '../../../src/engine/trace/events.ts';
import {
  machineTracks,
  machinesAt,
  operationOwners,
  operationsAt,
} from '../../../src/components/sim/model/machines.ts';
import { highlightOf, statesOf } from '../../../src/components/statechart/highlight.ts';
import { machineGraph } from '../../../src/components/statechart/graph.ts';
import { machines } from '../../../src/engine/index.ts';
import { describeMachine, shortState } from '../../../src/components/sim/views/MachinesPanel.tsx';
import { runSimulation } from '../../../src/engine/index.ts';
import { scenarios } from '../../../src/chapters/scenarios/index.ts';

const st = (step: number, owner: string, from: string, to: string, event: string): StateEvent => ({
  type: 'state',
  step,
  time: step * 10,
  owner,
  machine: 'node',
  from,
  to,
  event,
});
const other = (step: number) => ({ type: 'note', step, time: step * 10, text: 'x' }) as unknown as TraceEvent;

const events: TraceEvent[] = [
  other(0),
  st(1, 'A', 'up.leader', 'down', 'node.crash'),
  other(2),
  st(3, 'B', 'up.follower', 'up.candidate', 'node.campaign'),
  st(4, 'B', 'up.candidate', 'up.leader', 'node.promote'),
  st(5, 'A', 'down', 'up.follower', 'node.restart'),
];
const trace = { seed: 1, label: 't', events } as unknown as Trace;
const node = machineGraph(machines['node']!.machine);

describe('machine tracks', () => {
  it('groups state events by owner and machine, owners in order of appearance', () => {
    const tracks = machineTracks(trace);
    expect(tracks.map((t) => `${t.owner}:${t.machine}:${t.changes.length}`)).toEqual(['A:node:2', 'B:node:2']);
  });

  it('folds each machine to its state at any cursor, forwards and back', () => {
    const tracks = machineTracks(trace);
    const at = (c: number) => machinesAt(tracks, c).map((m) => `${m.owner}=${m.state}${m.now ? '*' : ''}`);
    expect(at(0)).toEqual(['A=up.leader', 'B=up.follower']);
    expect(at(2)).toEqual(['A=down*', 'B=up.follower']);
    expect(at(3)).toEqual(['A=down', 'B=up.follower']);
    expect(at(5)).toEqual(['A=down', 'B=up.leader*']);
    expect(at(6)).toEqual(['A=up.follower*', 'B=up.leader']);
    expect(at(1)).toEqual(at(0));
  });

  it('says the state and the change in words', () => {
    const [a] = machinesAt(machineTracks(trace), 2);
    expect(describeMachine(a!)).toBe('A, node machine: down, just changed from up.leader on node.crash.');
    const [a2] = machinesAt(machineTracks(trace), 4);
    expect(describeMachine(a2!)).toBe('A, node machine: down since t=10 ms (node.crash).');
  });
});

describe('highlightOf', () => {
  it('fills the current state and its parents', () => {
    const h = highlightOf(node, 'up.leader');
    expect([...h.current]).toEqual(['up.leader']);
    expect([...h.active].sort()).toEqual(['up', 'up.leader']);
    expect(h.taken.size).toBe(0);
  });

  it('marks the arrow of the event, disambiguated by target', () => {
    const h = highlightOf(node, 'up.leader', { from: 'up.candidate', to: 'up.leader', event: 'node.promote' });
    expect([...h.taken]).toEqual(['up.candidate:node.promote:0']);
    const crash = highlightOf(node, 'down', { from: 'up.leader', to: 'down', event: 'node.crash' });
    expect([...crash.taken]).toEqual(['up:node.crash:0']);
  });

  it('marks the eventless arrow a restart passes through, and only that one', () => {
    const h = highlightOf(node, 'up.follower', { from: 'down', to: 'up.follower', event: 'node.restart' });
    expect([...h.taken].sort()).toEqual(['down:node.restart:0', 'up.boot:always:3']);
  });

  it('marks a transition of the machine itself, whatever the state it left', async () => {
    const { lampMachine } = await import('../statechart/test-machine.ts');
    const lamp = machineGraph(lampMachine);
    const h = highlightOf(lamp, 'off', { from: 'on.lit.dim', to: 'off', event: 'lamp.unplug' });
    expect([...h.taken]).toEqual(['*:lamp.unplug:0']);
  });

  it('reads parallel paths region by region', () => {
    expect(statesOf(node, 'up.leader,nothing')).toEqual(['up.leader']);
    expect(statesOf(node, 'down,leader')).toEqual(['down', 'up.leader']);
  });
});

describe('operation machines', () => {
  const trace = runSimulation(scenarios['ch01-overload']!.build(3));
  const ops = operationOwners(trace);
  const graph = machineGraph(machines.request!.machine);
  const finals = new Set(graph.states.filter((x) => x.kind === 'final').map((x) => x.id));
  const isFinal = (_m: string, path: string) => finals.has(path);

  it('counts every operation sent by the state of its request, and lists only the unsettled ones as in flight', () => {
    const tracks = machineTracks(trace);
    const cursor = Math.round(trace.events.length * 0.6);
    const at = operationsAt(machinesAt(tracks, cursor), ops, isFinal);
    const sent = new Set(
      trace.events
        .slice(0, cursor)
        .filter((e) => e.type === 'invoke')
        .map((e) => e.op),
    );
    const counted = at.counts.reduce((n, c) => n + c.count, 0);
    // Every operation sent before the cursor has left `travelling` by then, or is still travelling.
    expect(counted).toBeLessThanOrEqual(sent.size);
    expect(counted).toBeGreaterThan(sent.size * 0.9);
    for (const m of at.inFlight) expect(m.now || !m.state.split(',').every((r) => finals.has(r))).toBe(true);
    expect(at.counts.some((c) => c.state.startsWith('client.gaveUp,node.') && !c.state.endsWith('answered'))).toBe(
      true,
    );
    // The most recent change first.
    const steps = at.inFlight.filter((m) => !m.now).map((m) => m.last?.step ?? 0);
    expect(steps).toEqual([...steps].sort((a, b) => b - a));
  });

  it('takes an operation at a node (`op-N@B`) for an operation too, and a node for a node', () => {
    const t: Trace = {
      seed: 1,
      label: 't',
      nodes: ['B'],
      events: [
        { type: 'invoke', step: 0, time: 0, op: 'op-1', client: 'c', session: 's', kind: 'read', key: 'k', node: 'B' },
        st(1, 'op-1@B', 'collecting', 'succeeded', 'quorum.reached'),
        st(2, 'B', 'up.follower', 'down', 'node.crash'),
      ] as TraceEvent[],
    };
    expect([...operationOwners(t)]).toEqual(['op-1@B']);
  });

  it('says a parallel state region by region', () => {
    expect(shortState('client.gaveUp,node.queued')).toBe('gaveUp / queued');
    expect(shortState('up.leader')).toBe('leader');
  });
});
