/**
 * Chapter 1's `request` machine: alone (its two regions move independently, so
 * a request its client gave up on can still be served), and in the engine
 * (every operation's recorded machine agrees with the operation's own trace
 * events, and recording it changes nothing else in the run).
 */
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { runSimulation, statePath, type Trace } from '../../../src/engine/index.ts';
import { requestMachine, type RequestEvent } from '../../../src/engine/machines/request.ts';
import { MachineInstance } from '../../../src/engine/machines/host.ts';
import { scenarios } from '../../../src/chapters/scenarios/index.ts';

function walk(events: readonly RequestEvent['type'][]): string[] {
  let [s] = initialTransition(requestMachine, undefined);
  const seen = [statePath(s.value)];
  for (const type of events) {
    [s] = transition(requestMachine, s, { type } as RequestEvent);
    seen.push(statePath(s.value));
  }
  return seen;
}

/** The last state each operation's request machine reached, from the trace alone. */
function finalStates(trace: Trace): Map<string, string> {
  const last = new Map<string, string>();
  for (const e of trace.events) if (e.type === 'state' && e.machine === 'request') last.set(e.owner, e.to);
  return last;
}

describe('request machine alone', () => {
  it('a served request: queued, in service, executing, answered, and the client answered', () => {
    expect(walk(['node.enqueue', 'node.start', 'node.execute', 'node.answer', 'client.answer'])).toEqual([
      'client.waiting,node.travelling',
      'client.waiting,node.queued',
      'client.waiting,node.inService',
      'client.waiting,node.executing',
      'client.waiting,node.answered',
      'client.answered,node.answered',
    ]);
  });

  it('the client gives up while the request waits, and the node still serves it: work for nobody', () => {
    const seen = walk(['node.enqueue', 'client.timeout', 'node.start', 'node.execute', 'node.answer', 'client.answer']);
    expect(seen.at(-1)).toBe('client.gaveUp,node.answered');
    expect(seen).toContain('client.gaveUp,node.queued');
    expect(seen).toContain('client.gaveUp,node.inService');
  });

  it('shed and refused requests never reach a worker; a crash loses what the node held', () => {
    expect(walk(['node.shed', 'node.start', 'node.execute']).at(-1)).toBe('client.waiting,node.shed');
    expect(walk(['node.refuse', 'node.enqueue']).at(-1)).toBe('client.waiting,node.refused');
    expect(walk(['node.enqueue', 'node.crash', 'node.start']).at(-1)).toBe('client.waiting,node.lost');
    expect(walk(['node.execute', 'node.crash', 'client.timeout']).at(-1)).toBe('client.gaveUp,node.lost');
  });
});

describe('request machine in the engine', () => {
  const overload = scenarios['ch01-overload']!;

  it('agrees with every operation’s own events: an ack or fail means answered, a timeout means given up', () => {
    for (const seed of [1, 2, 3]) {
      const trace = runSimulation(overload.build(seed));
      const last = finalStates(trace);
      let timeouts = 0;
      for (const e of trace.events) {
        if (e.type === 'ack') expect(last.get(e.op), `seed ${seed} ${e.op}`).toMatch(/^client\.answered,/);
        if (e.type === 'fail' && e.reason === 'shed') expect(last.get(e.op)).toMatch(/,node\.shed$/);
        if (e.type === 'info' && e.reason === 'timeout') {
          timeouts++;
          expect(last.get(e.op), `seed ${seed} ${e.op}`).toMatch(/^client\.gaveUp,/);
        }
      }
      expect(timeouts, `seed ${seed}: overload makes clients give up`).toBeGreaterThan(0);
    }
  });

  it('shows the chapter’s point: under overload, requests whose client gave up are still served', () => {
    const trace = runSimulation(overload.build(7));
    const servedForNobody = [...finalStates(trace).values()].filter((s) => s === 'client.gaveUp,node.answered');
    expect(servedForNobody.length).toBeGreaterThan(10);
  });

  it('is recorded only when the config asks, and recording it changes nothing else in the run', () => {
    const config = overload.build(11);
    const watched = runSimulation(config);
    const plain = runSimulation({ ...config, operationMachines: false });
    expect(plain.events.some((e) => e.type === 'state' && e.machine === 'request')).toBe(false);
    const strip = (t: Trace) =>
      t.events.filter((e) => !(e.type === 'state' && e.machine === 'request')).map(({ step: _step, ...rest }) => rest);
    expect(strip(watched)).toEqual(strip(plain));
    // Same config and seed, same trace.
    expect(runSimulation(config)).toEqual(watched);
  });
});

describe('isIn, the host’s cheap matches', () => {
  it('agrees with XState’s matches on every state a request passes through', () => {
    const lives: RequestEvent['type'][][] = [
      ['node.enqueue', 'client.timeout', 'node.start', 'node.execute', 'node.answer'],
      ['node.shed', 'client.answer'],
      ['node.execute', 'node.crash', 'client.timeout'],
    ];
    const probes = ['client', 'client.waiting', 'client.gaveUp', 'node', 'node.queued', 'node.inService', 'node.lost'];
    for (const life of lives) {
      const m = new MachineInstance(requestMachine, 'op', undefined, () => {}, { fixedContext: true });
      for (const type of life) {
        m.send({ type } as RequestEvent);
        for (const p of probes) expect(m.isIn(p), `${m.state} in ${p}`).toBe(m.matches(p));
      }
    }
  });
});
