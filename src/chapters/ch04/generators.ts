/**
 * Chapter 4 quiz keys computed by the engine: what an async leader's crash
 * loses, what sync and quorum commit wait for, and how long a write waits
 * while a synchronous follower is down.
 */
import { Rng, createSimulation, metrics } from '../../engine/index.ts';
import type { AckPolicyHook, NodeId, SimulationConfig } from '../../engine/index.ts';
import type { QuestionGenerator } from '../types.ts';

/** One-way delay between a client and the database in these runs (the engine's default), ms. */
export const CLIENT_DELAY_MS = 1;

/** The burst of writes in the async questions starts here (ms); the leader was idle, every earlier write shipped. */
export const BURST_AT = 100;
/** Writes in the burst. */
const BURST = 8;

/**
 * Async commit on an idle leader: one write at 0 (long shipped), then a
 * burst of writes from `BURST_AT`, one every `gap` ms. The leader ships a
 * batch `batch` ms after the first write it has not sent yet arrives, and
 * crashes at `crashAt`, before that batch leaves.
 */
function asyncCase(seed: number, label: string) {
  const rng = new Rng(seed).fork(label);
  const gap = rng.pick([3, 4, 5]);
  const batch = rng.pick([20, 30, 40]);
  // Not while an acknowledgement is on its way back (1 to 2 ms after a write was sent): then
  // "acknowledged before the crash" and "arrived before the crash" are the same purchases.
  let offset = rng.int(2, Math.min(batch, BURST * gap) - 1);
  if (offset % gap === 1) offset += 1;
  const crashAt = BURST_AT + offset + 0.5;
  const sim = createSimulation({
    seed: 4,
    topology: { leader: 'A', followers: ['B', 'C'] },
    replication: { mode: 'async', batchDelay: batch },
    network: { latency: { kind: 'constant', ms: 2 } },
    clients: { timeout: 200 },
  });
  sim.write('seat:12A', 'sold:ord-999');
  for (let i = 0; i < BURST; i++) sim.at(BURST_AT + i * gap, (x) => x.write(`seat:1${i}B`, `sold:ord-${1000 + i}`));
  sim.at(crashAt, (x) => x.crash('A'));
  sim.runUntil(crashAt + 400);
  return { gap, batch, crashAt, trace: sim.trace() };
}

function asyncParams(c: ReturnType<typeof asyncCase>) {
  return {
    gap: c.gap,
    batch: c.batch,
    crashAt: c.crashAt,
    burstAt: BURST_AT,
    burst: BURST,
    clientDelay: CLIENT_DELAY_MS,
  };
}

/** Async: how many acknowledged writes are lost when the leader crashes (nobody else has them). */
export const asyncLost: QuestionGenerator = (seed) => {
  const c = asyncCase(seed, 'ch04-async-lost#1');
  return { params: asyncParams(c), answer: metrics.rpo(c.trace, { from: 'state', nodes: ['B', 'C'] }).lostWrites };
};

/** Async: the RPO as a time window: from the first lost write's acknowledgement to the crash. */
export const asyncRpo: QuestionGenerator = (seed) => {
  const c = asyncCase(seed, 'ch04-async-rpo#1');
  const r = metrics.rpo(c.trace, { from: 'state', nodes: ['B', 'C'] });
  return { params: asyncParams(c), answer: Math.round(r.windowMs * 10) / 10 };
};

/** Three followers with constant one-way delays; one write; its commit latency under `policy`. */
function oneWriteLatency(delays: readonly number[], mode: 'sync' | 'semi-sync', hook?: AckPolicyHook): number {
  const followers: NodeId[] = ['B', 'C', 'D'].slice(0, delays.length);
  const config: SimulationConfig = {
    seed: 4,
    topology: { leader: 'A', followers },
    replication: { mode },
    network: {
      latency: { kind: 'constant', ms: 1 },
      links: followers.map((f, i) => ({ from: 'A', to: f, latency: { kind: 'constant', ms: delays[i] ?? 1 } })),
    },
    ...(hook ? { hooks: { ackPolicy: hook } } : {}),
  };
  const sim = createSimulation(config);
  sim.write('seat:14C', 'sold:ord-1050');
  sim.runFor(500);
  const max = metrics.commitLatency(sim.trace()).max;
  if (max === null) throw new Error('ch04: the write was never acknowledged');
  return max;
}

function drawDelays(rng: Rng): number[] {
  return [rng.int(2, 30), rng.int(2, 30), rng.int(2, 30)];
}

/** Fully synchronous commit: the client waits for the slowest follower's round trip. */
export const syncLatency: QuestionGenerator = (seed) => {
  const rng = new Rng(seed).fork('ch04-sync-latency#1');
  const [b, c, d] = drawDelays(rng);
  return {
    params: { b: b ?? 0, c: c ?? 0, d: d ?? 0, clientDelay: CLIENT_DELAY_MS },
    answer: oneWriteLatency([b ?? 0, c ?? 0, d ?? 0], 'sync'),
  };
};

/** Quorum commit, ANY 2 of three followers: the second-fastest round trip. */
export const quorumLatency: QuestionGenerator = (seed) => {
  const rng = new Rng(seed).fork('ch04-quorum-latency#1');
  const [b, c, d] = drawDelays(rng);
  const anyTwo: AckPolicyHook = (s) => s.acked.length >= 2;
  return {
    params: { b: b ?? 0, c: c ?? 0, d: d ?? 0, clientDelay: CLIENT_DELAY_MS },
    answer: oneWriteLatency([b ?? 0, c ?? 0, d ?? 0], 'sync', anyTwo),
  };
};

/** Sync commit with follower C down: how long a write issued while C is down waits. */
export const blockedWait: QuestionGenerator = (seed) => {
  const rng = new Rng(seed).fork('ch04-blocked-wait#1');
  const downAt = 100;
  const upAt = rng.pick([300, 350, 400, 450, 500, 600]);
  const writeAt = rng.pick([150, 200, 250]);
  const sim = createSimulation({
    seed: 4,
    topology: { leader: 'A', followers: ['B', 'C'] },
    replication: { mode: 'sync' },
    network: { latency: { kind: 'constant', ms: 5 } },
    clients: { timeout: 5000 },
  });
  sim.at(downAt, (s) => s.crash('C'));
  sim.at(upAt, (s) => s.restart('C'));
  let op = '';
  sim.at(writeAt, (s) => {
    op = s.write('seat:12B', 'sold:ord-1061');
  });
  sim.runUntil(upAt + 1500);
  const trace = sim.trace();
  const invoke = trace.events.find((e) => e.type === 'invoke' && e.op === op);
  const ack = trace.events.find((e) => e.type === 'ack' && e.op === op);
  if (!invoke || !ack) throw new Error(`ch04.blockedWait: the write was never acknowledged (seed ${seed})`);
  return {
    params: { downAt, upAt, writeAt },
    answer: Math.round(ack.time - invoke.time),
  };
};

export const ch04Generators = {
  'ch04.asyncLost': asyncLost,
  'ch04.asyncRpo': asyncRpo,
  'ch04.syncLatency': syncLatency,
  'ch04.quorumLatency': quorumLatency,
  'ch04.blockedWait': blockedWait,
} as const satisfies Record<string, QuestionGenerator>;
