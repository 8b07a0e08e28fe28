/**
 * The chapter 8 machines alone (`quorum`: one coordinated read or write;
 * `hint`: a stand-in's hints) through XState's pure `transition()`, and in
 * the engine: every leaderless operation's `state` events are one consistent
 * history that agrees with what the client was told.
 */
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { runSimulation, statePath, type Trace } from '../../../src/engine/index.ts';
import {
  hintMachine,
  quorumMachine,
  type HintEvent,
  type QuorumEvent,
  type QuorumKind,
} from '../../../src/engine/machines/quorum.ts';
import { scenarios } from '../../../src/chapters/scenarios/index.ts';

function walkQuorum(kind: QuorumKind, events: readonly QuorumEvent[]): string[] {
  let [s] = initialTransition(quorumMachine, { kind });
  const seen = [statePath(s.value)];
  for (const ev of events) {
    [s] = transition(quorumMachine, s, ev);
    seen.push(statePath(s.value));
  }
  return seen;
}

function walkHint(events: readonly HintEvent[]): string[] {
  let [s] = initialTransition(hintMachine, undefined);
  const seen = [statePath(s.value)];
  for (const ev of events) {
    [s] = transition(hintMachine, s, ev);
    seen.push(statePath(s.value));
  }
  return seen;
}

describe('quorum machine alone', () => {
  it('a write succeeds with its quorum; a sloppy write asks stand-ins first', () => {
    expect(walkQuorum('write', [{ type: 'quorum.reached', repair: false }])).toEqual([
      'collecting.home',
      'succeeded.answered',
    ]);
    expect(walkQuorum('write', [{ type: 'quorum.sloppy' }, { type: 'quorum.reached', repair: false }])).toEqual([
      'collecting.home',
      'collecting.sloppy',
      'succeeded.answered',
    ]);
  });

  it('a write that times out is a partial write when some replica stored it, and stays failed', () => {
    expect(
      walkQuorum('write', [
        { type: 'quorum.timeout', stored: true },
        { type: 'quorum.reached', repair: false },
      ]),
    ).toEqual(['collecting.home', 'failed.partial', 'failed.partial']);
    expect(walkQuorum('write', [{ type: 'quorum.timeout', stored: false }])).toEqual([
      'collecting.home',
      'failed.nothingStored',
    ]);
  });

  it('a read with stale answers repairs before it counts as repaired; a write never repairs', () => {
    expect(
      walkQuorum('read', [
        { type: 'quorum.reached', repair: true },
        { type: 'repair.stored' },
        { type: 'quorum.timeout', stored: false },
      ]),
    ).toEqual(['collecting.home', 'repairing', 'succeeded.repaired', 'succeeded.repaired']);
    expect(walkQuorum('read', [{ type: 'quorum.reached', repair: false }])).toEqual([
      'collecting.home',
      'succeeded.answered',
    ]);
    expect(walkQuorum('write', [{ type: 'quorum.reached', repair: true }])).toEqual([
      'collecting.home',
      'succeeded.answered',
    ]);
    expect(walkQuorum('read', [{ type: 'quorum.timeout', stored: true }])).toEqual([
      'collecting.home',
      'failed.timedOut',
    ]);
  });
});

describe('hint machine alone', () => {
  it('holds, hands off until the last hint is taken, and is emptied by a lost disk', () => {
    expect(
      walkHint([
        { type: 'hint.stored' },
        { type: 'handoff.sent' },
        { type: 'hint.stored' },
        { type: 'handoff.acked', left: true },
        { type: 'handoff.acked', left: false },
        { type: 'hint.stored' },
        { type: 'hint.wiped' },
      ]),
    ).toEqual(['empty', 'holding', 'handingOff', 'handingOff', 'handingOff', 'empty', 'holding', 'empty']);
  });
});

/** Each operation's final `quorum` state, by op id. */
function finalStates(t: Trace): Map<string, string> {
  const last = new Map<string, string>();
  for (const e of t.events) {
    if (e.type !== 'state' || e.machine !== 'quorum') continue;
    const op = e.owner.split('@')[0] ?? '';
    const prev = last.get(op);
    if (prev !== undefined && prev !== e.from)
      throw new Error(`seed ${t.seed} step ${e.step}: ${e.owner} was ${prev}, not ${e.from}`);
    last.set(op, e.to);
  }
  return last;
}

describe('quorum machines in the engine', () => {
  it('every answered operation ends succeeded, every quorum timeout failed, as the client was told', () => {
    for (const name of ['ch08-quorum', 'ch08-partial-write', 'ch08-sloppy-quorum', 'ch08-read-repair'])
      for (let seed = 1; seed <= 5; seed++) {
        const t = runSimulation(scenarios[name]!.build(seed));
        const final = finalStates(t);
        for (const e of t.events) {
          if (e.type === 'ack' && final.has(e.op))
            expect(final.get(e.op), `${name} seed ${seed} ${e.op}`).toMatch(/^(succeeded|repairing)/);
          if (e.type === 'info' && e.reason === 'quorum-timeout')
            expect(final.get(e.op), `${name} seed ${seed} ${e.op}`).toMatch(/^failed\.(partial|nothingStored)$/);
        }
      }
  });

  it('the partial-write scenario has failed writes some replica kept; the sloppy one holds and hands off hints', () => {
    const partial = [...finalStates(runSimulation(scenarios['ch08-partial-write']!.build(1))).values()];
    expect(partial).toContain('failed.partial');
    const sloppy = runSimulation(scenarios['ch08-sloppy-quorum']!.build(1));
    const states = new Set(sloppy.events.flatMap((e) => (e.type === 'state' ? [`${e.machine}:${e.to}`] : [])));
    for (const s of ['quorum:collecting.sloppy', 'hint:holding', 'hint:handingOff', 'hint:empty'])
      expect(states).toContain(s);
    const repair = runSimulation(scenarios['ch08-read-repair']!.build(1));
    expect(repair.events.some((e) => e.type === 'state' && e.to === 'succeeded.repaired')).toBe(true);
  });

  it('the machines add at most one state event per operation or so: trace growth stays under 15%', () => {
    for (const name of ['ch08-quorum', 'ch08-sloppy-quorum', 'ch08-read-repair']) {
      const t = runSimulation(scenarios[name]!.build(3));
      const added = t.events.filter(
        (e) => e.type === 'state' && (e.machine === 'quorum' || e.machine === 'hint'),
      ).length;
      expect(added / (t.events.length - added), name).toBeLessThan(0.15);
      expect(JSON.stringify(runSimulation(scenarios[name]!.build(3)).events)).toBe(JSON.stringify(t.events));
    }
  });
});
