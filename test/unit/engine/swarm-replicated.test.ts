/**
 * Swarm tests for multi-leader (chapter 7) and leaderless (chapter 8)
 * replication: whole configurations drawn from a seed
 * (test/unit/support/swarm-replicated.ts), run until they settle and read at
 * every node, then judged by the independent oracles in
 * test/unit/support/oracle-replicated.ts and by every engine checker that
 * must hold for that configuration. Every failure prints the seed and the
 * drawn configuration; replay it with `runWithFinalReads(multiLeaderCase(seed))`
 * (or `leaderlessCase`).
 *
 * The oracles are first tested on small hand-written traces they must accept
 * and traces they must flag.
 */
import { describe, expect, it } from 'vitest';
import { applicableChecks, check, type Trace } from '../../../src/engine/index.ts';

type CheckName = keyof typeof check;
import {
  describeCase,
  leaderlessCase,
  multiLeaderCase,
  runWithFinalReads,
  SWARM_KEYS,
  type SwarmCase,
} from '../support/swarm-replicated.ts';
import * as oracle from '../support/oracle-replicated.ts';
import type { OracleFinding } from '../support/oracle.ts';
import { trace } from '../support/trace-builder.ts';

/** Seeds per family: runs are drawn while the file is collected; the file takes about 15 s here (budget: 60 s in CI). */
const SEEDS = 150;

interface Run {
  readonly c: SwarmCase;
  readonly trace: Trace;
}

function runs(draw: (seed: number) => SwarmCase): Run[] {
  const out: Run[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    const c = draw(seed);
    out.push({ c, trace: runWithFinalReads(c) });
  }
  return out;
}

/** The first run (in seed order) with a finding, printed with its seed and configuration. */
function firstFinding(all: readonly Run[], find: (r: Run) => readonly OracleFinding[]): string | undefined {
  for (const r of all) {
    const f = find(r)[0];
    if (f !== undefined) return `${describeCase(r.c)}\nstep ${f.step}: ${f.what}`;
  }
  return undefined;
}

function firstInvalid(all: readonly Run[], name: CheckName, applies: (r: Run) => boolean = () => true) {
  for (const r of all) {
    if (!applies(r)) continue;
    const res = check[name](r.trace);
    if (!res.valid) return `${describeCase(r.c)}\n${name}: ${res.violations[0]?.message}`;
  }
  return undefined;
}

// ---------------------------------------------------------------- the oracles on hand traces

describe('oracles for multi-leader and leaderless traces', () => {
  it('finalReadsDisagree accepts equal final reads (siblings in any order) and flags different ones', () => {
    const agree = trace(1)
      .read('op-1', 's', 'x', 1, { client: 'final-A-x', node: 'A', siblings: [1, 2] })
      .read('op-2', 's', 'x', 2, { client: 'final-B-x', node: 'B', siblings: [2, 1] })
      .build();
    expect(oracle.finalReadsDisagree(agree)).toEqual([]);
    const differ = trace(1)
      .read('op-1', 's', 'x', 1, { client: 'final-A-x', node: 'A' })
      .read('op-2', 's', 'x', 2, { client: 'final-B-x', node: 'B' })
      .build();
    expect(oracle.finalReadsDisagree(differ)).toHaveLength(1);
    // Reads by ordinary clients are not final reads.
    const ordinary = trace(1).read('op-1', 's', 'x', 1, { node: 'A' }).read('op-2', 's', 'x', 2, { node: 'B' }).build();
    expect(oracle.finalReadsDisagree(ordinary)).toEqual([]);
  });

  it('staleQuorumReads accepts the latest or a concurrent write and flags an older one or nothing', () => {
    const latest = trace(1).write('op-1', 's', 'x', 1).write('op-2', 's', 'x', 2).read('op-3', 't', 'x', 2).build();
    expect(oracle.staleQuorumReads(latest)).toEqual([]);
    // op-2 is still in flight when op-1 is acknowledged: concurrent, either may be read.
    const concurrent = trace(1)
      .invokeWrite('op-2', 's', 'x', 2)
      .write('op-1', 't', 'x', 1)
      .ack('op-2')
      .read('op-3', 'u', 'x', 2)
      .read('op-4', 'u', 'x', 1)
      .build();
    expect(oracle.staleQuorumReads(concurrent)).toEqual([]);
    const older = trace(1).write('op-1', 's', 'x', 1).write('op-2', 's', 'x', 2).read('op-3', 't', 'x', 1).build();
    expect(oracle.staleQuorumReads(older).map((f) => f.what)[0]).toContain('older than op-2');
    const empty = trace(1).write('op-1', 's', 'x', 1).read('op-2', 't', 'x', null).build();
    expect(oracle.staleQuorumReads(empty)).toHaveLength(1);
  });

  it('lwwOutcome picks the largest clock reading and names the acknowledged writes it discards', () => {
    // B's clock runs 50 ms behind: its later write is stamped earlier and loses.
    const t = trace(1)
      .event({ type: 'clock', node: 'B', skew: -50 })
      .at(10)
      .write('op-1', 's', 'x', 1, { node: 'A' })
      .at(30)
      .write('op-2', 't', 'x', 2, { node: 'B' })
      .build();
    expect(oracle.lwwOutcome(t).get('x')).toEqual({ winner: 1, lost: ['op-2'] });
    // Without skew the later write wins and the earlier one was overwritten, not lost.
    const fair = trace(1)
      .at(10)
      .write('op-1', 's', 'x', 1, { node: 'A' })
      .at(30)
      .write('op-2', 't', 'x', 2, { node: 'B' });
    expect(oracle.lwwOutcome(fair.build()).get('x')).toEqual({ winner: 2, lost: [] });
  });

  it('silentlyLostVersions accepts siblings and informed overwrites, and flags a version nobody replaced', () => {
    const final = (b: ReturnType<typeof trace>, value: number, siblings?: number[]) =>
      b
        .read('op-8', 'f', 'x', value, { client: 'final-A-x', node: 'A', ...(siblings ? { siblings } : {}) })
        .read('op-9', 'f', 'x', value, { client: 'final-B-x', node: 'B', ...(siblings ? { siblings } : {}) })
        .build();
    const base = () => trace(1).write('op-1', 's', 'x', 1, { node: 'A' }).write('op-2', 't', 'x', 2, { node: 'B' });
    // Concurrent writes kept as siblings: nothing lost.
    expect(oracle.silentlyLostVersions(final(base(), 1, [1, 2]))).toEqual([]);
    // B heard from A after op-1, then overwrote x: op-1 was replaced on purpose.
    const informed = trace(1)
      .write('op-1', 's', 'x', 1, { node: 'A' })
      .event({ type: 'send', msg: 'm-1', from: 'A', to: 'B', kind: 'ml-sync' })
      .event({ type: 'deliver', msg: 'm-1', from: 'A', to: 'B', kind: 'ml-sync' })
      .write('op-2', 't', 'x', 2, { node: 'B' });
    expect(oracle.silentlyLostVersions(final(informed, 2))).toEqual([]);
    // B never heard of op-1, yet only op-2 survives: op-1 was silently lost.
    const lost = oracle.silentlyLostVersions(final(base(), 2));
    expect(lost.map((f) => f.what)).toEqual([expect.stringContaining('op-1')]);
    // A message sent before op-1 existed carries no knowledge of it.
    const early = trace(1)
      .event({ type: 'send', msg: 'm-1', from: 'A', to: 'B', kind: 'ml-sync' })
      .write('op-1', 's', 'x', 1, { node: 'A' })
      .event({ type: 'deliver', msg: 'm-1', from: 'A', to: 'B', kind: 'ml-sync' })
      .write('op-2', 't', 'x', 2, { node: 'B' });
    expect(oracle.silentlyLostVersions(final(early, 2))).toHaveLength(1);
  });
});

// ---------------------------------------------------------------- multi-leader

/** The checkers that apply to a multi-leader trace (leadership checkers do not). */
const ALL = Object.keys(check) as CheckName[];

describe('swarm: multi-leader configurations', () => {
  const mixed = runs((seed) => multiLeaderCase(seed));

  it('draws both conflict modes, skew and faults', () => {
    const facts = mixed.map((r) => r.c.facts);
    expect(facts.some((f) => f.conflict === 'lww')).toBe(true);
    expect(facts.some((f) => f.conflict === 'version-vector')).toBe(true);
    expect(facts.filter((f) => f.skew).length).toBeGreaterThan(SEEDS / 10);
    expect(facts.filter((f) => f.faults > 0).length).toBeGreaterThan(SEEDS / 2);
    expect(applicableChecks('multi', ALL)).not.toContain('splitBrain');
  });

  it('same seed, byte-identical trace', () => {
    for (const r of mixed.slice(0, 20))
      expect(JSON.stringify(runWithFinalReads(r.c)), describeCase(r.c)).toBe(JSON.stringify(r.trace));
  });

  it('every node answers its final reads once the network healed', () => {
    expect(firstFinding(mixed, (r) => oracle.finalReadsMissing(r.trace, r.c.facts.nodes, SWARM_KEYS))).toBeUndefined();
  });

  it('leaders converge after the heal: final reads agree, and the divergence checker agrees', () => {
    expect(firstFinding(mixed, (r) => oracle.finalReadsDisagree(r.trace))).toBeUndefined();
    expect(firstInvalid(mixed, 'divergence')).toBeUndefined();
  });

  it('version vectors: no acknowledged write is silently lost, and lostAcknowledgedWrites agrees', () => {
    const vv = mixed.filter((r) => r.c.facts.conflict === 'version-vector');
    expect(firstFinding(vv, (r) => oracle.silentlyLostVersions(r.trace))).toBeUndefined();
    expect(firstInvalid(vv, 'lostAcknowledgedWrites')).toBeUndefined();
    // Judged from the nodes' final data alone (no final reads), as for a key nobody read at the end.
    for (const r of vv)
      expect(check.lostAcknowledgedWrites(r.trace, { from: 'state' }).violations, describeCase(r.c)).toEqual([]);
  });

  it('last write wins: the survivor is the largest stamp, and the checker reports exactly the oracle’s lost writes', () => {
    const lww = mixed.filter((r) => r.c.facts.conflict === 'lww');
    let lossy = 0;
    for (const r of lww) {
      const expected = oracle.lwwOutcome(r.trace);
      const finals = oracle.ops(r.trace).filter((o) => o.client.startsWith('final-') && o.outcome === 'ack');
      for (const [key, { winner }] of expected)
        for (const f of finals.filter((o) => o.key === key))
          expect(f.output, `${describeCase(r.c)}\nfinal read of ${key} at ${f.node}`).toEqual(winner);
      const oracleLost = [...expected.values()].flatMap((x) => x.lost).sort();
      const checkerLost = check
        .lostAcknowledgedWrites(r.trace)
        .violations.map((v) => v.op ?? '')
        .sort();
      expect(checkerLost, describeCase(r.c)).toEqual(oracleLost);
      if (oracleLost.length > 0) lossy++;
    }
    // The comparison means something only if last write wins does drop writes on some seeds.
    expect(lossy).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------- leaderless

describe('swarm: leaderless configurations', () => {
  const mixed = runs((seed) => leaderlessCase(seed));
  const strict = runs((seed) => leaderlessCase(seed, { strict: true, skew: false }));

  it('draws quorums of every kind, sloppy quorums, read repair, anti-entropy and faults', () => {
    const facts = mixed.map((r) => r.c.facts);
    expect(facts.some((f) => (f.w ?? 0) + (f.r ?? 0) <= (f.n ?? 0))).toBe(true);
    expect(facts.some((f) => f.sloppy)).toBe(true);
    expect(facts.some((f) => f.readRepair)).toBe(true);
    expect(facts.some((f) => (f.antiEntropy ?? 0) > 0)).toBe(true);
    expect(facts.filter((f) => f.faults > 0).length).toBeGreaterThan(SEEDS / 2);
    for (const f of strict.map((r) => r.c.facts)) expect((f.w ?? 0) + (f.r ?? 0)).toBeGreaterThan(f.n ?? 0);
  });

  it('same seed, byte-identical trace', () => {
    for (const r of mixed.slice(0, 20))
      expect(JSON.stringify(runWithFinalReads(r.c)), describeCase(r.c)).toBe(JSON.stringify(r.trace));
  });

  it('strict quorums without skew: every read returns the latest acknowledged write or a concurrent one', () => {
    expect(firstFinding(strict, (r) => oracle.staleQuorumReads(r.trace))).toBeUndefined();
  });

  it('strict quorums without skew: read-your-writes holds and no acknowledged write is lost', () => {
    expect(firstInvalid(strict, 'readYourWrites')).toBeUndefined();
    expect(firstInvalid(strict, 'lostAcknowledgedWrites')).toBeUndefined();
  });

  it('the quorum oracle does flag stale reads when w + r <= n', () => {
    const partial = mixed.filter((r) => (r.c.facts.w ?? 0) + (r.c.facts.r ?? 0) <= (r.c.facts.n ?? 0));
    expect(partial.some((r) => oracle.staleQuorumReads(r.trace).length > 0)).toBe(true);
  });

  it('with anti-entropy, replicas converge after the heal: final reads agree, and divergence agrees', () => {
    const ae = [...mixed, ...strict].filter((r) => (r.c.facts.antiEntropy ?? 0) > 0);
    // With loss, a final read needing many answers may legitimately time out; without, every one succeeds.
    const lossless = ae.filter((r) => r.c.facts.loss === 0);
    expect(
      firstFinding(lossless, (r) => oracle.finalReadsMissing(r.trace, r.c.facts.nodes, SWARM_KEYS)),
    ).toBeUndefined();
    expect(firstFinding(ae, (r) => oracle.finalReadsDisagree(r.trace))).toBeUndefined();
    expect(firstInvalid(ae, 'divergence')).toBeUndefined();
  });
});

// ---------------------------------------------------------------- regressions the swarm found

describe('regressions found by the swarm', () => {
  // Seed 2 (multi-leader, version vectors): B's write op-623 (b=425) ends as a sibling of op-622's 423, but `apply`
  // events carried only the first sibling, so lostAcknowledgedWrites judging node state (a key without a final read)
  // reported op-623 lost — a false positive on 68 of the first 400 seeds. `apply` now records `siblings`.
  it('multi-leader seed 2: a write kept as a sibling is not reported lost when judged from node state', () => {
    const c = multiLeaderCase(2);
    expect(c.facts.conflict).toBe('version-vector');
    const t = runWithFinalReads(c);
    const apply = t.events.find((e) => e.type === 'apply' && e.siblings !== undefined);
    expect(apply, describeCase(c)).toBeDefined();
    expect(check.lostAcknowledgedWrites(t, { from: 'state' }).violations, describeCase(c)).toEqual([]);
  });

  it('node state with siblings: lostAcknowledgedWrites accepts a write among them and flags one missing', () => {
    const held = (siblings: number[]) =>
      trace(1)
        .write('op-1', 's', 'x', 1, { node: 'A' })
        .write('op-2', 't', 'x', 2, { node: 'B' })
        .event({ type: 'apply', node: 'A', lsn: 1, key: 'x', value: siblings[0] ?? null, siblings })
        .build();
    expect(check.lostAcknowledgedWrites(held([1, 2]), { from: 'state', nodes: ['A'] }).valid).toBe(true);
    const lost = check.lostAcknowledgedWrites(held([1, 3]), { from: 'state', nodes: ['A'] });
    expect(lost.violations.map((v) => v.op)).toEqual(['op-2']);
    expect(lost.violations[0]?.message).toContain('concurrent versions 1, 3');
  });

  it('divergence: the same siblings in another order agree; the same first value with other siblings does not', () => {
    const nodes = (a: number[], b: number[]) =>
      trace(1)
        .event({ type: 'apply', node: 'A', lsn: 1, key: 'x', value: a[0] ?? null, siblings: a })
        .event({ type: 'apply', node: 'B', lsn: 1, key: 'x', value: b[0] ?? null, siblings: b })
        .build();
    expect(check.divergence(nodes([1, 2], [2, 1])).valid).toBe(true);
    expect(check.divergence(nodes([1, 2], [1, 3])).valid).toBe(false);
  });
});
