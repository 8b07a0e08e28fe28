/**
 * Independent oracles for multi-leader and leaderless traces (chapters 7 and
 * 8), written apart from `src/engine/checkers` and sharing none of its code,
 * so the swarm tests can hold the engine and its checkers against a second,
 * simpler reading of the same trace. Each reads only trace events.
 *
 * Written values are unique per run (the workload numbers them), so a value
 * names the write that produced it. A *final read* is a read by a client
 * named `final-…` (`swarm-replicated.ts` issues them after the run settled).
 */
import type { NodeId, Trace, TraceEvent, Value } from '../../../src/engine/index.ts';
import type { OracleFinding } from './oracle.ts';

/** One client operation folded from its invoke and completion. */
export interface Op {
  readonly op: string;
  readonly client: string;
  readonly session: string;
  readonly kind: string;
  readonly key: string;
  readonly node: NodeId;
  readonly input: Value | undefined;
  readonly invokeStep: number;
  readonly invokeTime: number;
  outcome: 'pending' | 'ack' | 'fail' | 'info';
  completeStep: number;
  completeTime: number;
  output: Value | undefined;
  siblings: readonly Value[] | undefined;
}

export function ops(trace: Trace): Op[] {
  const byId = new Map<string, Op>();
  const out: Op[] = [];
  for (const e of trace.events) {
    if (e.type === 'invoke') {
      const o: Op = {
        op: e.op,
        client: e.client,
        session: e.session,
        kind: e.kind,
        key: e.key,
        node: e.node,
        input: e.value,
        invokeStep: e.step,
        invokeTime: e.time,
        outcome: 'pending',
        completeStep: Infinity,
        completeTime: Infinity,
        output: undefined,
        siblings: undefined,
      };
      byId.set(e.op, o);
      out.push(o);
    } else if (e.type === 'ack' || e.type === 'fail' || e.type === 'info') {
      const o = byId.get(e.op);
      if (o === undefined) continue;
      o.outcome = e.type;
      o.completeStep = e.step;
      o.completeTime = e.time;
      if (e.type === 'ack') {
        o.output = e.value;
        o.siblings = e.siblings;
      }
    }
  }
  return out;
}

const isWrite = (o: Op): boolean => o.kind === 'write';
const isFinal = (o: Op): boolean => o.client.startsWith('final-');
const same = (a: Value | undefined, b: Value | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);

/** What a read saw: its siblings when it got several, else its value. */
export function seen(o: Op): readonly Value[] {
  return o.siblings !== undefined && o.siblings.length > 0 ? o.siblings : o.output === undefined ? [] : [o.output];
}

/** The final reads that succeeded, per key. */
function finalReads(all: readonly Op[]): Map<string, Op[]> {
  const out = new Map<string, Op[]>();
  for (const o of all) {
    if (!isFinal(o) || o.kind !== 'read' || o.outcome !== 'ack') continue;
    out.set(o.key, [...(out.get(o.key) ?? []), o]);
  }
  return out;
}

/**
 * Convergence: once the run settled, every final read of a key (one per
 * node) saw the same thing (the same set of siblings, in any order).
 */
export function finalReadsDisagree(trace: Trace): OracleFinding[] {
  const out: OracleFinding[] = [];
  for (const [key, reads] of finalReads(ops(trace))) {
    const shown = reads.map((r) =>
      JSON.stringify(
        seen(r)
          .map((v) => JSON.stringify(v))
          .sort(),
      ),
    );
    if (new Set(shown).size > 1)
      out.push({
        step: Math.max(...reads.map((r) => r.completeStep)),
        what: `final reads of ${key} disagree: ${reads.map((r, i) => `${r.node} saw ${shown[i]}`).join('; ')}`,
      });
  }
  return out;
}

/** Every node asked answered its final read of every key (nothing left down or cut off). */
export function finalReadsMissing(trace: Trace, nodes: readonly NodeId[], keys: readonly string[]): OracleFinding[] {
  const got = finalReads(ops(trace));
  const out: OracleFinding[] = [];
  for (const key of keys)
    for (const n of nodes)
      if (!(got.get(key) ?? []).some((r) => r.node === n))
        out.push({ step: trace.events.length, what: `no successful final read of ${key} at ${n}` });
  return out;
}

// ---------------------------------------------------------------- leaderless: quorum intersection

/**
 * Strict quorums (w + r > n, no sloppy quorum, no wiped replica, no clock
 * skew, no reconcile hook): a successful read returns a value no older than
 * any write acknowledged before the read began. Without skew a version is
 * the coordinator's clock at the write, so a write that began after another
 * was acknowledged has the higher version; the r replicas asked overlap the w
 * that stored each acknowledged write, and the coordinator returns the
 * highest version it saw. So the value read must come from a write that no
 * write acknowledged before the read strictly follows — a concurrent one is
 * fine — and it must not be empty once any write was acknowledged.
 */
export function staleQuorumReads(trace: Trace): OracleFinding[] {
  const all = ops(trace);
  const out: OracleFinding[] = [];
  const writes = all.filter(isWrite);
  for (const rd of all) {
    if (rd.kind !== 'read' || rd.outcome !== 'ack') continue;
    const before = writes.filter((w) => w.key === rd.key && w.outcome === 'ack' && w.completeStep < rd.invokeStep);
    if (before.length === 0) continue;
    const values = seen(rd);
    const sources = writes.filter((w) => w.key === rd.key && values.some((v) => same(v, w.input)));
    const newer = (x: Op): Op | undefined => before.find((y) => x.completeStep < y.invokeStep);
    if (sources.length === 0) {
      out.push({
        step: rd.completeStep,
        what: `${rd.op} read ${JSON.stringify(values)} of ${rd.key}, which no write produced, after ${before.length} acknowledged writes`,
      });
      continue;
    }
    // Reads see one version (or siblings): each must be a write nothing acknowledged before the read supersedes.
    const stale = sources.map((x) => [x, newer(x)] as const).find(([, y]) => y !== undefined);
    if (stale !== undefined && sources.every((x) => newer(x) !== undefined))
      out.push({
        step: rd.completeStep,
        what: `${rd.op} at ${rd.node} read ${rd.key}=${JSON.stringify(values)} (${stale[0].op}), older than ${stale[1]?.op} acknowledged at step ${stale[1]?.completeStep}`,
      });
  }
  return out;
}

// ---------------------------------------------------------------- multi-leader: last write wins

/** Clock offset per node over the run, from `clock` events. */
function skewAt(trace: Trace): (node: NodeId, step: number) => number {
  const changes: { node: NodeId; step: number; skew: number }[] = [];
  for (const e of trace.events) if (e.type === 'clock') changes.push({ node: e.node, step: e.step, skew: e.skew });
  return (node, step) => {
    let s = 0;
    for (const c of changes) if (c.node === node && c.step <= step) s = c.skew;
    return s;
  };
}

/** The last-write-wins stamp of an acknowledged write: the writer's clock when it executed, then its name. */
interface Stamp {
  readonly ts: number;
  readonly writer: NodeId;
}

/**
 * Multi-leader last write wins, computed from the trace alone: each write is
 * stamped with its leader's clock reading when it executed (it executes on
 * arrival, `clientLatency` ms after the invoke, and is acknowledged at once)
 * plus that leader's offset, the writer's name breaking ties. Per key the
 * surviving write is the largest stamp; the acknowledged writes lost are
 * those that began after it was acknowledged: they are newer in real time,
 * yet an older write beat them (writes that finished before it, or overlapped
 * it, may legitimately be ordered before it). Returns, per key, the winner's
 * value and the lost writes.
 */
export function lwwOutcome(
  trace: Trace,
  clientLatency = 1,
): Map<string, { readonly winner: Value | undefined; readonly lost: readonly string[] }> {
  const skew = skewAt(trace);
  const all = ops(trace).filter((o) => isWrite(o) && o.outcome === 'ack');
  const stamp = (o: Op): Stamp => {
    const at = o.invokeTime + clientLatency;
    return { ts: Math.round((at + skew(o.node, o.invokeStep)) * 1000) / 1000, writer: o.node };
  };
  const later = (a: Stamp, b: Stamp): boolean => a.ts > b.ts || (a.ts === b.ts && a.writer > b.writer);
  const out = new Map<string, { winner: Value | undefined; lost: string[] }>();
  const keys = [...new Set(all.map((o) => o.key))].sort();
  for (const key of keys) {
    const writes = all.filter((o) => o.key === key);
    let best = writes[0] as Op;
    for (const w of writes) if (later(stamp(w), stamp(best))) best = w;
    const lost = writes.filter((w) => best.completeStep < w.invokeStep).map((w) => w.op);
    out.set(key, { winner: best.input, lost });
  }
  return out;
}

// ---------------------------------------------------------------- multi-leader: version vectors

/**
 * Version vectors: no acknowledged write is silently lost. After the run
 * settled, each acknowledged write is in the final reads (as the value or a
 * sibling) or some later write of the same key may have known it, and so
 * replaced it on purpose. "May have known" is read from message flow: a node
 * knows its own writes, and a delivered message passes on everything its
 * sender knew when sending it. That over-approximates what a version carried
 * (a message need not carry every write its sender knew), so this oracle can
 * miss a loss but never invents one.
 */
export function silentlyLostVersions(trace: Trace): OracleFinding[] {
  const all = ops(trace);
  // Per node, the highest write number per origin it may know; writes numbered per origin in execution order.
  const knows = new Map<NodeId, Map<NodeId, number>>();
  const kn = (n: NodeId): Map<NodeId, number> => {
    let k = knows.get(n);
    if (k === undefined) {
      k = new Map();
      knows.set(n, k);
    }
    return k;
  };
  const inFlight = new Map<string, Map<NodeId, number>>();
  const numbered = new Map<string, { origin: NodeId; n: number }>();
  const count = new Map<NodeId, number>();
  // What each write's node may have known when it executed.
  const knewAtWrite = new Map<string, Map<NodeId, number>>();
  const consider = (e: TraceEvent): void => {
    if (e.type === 'send') inFlight.set(e.msg, new Map(kn(e.from)));
    else if (e.type === 'deliver') {
      const k = inFlight.get(e.msg);
      if (k === undefined) return;
      const mine = kn(e.to);
      for (const [origin, n] of k) if (n > (mine.get(origin) ?? 0)) mine.set(origin, n);
    } else if (e.type === 'invoke' && e.kind === 'write') {
      // Numbered at its invoke, before it executes: the node "knows" it a little early, never late.
      const n = (count.get(e.node) ?? 0) + 1;
      count.set(e.node, n);
      numbered.set(e.op, { origin: e.node, n });
      kn(e.node).set(e.node, n);
    } else if ((e.type === 'ack' || e.type === 'info') && e.kind === 'write') {
      // What the writer may have known by the time it answered (a superset of what it knew executing).
      knewAtWrite.set(e.op, new Map(kn(e.node)));
    }
  };
  for (const e of trace.events) consider(e);

  const finals = finalReads(all);
  const out: OracleFinding[] = [];
  for (const w of all) {
    if (!isWrite(w) || w.outcome !== 'ack') continue;
    const reads = finals.get(w.key) ?? [];
    if (reads.length === 0) continue;
    if (reads.some((r) => seen(r).some((v) => same(v, w.input)))) continue;
    const id = numbered.get(w.op);
    if (id === undefined) continue;
    const replaced = all.some((x) => {
      if (x === w || !isWrite(x) || x.key !== w.key || x.outcome === 'fail' || x.outcome === 'pending') return false;
      const k = knewAtWrite.get(x.op);
      return k !== undefined && (k.get(id.origin) ?? 0) >= id.n;
    });
    if (!replaced)
      out.push({
        step: w.completeStep,
        what: `${w.op} (${w.key}=${JSON.stringify(w.input)} at ${w.node}) is in no final read and no later write knew it`,
      });
  }
  return out;
}
