/**
 * Protocol machines, tested alone (their own definitions through XState's pure
 * `transition()`) and in the engine (their `state` trace events are a
 * consistent history, and the engine acts only as its machines allow).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MachineInstance } from '../../../src/engine/machines/host.ts';
import { initialTransition, transition } from 'xstate';
import { machines, runSimulation, statePath, type Trace } from '../../../src/engine/index.ts';
import { failoverMachine, type FailoverEvent } from '../../../src/engine/machines/failover.ts';
import { followerStreamMachine } from '../../../src/engine/machines/follower-stream.ts';
import { cdcConsumerMachine } from '../../../src/engine/machines/cdc-consumer.ts';
import { commitMachine } from '../../../src/engine/machines/commit.ts';
import { scenarios } from '../../../src/chapters/scenarios/index.ts';

function walk(input: { leading: boolean; fencing: boolean }, events: readonly FailoverEvent[]): string[] {
  let [s] = initialTransition(failoverMachine, input);
  const seen = [statePath(s.value)];
  for (const ev of events) {
    [s] = transition(failoverMachine, s, ev);
    seen.push(statePath(s.value));
  }
  return seen;
}

describe('cached stepping', () => {
  // Inputs each machine is created with in the engine.
  const inputs: Record<string, readonly unknown[]> = {
    failover: [
      { leading: true, fencing: true },
      { leading: false, fencing: true },
      { leading: false, fencing: false },
    ],
    'follower-stream': [{ leading: true }, { leading: false }],
    commit: [
      { mode: 'sync', leading: true },
      { mode: 'semi-sync', leading: false },
      { mode: 'async', leading: true },
      { mode: 'policy', leading: false },
    ],
    'cdc-consumer': [undefined],
    request: [undefined],
    quorum: [{ kind: 'write' }, { kind: 'read' }],
    hint: [undefined],
    version: [{ mode: 'lww' }, { mode: 'version-vector' }, { mode: 'merge' }, { mode: 'counter' }, { mode: 'set' }],
    session: [undefined],
  };

  it("agrees with XState's transition() on random event sequences for every fixed-context machine", () => {
    for (const [id, list] of Object.entries(inputs)) {
      const machine = machines[id]?.machine;
      expect(machine, id).toBeDefined();
      if (!machine) continue;
      // Events with a boolean field come in both variants.
      const flags: Record<string, string> = {
        'node.restart': 'leading',
        'quorum.reached': 'repair',
        'quorum.timeout': 'stored',
        'handoff.acked': 'left',
      };
      const events = machine.root.events.map((type) => {
        const flag = flags[type];
        if (type === 'read.route')
          return [
            { type, leader: true, caughtUp: true },
            { type, leader: false, caughtUp: true },
            { type, leader: false, caughtUp: false },
          ];
        return flag === undefined
          ? [{ type }]
          : [
              { type, [flag]: true },
              { type, [flag]: false },
            ];
      });
      const pool = events.flat();
      fc.assert(
        fc.property(fc.constantFrom(...list), fc.array(fc.constantFrom(...pool), { maxLength: 40 }), (input, seq) => {
          const cached = new MachineInstance(machine, 'x', input, () => {}, { fixedContext: true });
          let [plain] = initialTransition(machine, input);
          for (const ev of seq) {
            cached.send(ev);
            [plain] = transition(machine, plain, ev);
            if (cached.state !== statePath(plain.value)) return false;
          }
          return true;
        }),
        { numRuns: 300, seed: 8 },
      );
    }
  });
});

describe('cached stepping keyed by context', () => {
  it("agrees with XState's transition() for node-role, whose epoch and boot role are assigned as it goes", () => {
    const machine = machines['node']?.machine;
    expect(machine).toBeDefined();
    if (!machine) return;
    const roles = ['single', 'leader', 'follower', 'candidate'] as const;
    const event = fc.oneof(
      fc.constant({ type: 'node.crash' }),
      fc.constantFrom(...roles).map((role) => ({ type: 'node.restart', role })),
      ...(['node.campaign', 'node.promote', 'node.follow'] as const).map((type) =>
        fc.integer({ min: 0, max: 6 }).map((epoch) => ({ type, epoch })),
      ),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...roles),
        fc.integer({ min: 0, max: 3 }),
        fc.array(event, { maxLength: 40 }),
        (role, epoch, seq) => {
          const input = { role, epoch };
          const cached = new MachineInstance(machine, 'x', input, () => {}, { contextKeyed: true });
          let [plain] = initialTransition(machine, input);
          for (const ev of seq) {
            cached.send(ev);
            [plain] = transition(machine, plain, ev);
            // The whole snapshot must agree, context included: a cached step keyed by state alone would not.
            if (cached.state !== statePath(plain.value)) return false;
            if (JSON.stringify(cached.snapshot.context) !== JSON.stringify(plain.context)) return false;
          }
          return true;
        },
      ),
      { numRuns: 500, seed: 9 },
    );
  });
});

describe('failover machine alone', () => {
  it('a follower suspects, campaigns, decides, waits out the old lease, then leads under its own', () => {
    expect(
      walk({ leading: false, fencing: true }, [
        { type: 'fd.timeout' },
        { type: 'election.start' },
        { type: 'election.majority' },
        { type: 'election.won' },
        { type: 'lease.writable' },
        { type: 'lease.expire' },
        { type: 'lease.renew' },
        { type: 'epoch.newer' },
        { type: 'leader.heard' },
      ]),
    ).toEqual([
      'following',
      'suspecting',
      'campaigning',
      'deciding',
      'leading.waitingOutLease',
      'leading.leased',
      'leading.leaseExpired',
      'leading.leased',
      'fenced',
      'following',
    ]);
  });

  it('without fencing the first to suspect takes over and never waits for a lease', () => {
    expect(walk({ leading: false, fencing: false }, [{ type: 'fd.timeout' }, { type: 'election.won' }])).toEqual([
      'following',
      'suspecting',
      'leading.leased',
    ]);
    expect(walk({ leading: true, fencing: false }, [{ type: 'lease.expire' }])).toEqual([
      'leading.leased',
      'leading.leased',
    ]);
  });

  it('a leader that crashes and restarts believing it leads holds no lease until renewed', () => {
    expect(
      walk({ leading: true, fencing: true }, [
        { type: 'node.crash' },
        { type: 'node.restart', leading: true },
        { type: 'lease.renew' },
      ]),
    ).toEqual(['leading.leased', 'down', 'leading.leaseExpired', 'leading.leased']);
  });

  it('a lost or handed-off election returns to following; an election cannot be won from down', () => {
    expect(
      walk({ leading: false, fencing: true }, [
        { type: 'fd.timeout' },
        { type: 'election.start' },
        { type: 'election.lost' },
        { type: 'node.crash' },
        { type: 'election.won' },
      ]),
    ).toEqual(['following', 'suspecting', 'campaigning', 'following', 'down', 'down']);
  });
});

/** Replays `state` events per (owner, machine); throws when one does not start where the last ended. */
function replayStates(t: Trace): Map<string, { state: string; at: number }[]> {
  const out = new Map<string, { state: string; at: number }[]>();
  for (const e of t.events) {
    if (e.type !== 'state') continue;
    const key = `${e.owner}/${e.machine}`;
    const list = out.get(key) ?? [];
    const last = list.at(-1);
    if (last !== undefined && last.state !== e.from)
      throw new Error(`seed ${t.seed}, step ${e.step}: ${key} went ${e.from} -> ${e.to} but was in ${last.state}`);
    if (last === undefined) list.push({ state: e.from, at: -1 });
    list.push({ state: e.to, at: e.step });
    out.set(key, list);
  }
  return out;
}

function stateAtStep(history: readonly { state: string; at: number }[] | undefined, step: number): string | undefined {
  let s: string | undefined;
  for (const h of history ?? []) if (h.at <= step) s = h.state;
  return s;
}

describe('follower-stream machine alone', () => {
  it('streams, falls into a gap, fetches, catches up; bootstraps from a snapshot; stalls on a foreign version', () => {
    let [s] = initialTransition(followerStreamMachine, { leading: false });
    const path: string[] = [statePath(s.value)];
    for (const type of [
      'stream.gap',
      'stream.fetch',
      'stream.in-step',
      'stream.snapshot-requested',
      'stream.snapshot-loaded',
      'stream.stall',
      'stream.in-step',
      'stream.snapshot-loaded',
      'node.crash',
      'node.restart',
      'stream.in-step',
      'role.lead',
      'role.follow',
    ] as const) {
      [s] = transition(followerStreamMachine, s, { type });
      path.push(statePath(s.value));
    }
    expect(path).toEqual([
      'following.streaming',
      'following.gap',
      'following.fetching',
      'following.streaming',
      'bootstrapping',
      'following.streaming',
      'stalled',
      'stalled',
      'following.streaming',
      'down',
      'following.catchingUp',
      'following.streaming',
      'leading',
      'following.catchingUp',
    ]);
  });
});

describe('commit machine alone', () => {
  it('sync waits, blocks on a silent follower, and resumes; async never waits', () => {
    let [s] = initialTransition(commitMachine, { mode: 'sync', leading: true });
    const path: string[] = [statePath(s.value)];
    for (const type of [
      'write.pending',
      'follower.silent',
      'follower.back',
      'write.committed',
      'role.follow',
      'write.pending',
      'role.lead',
    ] as const) {
      [s] = transition(commitMachine, s, { type });
      path.push(statePath(s.value));
    }
    expect(path).toEqual([
      'leading.idle',
      'leading.waiting',
      'leading.blocked',
      'leading.waiting',
      'leading.idle',
      'notLeading',
      'notLeading',
      'leading.idle',
    ]);
    let [a] = initialTransition(commitMachine, { mode: 'async', leading: true });
    [a] = transition(commitMachine, a, { type: 'write.pending' });
    expect(statePath(a.value)).toBe('leading.acknowledgingAtOnce');
  });
});

describe('cdc-consumer machine alone', () => {
  it('consumes, crashes, redelivers the uncommitted range, and consumes again once past it', () => {
    let [s] = initialTransition(cdcConsumerMachine, undefined);
    const path: string[] = [statePath(s.value)];
    for (const type of [
      'offset.commit',
      'consumer.crash',
      'offset.commit',
      'consumer.restart',
      'offset.commit',
      'consumer.caught-up',
    ] as const) {
      [s] = transition(cdcConsumerMachine, s, { type });
      path.push(statePath(s.value));
    }
    expect(path).toEqual(['consuming', 'consuming', 'crashed', 'crashed', 'redelivering', 'redelivering', 'consuming']);
  });
});

describe('machines in the engine', () => {
  it('sync commit is blocked while a needed follower is down, async never waits', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const t = runSimulation(scenarios['ch04-sync-follower-down']!.build(seed));
      const commit = t.events.flatMap((e) =>
        e.type === 'state' && e.machine === 'commit' && e.owner === 'A' ? [{ to: e.to, time: e.time }] : [],
      );
      const blocked = commit.filter((c) => c.to === 'leading.blocked');
      expect(blocked.length, `seed ${seed}`).toBeGreaterThan(0);
      // C is down from 300 to 900 ms: blocked only then, and waiting or idle again once it is back.
      for (const b of blocked) expect(b.time, `seed ${seed}`).toBeGreaterThanOrEqual(300);
      expect(commit.at(-1)?.to, `seed ${seed}`).not.toBe('leading.blocked');
      const async = runSimulation(scenarios['ch04-async-leader-crash']!.build(seed));
      const states = new Set(async.events.flatMap((e) => (e.type === 'state' && e.machine === 'commit' ? [e.to] : [])));
      expect(
        [...states].some((x) => x === 'leading.waiting' || x === 'leading.blocked'),
        `seed ${seed}`,
      ).toBe(false);
    }
  });

  it('a CDC consumer is redelivering exactly while the trace marks its changes as redeliveries', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const t = runSimulation(scenarios['ch03-cdc-search-index']!.build(seed));
      let state = 'consuming';
      let redelivered = 0;
      for (const e of t.events) {
        if (e.type === 'state' && e.machine === 'cdc-consumer') state = e.to;
        if (e.type === 'cdc') {
          expect(state, `seed ${seed} step ${e.step}`).toBe(e.redelivery ? 'redelivering' : 'consuming');
          if (e.redelivery) redelivered++;
        }
      }
      if (seed === 1) expect(redelivered).toBeGreaterThan(0);
    }
  });

  it('a stopped follower catches up after its restart; a physical follower on another version stalls', () => {
    const restart = runSimulation(scenarios['ch02-stop-and-restart']!.build(1));
    const streamOf = (t: Trace, node: string) =>
      t.events.flatMap((e) =>
        e.type === 'state' && e.machine === 'follower-stream' && e.owner === node ? [e.to] : [],
      );
    const stopped = restart.events.find((e) => e.type === 'crash');
    expect(stopped).toBeDefined();
    const after = streamOf(restart, stopped?.type === 'crash' ? stopped.node : '');
    expect(after).toContain('down');
    expect(after.slice(after.indexOf('down'))).toEqual(
      expect.arrayContaining(['following.catchingUp', 'following.streaming']),
    );
    const upgrade = runSimulation(scenarios['ch03-physical-upgrade']!.build(1));
    expect(streamOf(upgrade, 'C').at(-1)).toBe('stalled');
  });

  it('every machine the engine records is in the registry', () => {
    const t = runSimulation(scenarios['ch06-fenced']!.build(1));
    const ids = new Set(t.events.flatMap((e) => (e.type === 'state' ? [e.machine] : [])));
    expect([...ids].sort()).toEqual(['commit', 'failover', 'follower-stream', 'node']);
    const leaderless = runSimulation(scenarios['ch08-sloppy-quorum']!.build(1));
    const llIds = new Set(leaderless.events.flatMap((e) => (e.type === 'state' ? [e.machine] : [])));
    for (const id of ['quorum', 'hint']) expect(machines[id] && llIds.has(id), id).toBe(true);
    const routed = runSimulation(scenarios['ch05-random-reads']!.build(1));
    expect(routed.events.some((e) => e.type === 'state' && e.machine === 'session')).toBe(true);
    expect(machines['session']).toBeDefined();
    for (const id of ids) expect(machines[id], id).toBeDefined();
  });

  it('state events form one consistent history per machine, and a leader takes writes only while leading.leased', () => {
    for (const name of ['ch06-fenced', 'ch06-leader-crash', 'ch04-sync-leader-crash'])
      for (let seed = 1; seed <= 20; seed++) {
        const t = runSimulation(scenarios[name]!.build(seed));
        const histories = replayStates(t);
        const role = new Map<string, { leader: boolean; epoch: number }>();
        for (const e of t.events) {
          if (e.type === 'role') role.set(e.node, { leader: e.role === 'leader', epoch: e.epoch });
          if (e.type !== 'append') continue;
          const r = role.get(e.node);
          if (!r?.leader || r.epoch !== e.epoch) continue;
          expect(stateAtStep(histories.get(`${e.node}/failover`), e.step), `${name} seed ${seed} step ${e.step}`).toBe(
            'leading.leased',
          );
        }
      }
  });
});
