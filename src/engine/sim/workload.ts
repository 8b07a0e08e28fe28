/**
 * Generated client load. Open loop (`rate`): arrivals follow a Poisson process
 * and do not wait for answers, which is what overloads a server. Closed loop:
 * each client waits for its answer and a think time before the next operation.
 * Written values are unique integers (1, 2, 3, ...) so a checker can map any
 * value a read returns back to the one write that produced it.
 */
import type { OperationKind } from '../trace/events.ts';
import type { WorkloadConfig } from '../config.ts';
import { sampleLatency } from '../model/latency.ts';
import type { Engine } from './engine.ts';
import type { Call, ClientProcess } from './types.ts';
import type { Expression } from '../model/log.ts';

export function startWorkload(e: Engine, w: WorkloadConfig): void {
  const rng = e.clientRng;
  const start = w.start ?? 0;
  const end = start + (w.duration ?? 1000);
  const clients = Math.max(1, w.clients ?? 1);
  const keys = w.keys && w.keys.length > 0 ? w.keys : ['x'];
  const readRatio = w.readRatio ?? 0.5;
  const exprRatio = w.exprRatio ?? 0;
  const writeKind: OperationKind = w.writeKind ?? 'write';
  const retries = e.config.clients?.retries ?? 0;
  let nextValue = 1;
  const homes = w.nodes && w.nodes.length > 0 && e.initialLeader === null ? w.nodes : null;
  const home = (c: number, proc: ClientProcess): void => {
    if (homes === null) return;
    const node = homes[(c - 1) % homes.length];
    if (node !== undefined) proc.session.leaderGuess = node;
  };

  const makeCall = (onDone?: () => void): Call => {
    const key = keys.length === 1 ? (keys[0] as string) : rng.pick(keys);
    const base = { opId: e.newOpId(), key, retriesLeft: retries, ...(onDone ? { onDone } : {}) };
    if (rng.next() < readRatio) return { ...base, kind: 'read' };
    if (writeKind === 'increment') return { ...base, kind: 'increment', value: 1 };
    if (exprRatio > 0 && rng.chance(exprRatio)) {
      const expr: Expression = rng.chance(0.5) ? 'NOW()' : 'RAND()';
      return { ...base, kind: 'write', expr };
    }
    return { ...base, kind: writeKind, value: nextValue++ };
  };

  if (w.rate !== undefined && w.rate > 0) {
    const mean = 1000 / w.rate;
    let i = 0;
    const arrive = (): void => {
      const c = (i++ % clients) + 1;
      const name = `c${c}`;
      const proc = e.process(name, name, true);
      home(c, proc);
      e.submit(proc, makeCall());
      const next = e.now() + rng.exponential(mean);
      if (next < end) e.schedule(next, arrive);
    };
    e.schedule(start + rng.exponential(mean), arrive);
    return;
  }

  const think = w.thinkTime ?? 10;
  for (let c = 1; c <= clients; c++) {
    const name = `c${c}`;
    const proc: ClientProcess = e.process(name, name, false);
    home(c, proc);
    const loop = (): void => {
      if (e.now() >= end) return;
      e.submit(
        proc,
        makeCall(() => e.schedule(e.now() + sampleLatency(think, rng), loop)),
      );
    };
    // Stagger client starts a little so they do not all fire at the same instant.
    e.schedule(start + rng.next() * sampleLatency(think, rng), loop);
  }
}
