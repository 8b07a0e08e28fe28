/**
 * Engine benchmark. Prints `name: value unit` lines:
 *   engine.events_per_sec        trace events recorded per second of wall time
 *   engine.vs_plain_loop         engine time / a plain-TypeScript event loop doing the same replication work
 *   engine.grading_200_runs_ch5  wall time of 200 seeded runs of a chapter-5-sized scenario
 *   engine.grading_200_runs_ch5_cpu  the same runs' process CPU time: on a shared machine the
 *                                wall time swings with other load, the CPU time much less
 * Run: npx node scripts/bench-engine.ts   (budgets, issue 8: >= 500000 events/s, <= 3 x, <= 1 s in Node)
 */
import { performance } from 'node:perf_hooks';
import { runSimulation, type SimulationConfig, type RouteReadHook } from '../src/engine/index.ts';
import { Rng } from '../src/engine/model/rng.ts';

const WRITES_DURATION = 20_000;

function bigConfig(seed: number): SimulationConfig {
  return {
    seed,
    label: 'bench',
    topology: { leader: 'A', followers: ['B', 'C'] },
    replication: { mode: 'async', format: 'logical' },
    network: { latency: { kind: 'uniform', min: 1, max: 5 } },
    workload: { clients: 4, thinkTime: 2, readRatio: 0, keys: ['a', 'b', 'c', 'd'], duration: WRITES_DURATION },
    maxEvents: 5_000_000,
  };
}

// ------------------------------------------------------------------ plain-loop baseline
// The same work with no abstractions: a closure heap, the same event objects, the
// same protocol (leader append+apply+commit, replicate to 2 followers, they append+apply+ack).
interface Ev {
  step: number;
  time: number;
  [k: string]: unknown;
}
function plainLoop(seed: number): number {
  const rng = new Rng(seed);
  const net = rng.fork('network');
  const cl = rng.fork('clients');
  const times: number[] = [];
  const tasks: (() => void)[] = [];
  const seqs: number[] = [];
  let seqN = 0;
  const push = (t: number, f: () => void): void => {
    const time = Math.round(t * 1000) / 1000;
    const s = seqN++;
    let i = times.length;
    times.push(time);
    seqs.push(s);
    tasks.push(f);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p] as number;
      if (pt < time || (pt === time && (seqs[p] as number) < s)) break;
      times[i] = pt;
      seqs[i] = seqs[p] as number;
      tasks[i] = tasks[p] as () => void;
      i = p;
    }
    times[i] = time;
    seqs[i] = s;
    tasks[i] = f;
  };
  const pop = (): (() => void) => {
    const top = tasks[0] as () => void;
    const lt = times.pop() as number,
      ls = seqs.pop() as number,
      lf = tasks.pop() as () => void;
    const m = times.length;
    if (m > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= m) break;
        let c = l;
        const r = l + 1;
        if (
          r < m &&
          ((times[r] as number) < (times[l] as number) ||
            (times[r] === times[l] && (seqs[r] as number) < (seqs[l] as number)))
        )
          c = r;
        if ((times[c] as number) > lt || (times[c] === lt && (seqs[c] as number) > ls)) break;
        times[i] = times[c] as number;
        seqs[i] = seqs[c] as number;
        tasks[i] = tasks[c] as () => void;
        i = c;
      }
      times[i] = lt;
      seqs[i] = ls;
      tasks[i] = lf;
    }
    return top;
  };
  const events: Ev[] = [];
  let now = 0;
  const emit = (e: Record<string, unknown>): void => {
    events.push({ step: events.length, time: now, ...e });
  };
  const log: { lsn: number; key: string; value: number }[] = [];
  const data = new Map<string, number>();
  const fdata = { B: new Map<string, number>(), C: new Map<string, number>() };
  const fapplied = { B: 0, C: 0 };
  let msgId = 0;
  let value = 1;
  const keys = ['a', 'b', 'c', 'd'];
  const lat = () => Math.round((1 + net.next() * 4) * 1000) / 1000;
  const send = (from: string, to: string, kind: string, summary: string, onDeliver: () => void): void => {
    const id = 'm-' + msgId++;
    emit({ type: 'send', msg: id, from, to, kind, summary });
    push(now + lat(), () => {
      emit({ type: 'deliver', msg: id, from, to, kind });
      onDeliver();
    });
  };
  let op = 0;
  const client = (name: string): void => {
    if (now >= WRITES_DURATION) return;
    const id = 'op-' + op++;
    const key = cl.pick(keys);
    const v = value++;
    emit({ type: 'invoke', op: id, client: name, session: name, kind: 'write', key, value: v, node: 'A' });
    push(now + 1, () => {
      const lsn = log.length + 1;
      const entry = { lsn, key, value: v };
      log.push(entry);
      emit({
        type: 'append',
        node: 'A',
        lsn,
        epoch: 1,
        key,
        format: 'logical',
        entry: { op: 'update', key, before: data.get(key) ?? null, after: v },
      });
      data.set(key, v);
      emit({ type: 'apply', node: 'A', lsn, key, value: v });
      emit({ type: 'commit', node: 'A', lsn });
      push(now + 1, () => {
        emit({
          type: 'ack',
          op: id,
          client: name,
          session: name,
          kind: 'write',
          key,
          node: 'A',
          value: v,
          lsn,
          epoch: 1,
        });
        push(now + 2, () => client(name));
      });
      for (const f of ['B', 'C'] as const) {
        send('A', f, 'replicate', `LSN ${lsn}`, () => {
          if (entry.lsn === fapplied[f] + 1) {
            emit({
              type: 'append',
              node: f,
              lsn,
              epoch: 1,
              key,
              format: 'logical',
              entry: { op: 'update', key, before: fdata[f].get(key) ?? null, after: v },
            });
            fdata[f].set(key, v);
            fapplied[f] = lsn;
            emit({ type: 'apply', node: f, lsn, key, value: v });
          }
          send(f, 'A', 'ack', `applied ${fapplied[f]}`, () => {});
        });
      }
    });
  };
  for (const c of ['c1', 'c2', 'c3', 'c4']) push(cl.next() * 2, () => client(c));
  while (times.length > 0 && (times[0] as number) <= WRITES_DURATION + 1000) {
    now = times[0] as number;
    pop()();
  }
  return events.length;
}

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const r = f();
  return [r, (performance.now() - t0) / 1000];
}

function best(n: number, f: () => number): [number, number] {
  let bestT = Infinity;
  let events = 0;
  for (let i = 0; i < n; i++) {
    const [ev, t] = time(f);
    events = ev;
    if (t < bestT) bestT = t;
  }
  return [events, bestT];
}

// Chapter 5 sized: leader + 2 followers with lag, 4 sessions, reads routed by a hook.
const route: RouteReadHook = (s, replicas) => {
  const ok = replicas.filter((r) => r.up && r.appliedLsn >= Math.max(s.lastWriteLsn, s.lastReadLsn));
  return (ok[0] ?? replicas[0])?.node ?? 'A';
};
function ch5Config(seed: number): SimulationConfig {
  return {
    seed,
    topology: { leader: 'A', followers: ['B', 'C'] },
    network: { latency: { kind: 'exponential', mean: 10, min: 1 } },
    workload: { clients: 4, thinkTime: 5, readRatio: 0.7, keys: ['a', 'b', 'c'], duration: 1000 },
    hooks: { routeRead: route },
  };
}

const [engineEvents, engineT] = best(3, () => runSimulation(bigConfig(1), { settle: 1000 }).events.length);
const [plainEvents, plainT] = best(3, () => plainLoop(1));
const cpu0 = process.cpuUsage();
const [, gradeT] = time(() => {
  let n = 0;
  for (let seed = 1; seed <= 200; seed++) n += runSimulation(ch5Config(seed), { settle: 300 }).events.length;
  return n;
});
const cpu = process.cpuUsage(cpu0);
const gradeCpu = (cpu.user + cpu.system) / 1e6;

const perEventEngine = engineT / engineEvents;
const perEventPlain = plainT / plainEvents;
console.log(`engine.events_per_sec: ${Math.round(engineEvents / engineT)} events/s`);
console.log(`engine.vs_plain_loop: ${(perEventEngine / perEventPlain).toFixed(2)} x`);
console.log(`engine.grading_200_runs_ch5: ${gradeT.toFixed(2)} s`);
console.log(`engine.grading_200_runs_ch5_cpu: ${gradeCpu.toFixed(2)} s`);
console.error(
  `(engine ${engineEvents} events in ${engineT.toFixed(3)} s; plain loop ${plainEvents} events in ${plainT.toFixed(3)} s)`,
);
