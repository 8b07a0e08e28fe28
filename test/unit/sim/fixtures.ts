/**
 * Hand-made traces for the simulation view's tests, typed by the trace
 * contract. `build` stamps steps; `synthetic` makes a longer, plausible
 * leader/follower run from a seed (its own tiny PRNG: no engine involved).
 */
import type { Trace, TraceEvent, TraceEventInput } from '../../../src/engine/trace/events.ts';

export function build(nodes: string[], items: [number, TraceEventInput][], seed = 1, label = 'fixture'): Trace {
  const events = items.map(([time, e], step) => ({ step, time, ...e }) as TraceEvent);
  return { seed, label, nodes, events };
}

/** Leader A, followers B and C; a write, replication, an ack, a read. */
export function small(): Trace {
  return build(
    ['A', 'B', 'C'],
    [
      [0, { type: 'role', node: 'A', role: 'leader', epoch: 1 }],
      [0, { type: 'role', node: 'B', role: 'follower', epoch: 1 }],
      [0, { type: 'role', node: 'C', role: 'follower', epoch: 1 }],
      [
        10,
        { type: 'invoke', op: 'op-1', client: 'c1', session: 'c1', kind: 'write', key: 'gold', value: 105, node: 'A' },
      ],
      [11, { type: 'append', node: 'A', lsn: 1, epoch: 1, key: 'gold', format: 'logical', entry: { op: 'insert' } }],
      [11, { type: 'apply', node: 'A', lsn: 1, key: 'gold', value: 105 }],
      [11, { type: 'send', msg: 'm-1', from: 'A', to: 'B', kind: 'replicate', summary: 'LSN 1' }],
      [11, { type: 'send', msg: 'm-2', from: 'A', to: 'C', kind: 'replicate', summary: 'LSN 1' }],
      [11, { type: 'commit', node: 'A', lsn: 1 }],
      [
        12,
        {
          type: 'ack',
          op: 'op-1',
          client: 'c1',
          session: 'c1',
          kind: 'write',
          key: 'gold',
          value: 105,
          node: 'A',
          lsn: 1,
          epoch: 1,
        },
      ],
      [16, { type: 'deliver', msg: 'm-1', from: 'A', to: 'B', kind: 'replicate' }],
      [16, { type: 'append', node: 'B', lsn: 1, epoch: 1, key: 'gold', format: 'logical', entry: { op: 'insert' } }],
      [16, { type: 'apply', node: 'B', lsn: 1, key: 'gold', value: 105 }],
      [20, { type: 'duplicate', msg: 'm-2', from: 'A', to: 'C', kind: 'replicate' }],
      [31, { type: 'deliver', msg: 'm-2', from: 'A', to: 'C', kind: 'replicate' }],
      [35, { type: 'crash', node: 'B' }],
      [36, { type: 'invoke', op: 'op-2', client: 'c2', session: 'c2', kind: 'read', key: 'gold', node: 'C' }],
      [
        37,
        {
          type: 'ack',
          op: 'op-2',
          client: 'c2',
          session: 'c2',
          kind: 'read',
          key: 'gold',
          value: null,
          node: 'C',
          lsn: 0,
        },
      ],
      [41, { type: 'deliver', msg: 'm-2', from: 'A', to: 'C', kind: 'replicate' }],
      [50, { type: 'restart', node: 'B', lsn: 1 }],
    ],
  );
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A plausible random run: writes on the leader replicated with random latency, crashes, partitions, reads. */
export function synthetic(seed: number, ops = 60): Trace {
  const r = rng(seed);
  const followers = ['B', 'C', 'D'];
  const items: [number, TraceEventInput][] = [];
  type Pending = { at: number; e: TraceEventInput };
  const pending: Pending[] = [];
  let t = 0;
  let lsn = 0;
  let msg = 0;
  const down = new Set<string>();
  items.push([0, { type: 'role', node: 'A', role: 'leader', epoch: 1 }]);
  for (const f of followers) items.push([0, { type: 'role', node: f, role: 'follower', epoch: 1 }]);
  const flushUntil = (until: number): void => {
    pending.sort((a, b) => a.at - b.at);
    while (pending.length > 0 && (pending[0] as Pending).at <= until) {
      const p = pending.shift() as Pending;
      items.push([p.at, p.e]);
    }
  };
  for (let i = 0; i < ops; i++) {
    t += Math.round(r() * 10) + 1;
    flushUntil(t);
    const roll = r();
    const op = `op-${i}`;
    if (roll < 0.08) {
      const f = followers[Math.floor(r() * followers.length)] as string;
      if (down.has(f)) {
        down.delete(f);
        items.push([t, { type: 'restart', node: f, lsn: 0 }]);
      } else {
        down.add(f);
        items.push([t, { type: 'crash', node: f }]);
      }
    } else if (roll < 0.12) {
      items.push([
        t,
        {
          type: 'partition',
          groups: [
            ['A', 'B'],
            ['C', 'D'],
          ],
        },
      ]);
    } else if (roll < 0.15) {
      items.push([t, { type: 'heal' }]);
    } else if (roll < 0.35) {
      const node = followers[Math.floor(r() * followers.length)] as string;
      items.push([t, { type: 'invoke', op, client: 'c1', session: 'c1', kind: 'read', key: 'x', node }]);
      pending.push({
        at: t + 1,
        e: { type: 'ack', op, client: 'c1', session: 'c1', kind: 'read', key: 'x', value: lsn, node },
      });
    } else {
      lsn++;
      items.push([
        t,
        { type: 'invoke', op, client: 'c1', session: 'c1', kind: 'write', key: 'x', value: lsn, node: 'A' },
      ]);
      items.push([t, { type: 'append', node: 'A', lsn, epoch: 1, key: 'x', format: 'logical', entry: lsn }]);
      items.push([t, { type: 'apply', node: 'A', lsn, key: 'x', value: lsn }]);
      items.push([t, { type: 'queue', node: 'A', depth: Math.floor(r() * 4) }]);
      for (const f of followers) {
        const m = `m-${++msg}`;
        items.push([t, { type: 'send', msg: m, from: 'A', to: f, kind: 'replicate', summary: `LSN ${lsn}` }]);
        const lat = Math.round(r() * 30) + 2;
        if (down.has(f) || r() < 0.1) {
          pending.push({
            at: t + lat,
            e: { type: 'drop', msg: m, from: 'A', to: f, kind: 'replicate', reason: 'loss' },
          });
        } else {
          if (r() < 0.1) {
            pending.push({ at: t + 1, e: { type: 'duplicate', msg: m, from: 'A', to: f, kind: 'replicate' } });
            pending.push({ at: t + lat + 5, e: { type: 'deliver', msg: m, from: 'A', to: f, kind: 'replicate' } });
          }
          pending.push({ at: t + lat, e: { type: 'deliver', msg: m, from: 'A', to: f, kind: 'replicate' } });
          pending.push({ at: t + lat, e: { type: 'apply', node: f, lsn, key: 'x', value: lsn } });
        }
      }
      pending.push({
        at: t + 3,
        e: { type: 'ack', op, client: 'c1', session: 'c1', kind: 'write', key: 'x', value: lsn, node: 'A', lsn },
      });
    }
  }
  flushUntil(Infinity);
  return build(['A', ...followers], items, seed, `synthetic-${seed}`);
}
