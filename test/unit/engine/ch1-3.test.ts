/** Chapters 1–3: capacity and overload, leader/follower catch-up, log formats and CDC, and their hooks. */
import { describe, expect, it } from 'vitest';
import {
  check,
  createSimulation,
  runSimulation,
  type ApplyBatchHook,
  type OnChangeHook,
} from '../../../src/engine/index.ts';
import { scenarios } from '../../../src/chapters/scenarios/index.ts';
import { singleNode } from '../../../src/chapters/ch01/scenarios.ts';
import { unreliableReplication } from '../../../src/chapters/ch02/scenarios.ts';
import { cdcSearchIndex } from '../../../src/chapters/ch03/scenarios.ts';
import { finalValues, ofType } from './helpers.ts';

const build = (name: string, seed: number) => {
  const s = scenarios[name];
  if (!s) throw new Error(`no scenario ${name}`);
  return s.build(seed);
};

describe('chapter 1: one node with finite capacity', () => {
  it('overload shows as timeouts, scaling up removes them', () => {
    for (const seed of [1, 2, 3]) {
      const over = runSimulation(build('ch01-overload', seed));
      const up = runSimulation(build('ch01-scale-up', seed));
      const timeouts = (t: typeof over) => ofType(t, 'info').filter((e) => e.reason === 'timeout').length;
      expect(timeouts(over), `seed ${seed}`).toBeGreaterThan(100);
      expect(timeouts(up), `seed ${seed}`).toBe(0);
      expect(Math.max(...ofType(over, 'queue').map((e) => e.depth)), `seed ${seed}`).toBeGreaterThan(50);
    }
  });

  it('an admit hook sheds load with fast failures', () => {
    const t = runSimulation(singleNode(5, { rate: 650, admit: (depth) => (depth >= 10 ? 'reject' : 'accept') }));
    expect(ofType(t, 'fail').filter((e) => e.reason === 'shed').length, 'seed 5').toBeGreaterThan(100);
    expect(ofType(t, 'info').length, 'seed 5').toBe(0);
  });

  it('admit sees the queue depth and request', () => {
    const seen: number[] = [];
    runSimulation(
      singleNode(6, {
        rate: 400,
        duration: 200,
        admit: (depth, req) => (seen.push(depth), req.workers === 1 ? 'accept' : 'reject'),
      }),
    );
    expect(seen.length).toBeGreaterThan(10);
    expect(Math.max(...seen)).toBeGreaterThan(0);
  });
});

describe('chapter 2: leaders and followers', () => {
  it('a stopped follower catches up from its LSN after restart', () => {
    for (const seed of [1, 2, 3, 4]) {
      const t = runSimulation(build('ch02-stop-and-restart', seed));
      expect(check.divergence(t).valid, `seed ${seed}`).toBe(true);
      const restart = ofType(t, 'restart')[0];
      expect(restart, `seed ${seed}`).toBeDefined();
      const fetch = ofType(t, 'send').find(
        (e) => e.kind === 'fetch' && e.from === 'B' && e.step > (restart?.step ?? 0),
      );
      expect(fetch?.summary, `seed ${seed}: B fetches from its own LSN`).toBe(`from LSN ${(restart?.lsn ?? 0) + 1}`);
    }
  });

  it('a new follower bootstraps from a snapshot and converges', () => {
    const t = runSimulation(build('ch02-new-follower', 3));
    const snap = ofType(t, 'snapshot');
    expect(snap.length).toBe(1);
    expect(snap[0]?.node).toBe('D');
    expect(t.nodes).toContain('D');
    expect(check.divergence(t).valid, 'seed 3').toBe(true);
  });

  it('more followers serve more reads', () => {
    const one = runSimulation(build('ch02-one-follower', 1));
    const three = runSimulation(build('ch02-add-followers', 1));
    expect(ofType(three, 'ack').length).toBeGreaterThan(ofType(one, 'ack').length * 1.5);
  });

  const reference: ApplyBatchHook = (replica, entries) => {
    const sorted = [...entries].sort((a, b) => a.lsn - b.lsn);
    for (const e of sorted) {
      if (e.lsn <= replica.appliedLsn) continue;
      if (e.lsn !== replica.appliedLsn + 1) {
        replica.requestFrom(replica.appliedLsn + 1);
        return;
      }
      replica.apply(e);
    }
  };
  const naive: ApplyBatchHook = (replica, entries) => {
    for (const e of entries) replica.apply(e);
  };

  it('applyBatch: a correct hook converges in order over a lossy, reordering network', () => {
    for (let seed = 1; seed <= 15; seed++) {
      const t = runSimulation(unreliableReplication(seed, reference));
      expect(check.appliedInOrder(t).valid, `seed ${seed}`).toBe(true);
      expect(check.divergence(t).valid, `seed ${seed}`).toBe(true);
      expect(ofType(t, 'hook-error').length, `seed ${seed}`).toBe(0);
    }
  });

  it('applyBatch: applying in arrival order is caught', () => {
    let caught = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const t = runSimulation(unreliableReplication(seed, naive));
      if (!check.appliedInOrder(t).valid || !check.divergence(t).valid) caught++;
    }
    expect(caught).toBeGreaterThan(8);
  });

  it('applyBatch: entries are frozen and errors are recorded, not thrown', () => {
    const t = runSimulation(
      unreliableReplication(2, (_r, entries) => {
        (entries[0] as { value: unknown }).value = 'hacked';
      }),
    );
    const errs = ofType(t, 'hook-error');
    expect(errs.length).toBeGreaterThan(0);
    expect(errs[0]?.hook).toBe('applyBatch');
    expect(ofType(t, 'apply').some((e) => e.value === 'hacked')).toBe(false);
  });
});

describe('chapter 3: what the log carries', () => {
  it('statement-based NOW()/RAND() diverges, row-based does not', () => {
    for (const seed of [1, 2, 3]) {
      expect(check.divergence(runSimulation(build('ch03-statement-now', seed))).valid, `seed ${seed}`).toBe(false);
      expect(check.divergence(runSimulation(build('ch03-row-now', seed))).valid, `seed ${seed}`).toBe(true);
    }
  });

  it('physical replication breaks on a follower with another storage version', () => {
    const t = runSimulation(build('ch03-physical-upgrade', 1));
    const rej = ofType(t, 'reject-entry').filter((e) => e.node === 'C');
    expect(rej.length).toBe(1);
    expect(rej[0]?.reason).toMatch(/storage format/);
    const v = finalValues(t);
    expect([...(v.get('B') ?? [])]).toEqual([...(v.get('A') ?? [])]);
  });

  it('logical entries carry before and after images', () => {
    const sim = createSimulation({ seed: 1, topology: { leader: 'A', followers: ['B'] } });
    sim.write('gold', 100);
    sim.write('gold', 105);
    sim.runFor(50);
    const appends = ofType(sim.trace(), 'append').filter((e) => e.node === 'A');
    expect(appends[1]?.entry).toEqual({ op: 'update', key: 'gold', before: 100, after: 105 });
  });

  it('CDC: the default consumer mirrors the leader, with redeliveries flagged', () => {
    const t = runSimulation(cdcSearchIndex(4));
    const cdc = ofType(t, 'cdc');
    expect(cdc.some((e) => e.redelivery)).toBe(true);
    const last = cdc[cdc.length - 1];
    expect(last?.view).toEqual(Object.fromEntries(finalValues(t).get('A') ?? []));
  });

  it('CDC: a counting consumer double-counts unless it is idempotent', () => {
    const naive: OnChangeHook = (view, _change) => {
      view['count'] = (typeof view['count'] === 'number' ? view['count'] : 0) + 1;
    };
    const idempotent: OnChangeHook = (view, c) => {
      const seen = typeof view['lsn'] === 'number' ? view['lsn'] : 0;
      if (c.lsn <= seen) return;
      view['lsn'] = c.lsn;
      view['count'] = (typeof view['count'] === 'number' ? view['count'] : 0) + 1;
    };
    const a = ofType(runSimulation(cdcSearchIndex(4, naive)), 'cdc');
    const b = ofType(runSimulation(cdcSearchIndex(4, idempotent)), 'cdc');
    const lastLsn = b[b.length - 1]?.lsn ?? 0;
    expect((b[b.length - 1]?.view as Record<string, number>)['count']).toBe(lastLsn);
    expect((a[a.length - 1]?.view as Record<string, number>)['count']).toBeGreaterThan(lastLsn);
  });

  it('CDC: a throwing consumer is recorded and the stream continues', () => {
    const t = runSimulation(
      cdcSearchIndex(1, () => {
        throw new Error('boom');
      }),
    );
    expect(ofType(t, 'hook-error').length).toBeGreaterThan(5);
    expect(ofType(t, 'hook-error')[0]?.message).toContain('boom');
  });
});

describe('limits', () => {
  it('stops a runaway run with a clear error', () => {
    const sim = createSimulation({ ...singleNode(1, { rate: 5000 }), maxEvents: 1000 });
    expect(() => sim.runFor(10_000)).toThrow(/maxEvents cap.*seed 1/);
  });
});

describe('replay', () => {
  it('sees entries land on followers and values vanish on crash', async () => {
    const { stateAt, createReplay } = await import('../../../src/engine/index.ts');
    const t = runSimulation(build('ch02-stop-and-restart', 2));
    const crash = ofType(t, 'crash')[0];
    const atCrash = stateAt(t, crash?.step ?? 0);
    expect(atCrash.nodes['B']?.up).toBe(false);
    expect(atCrash.nodes['B']?.values).toEqual({});
    const end = stateAt(t, t.events.length - 1);
    expect(end.nodes['B']?.values).toEqual(end.nodes['A']?.values);
    expect(end.leader).toBe('A');
    const r = createReplay(t, 100);
    for (const s of [-1, 0, 57, 99, 100, 101, 250, t.events.length - 1]) expect(r.at(s)).toEqual(stateAt(t, s));
  });
});

describe('structured trace', () => {
  it('replication messages carry typed details the display summary is made from', () => {
    const t = runSimulation(build('ch02-stop-and-restart', 1));
    const sends = ofType(t, 'send');
    const rep = sends.find((e) => e.kind === 'replicate' && e.detail?.first !== undefined);
    expect(rep?.detail).toMatchObject({ epoch: 1 });
    expect(rep?.summary).toBe(
      rep?.detail?.first === rep?.detail?.last
        ? `LSN ${rep?.detail?.first}`
        : `LSN ${rep?.detail?.first}..${rep?.detail?.last}`,
    );
    const fetch = sends.find((e) => e.kind === 'fetch' && e.detail?.bootstrap === false);
    expect(fetch?.summary).toBe(`from LSN ${fetch?.detail?.from}`);
    for (const e of sends.filter((s) => s.kind === 'ack')) expect(typeof e.detail?.lsn).toBe('number');
  });

  it('a hook error names the error and survives a hostile thrown value', () => {
    const sim = createSimulation({
      seed: 1,
      topology: { leader: 'A' },
      capacity: { workers: 1 },
      hooks: {
        admit: () => {
          const e = new RangeError('x');
          Object.defineProperty(e, 'message', {
            get() {
              throw new Error('no');
            },
          });
          throw e;
        },
      },
    });
    sim.write('k', 1);
    sim.runFor(50);
    const err = ofType(sim.trace(), 'hook-error')[0];
    expect(err?.name).toBe('RangeError');
    expect(err?.message).toBe('unprintable error');
  });
});
