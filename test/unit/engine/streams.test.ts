/**
 * One random stream per concern (DESIGN.md, TigerBeetle's VOPR): turning one
 * feature on must not shift the draws another feature sees. Here failover
 * (heartbeats, failure-detector jitter, no fault and so no election) is
 * switched on under a statement-replication run, and every RAND() a node
 * computes and every operation the clients issue stays exactly as it was.
 * (Message latencies are drawn per message kind, so heartbeats draw from
 * their own stream too; a fetch a heartbeat triggers is real extra
 * replication traffic, so replication's own draws may legitimately shift.)
 */
import { describe, expect, it } from 'vitest';
import { runSimulation, type SimulationConfig, type Trace } from '../../../src/engine/index.ts';
import { nondeterministic } from '../../../src/chapters/ch03/scenarios.ts';

/** RAND() values per node, in the order the node computed them (statement entries whose SQL calls RAND()). */
function randValues(t: Trace): Record<string, unknown[]> {
  const rand = new Set<number>();
  for (const e of t.events) if (e.type === 'append' && JSON.stringify(e.entry).includes('RAND()')) rand.add(e.lsn);
  const out: Record<string, unknown[]> = {};
  for (const e of t.events) if (e.type === 'apply' && rand.has(e.lsn)) (out[e.node] ??= []).push(e.value);
  return out;
}

function invocations(t: Trace): string[] {
  return t.events.filter((e) => e.type === 'invoke').map((e) => JSON.stringify({ ...e, step: 0 }));
}

describe('random streams per concern', () => {
  it('turning failover on without a fault changes no RAND() and no client operation', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const base: SimulationConfig = {
        ...nondeterministic(seed, 'statement'),
        network: { latency: { kind: 'uniform', min: 3, max: 15 }, fifo: false },
      };
      const plain = runSimulation(base);
      const withFailover = runSimulation({ ...base, failover: { heartbeatInterval: 30, timeout: 400 } });
      expect(
        withFailover.events.some((e) => e.type === 'elect'),
        `seed ${seed}: no election expected`,
      ).toBe(false);
      expect(withFailover.events.some((e) => e.type === 'send' && e.kind === 'heartbeat')).toBe(true);
      expect(randValues(withFailover), `seed ${seed}`).toEqual(randValues(plain));
      expect(invocations(withFailover), `seed ${seed}`).toEqual(invocations(plain));
    }
  });
});
