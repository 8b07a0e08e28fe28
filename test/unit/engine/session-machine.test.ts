/**
 * The chapter 5 session machine, alone (its own definition through XState's
 * pure `transition()`), and as the engine drives it: one instance per session,
 * a `state` event only when where the session reads changes, and none at all
 * in runs whose reads all go to the leader.
 */
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { check, runSimulation, statePath, type Trace } from '../../../src/engine/index.ts';
import { sessionMachine, type SessionEvent } from '../../../src/engine/machines/session.ts';
import { scenarios } from '../../../src/chapters/scenarios/index.ts';

function run(events: readonly SessionEvent[]): string[] {
  let [s] = initialTransition(sessionMachine, undefined);
  const seen = [statePath(s.value)];
  for (const ev of events) {
    [s] = transition(sessionMachine, s, ev);
    seen.push(statePath(s.value));
  }
  return seen;
}

const route = (leader: boolean, caughtUp: boolean): SessionEvent => ({ type: 'read.route', leader, caughtUp });

describe('session machine alone', () => {
  it('starts fresh and sorts each routed read by where it went', () => {
    expect(run([route(false, true), route(true, true), route(false, false)])).toEqual([
      'fresh',
      'caughtUpFollower',
      'atLeader',
      'laggingFollower',
    ]);
  });

  it('a read at the leader is never lagging, whatever the caught-up flag says', () => {
    expect(run([route(true, false)]).at(-1)).toBe('atLeader');
  });

  it('an acknowledged write puts the session in wrote; a failed read in refused; the next read moves on', () => {
    expect(run([route(false, true), { type: 'write.acked' }, route(true, true)])).toEqual([
      'fresh',
      'caughtUpFollower',
      'wrote',
      'atLeader',
    ]);
    expect(run([{ type: 'read.failed' }, route(false, false)])).toEqual(['fresh', 'refused', 'laggingFollower']);
  });
});

function sessionStates(t: Trace): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of t.events) {
    if (e.type !== 'state' || e.machine !== 'session') continue;
    const list = out.get(e.owner) ?? [];
    // Each event starts where the last one for this session ended.
    expect(e.from).toBe(list.at(-1) ?? 'fresh');
    expect(e.from).not.toBe(e.to);
    list.push(e.to);
    out.set(e.owner, list);
  }
  return out;
}

describe('session machine in the engine', () => {
  it('one consistent history per session; random routing lands sessions on lagging followers', () => {
    const t = runSimulation(scenarios['ch05-random-reads']!.build(3));
    const states = sessionStates(t);
    expect(states.size).toBeGreaterThan(1);
    const all = new Set([...states.values()].flat());
    expect(all.has('laggingFollower')).toBe(true);
    expect(all.has('atLeader')).toBe(true);
  });

  it('LSN routing never reads from a lagging follower, and still reads from caught-up ones', () => {
    for (const seed of [1, 2, 3, 4]) {
      const t = runSimulation(scenarios['ch05-lsn-routing']!.build(seed));
      const all = new Set([...sessionStates(t).values()].flat());
      expect(all.has('laggingFollower'), `seed ${seed}`).toBe(false);
      expect(all.has('caughtUpFollower'), `seed ${seed}`).toBe(true);
      expect(check.readYourWrites(t).valid, `seed ${seed}`).toBe(true);
    }
  });

  it('every read-your-writes violation is a read the machine saw routed to a lagging follower', () => {
    const t = runSimulation(scenarios['ch05-random-reads']!.build(5));
    const r = check.readYourWrites(t);
    expect(r.valid).toBe(false);
    for (const v of r.violations) {
      const read = t.events.find((e) => e.type === 'invoke' && e.op === v.op);
      const state = t.events.find(
        (e) =>
          e.type === 'state' &&
          e.machine === 'session' &&
          read?.type === 'invoke' &&
          e.owner === read.session &&
          e.step <= read.step,
      );
      expect(state, v.message).toBeDefined();
    }
  });

  it('adds no state events when every read goes to the leader, and stays deterministic', () => {
    const leaderOnly = runSimulation({ ...scenarios['ch05-random-reads']!.build(2), clients: { readFrom: 'leader' } });
    expect(leaderOnly.events.some((e) => e.type === 'state' && e.machine === 'session')).toBe(false);
    const a = runSimulation(scenarios['ch05-random-reads']!.build(9));
    const b = runSimulation(scenarios['ch05-random-reads']!.build(9));
    expect(JSON.stringify(a.events)).toBe(JSON.stringify(b.events));
  });
});
