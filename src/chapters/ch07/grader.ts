/**
 * Chapter 7 — `merge(a, b)` for Mika's replicated cart. Three leaders (`eu`,
 * `us` and `gate`, the field stage's tablet, which goes offline for a while
 * and syncs when it is back) each take cart changes from their own clients
 * and replicate asynchronously (`multiLeader.conflict: 'merge'`): whenever a
 * leader holds two concurrent versions, the engine folds them with the
 * learner's `merge`.
 *
 * The cart is a state-based CRDT the learner merges:
 * `{ added: { [leader]: { [seat]: n } }, removed: { [leader]: { [seat]: n } } }`
 * — how many times each leader's clients added and removed each seat; a
 * seat's quantity is its adds minus its removes over all leaders. Each
 * leader only ever raises its own entries (the grader's client code does the
 * read-modify-write at the leader, atomically), so the join is the
 * entry-wise maximum. The grader judges:
 *
 * - `convergence`: after quiescence (writes stopped, network healed) every
 *   leader holds the same cart;
 * - `no-lost-change`: every seat's quantity in the converged cart equals the
 *   adds minus the removes the leaders acknowledged: nothing lost, nothing
 *   counted twice;
 * - `commutative`, `associative`, `idempotent`: the laws, checked on the
 *   arguments of the run's own merge calls and on seeded random triples of
 *   the versions the run produced (many merge orders, not only the engine's).
 *
 * Versions are compared normalised: a zero count and a missing one are the
 * same, and so are an empty map and a missing one. The hook sees only the
 * two carts, as a real replica's merge would.
 */
import { Rng, createSimulation } from '../../engine/index.ts';
import type { MergeHook, Simulation, SimulationConfig, Trace, Value, Violation } from '../../engine/index.ts';
import type { ExerciseGrader, GraderRun } from '../grader-types.ts';
import {
  CHECK_SEEDS,
  SUBMIT_SEEDS,
  historyPrefix,
  plural,
  stepAtTime,
  violationAt,
  writesSize,
} from '../grader-support.ts';

export const CONVERGENCE = 'convergence';
export const NO_LOST_CHANGE = 'no-lost-change';
export const COMMUTATIVE = 'commutative';
export const ASSOCIATIVE = 'associative';
export const IDEMPOTENT = 'idempotent';

export const CART_KEY = 'cart:mika';
export const LEADERS = ['eu', 'us', 'gate'] as const;
const SEATS = ['12A', '12B', '14C', '14D', '15F'] as const;
const WRITE_SPAN_MS = 1200;
const SETTLE_MS = 1500;
/** At most this many of the run's merge calls are re-checked against the laws, plus this many random triples. */
const LAW_CALLS = 8;
const LAW_TRIPLES = 10;

type Counts = Record<string, Record<string, number>>;
export interface Cart {
  readonly added: Counts;
  readonly removed: Counts;
}

export const EMPTY_CART: Cart = { added: {}, removed: {} };

function countsOf(v: unknown): Counts {
  const out: Counts = {};
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return out;
  for (const [leader, seats] of Object.entries(v as Record<string, unknown>)) {
    if (seats === null || typeof seats !== 'object' || Array.isArray(seats)) continue;
    for (const [seat, n] of Object.entries(seats as Record<string, unknown>)) {
      if (typeof n !== 'number' || n === 0) continue;
      (out[leader] ??= {})[seat] = n;
    }
  }
  return out;
}

/** The cart a value stands for, zero counts and empty maps dropped. */
export function asCart(v: Value | undefined): Cart {
  if (v === null || v === undefined || typeof v !== 'object' || Array.isArray(v)) return { added: {}, removed: {} };
  const o = v as Record<string, unknown>;
  return { added: countsOf(o['added']), removed: countsOf(o['removed']) };
}

function sortedCounts(c: Counts): Counts {
  const out: Counts = {};
  for (const leader of Object.keys(c).sort()) {
    const seats: Record<string, number> = {};
    for (const seat of Object.keys(c[leader] ?? {}).sort()) seats[seat] = c[leader]?.[seat] ?? 0;
    out[leader] = seats;
  }
  return out;
}

/** One string per cart: equal carts, equal strings. */
export function cartKey(v: Value | undefined): string {
  const c = asCart(v);
  return JSON.stringify({ added: sortedCounts(c.added), removed: sortedCounts(c.removed) });
}

/** Quantity of each seat: adds minus removes over every leader. */
export function quantities(v: Value | undefined): Record<string, number> {
  const c = asCart(v);
  const q: Record<string, number> = {};
  for (const seats of Object.values(c.added)) for (const [s, n] of Object.entries(seats)) q[s] = (q[s] ?? 0) + n;
  for (const seats of Object.values(c.removed)) for (const [s, n] of Object.entries(seats)) q[s] = (q[s] ?? 0) - n;
  return q;
}

/** The cart after one client change at `leader`: its own count for `seat` goes up by one. */
export function bump(v: Value | undefined, leader: string, seat: string, kind: 'add' | 'remove'): Value {
  const c = asCart(v);
  const side = kind === 'add' ? c.added : c.removed;
  const mine = { ...(side[leader] ?? {}) };
  mine[seat] = (mine[seat] ?? 0) + 1;
  const next = { ...side, [leader]: mine };
  return (kind === 'add' ? { added: next, removed: c.removed } : { added: c.added, removed: next }) as unknown as Value;
}

function describeCart(v: Value | undefined): string {
  const q = quantities(v);
  const seats = Object.keys(q)
    .filter((s) => q[s] !== 0)
    .sort();
  return seats.length === 0 ? 'an empty cart' : seats.map((s) => `${s}×${q[s]}`).join(', ');
}

const clone = (v: Value): Value => (v === undefined ? null : (JSON.parse(JSON.stringify(v)) as Value));

interface MergeCall {
  readonly a: Value;
  readonly b: Value;
  readonly time: number;
}

interface PlannedChange {
  readonly at: number;
  readonly leader: string;
  readonly seat: string;
  /** `remove` is only done when the leader's cart shows the seat; otherwise it becomes an add. */
  readonly kind: 'add' | 'remove';
}

/** The run for one seed; `removes: false` plans adds only (for tests). */
export function mergeScenario(
  seed: number,
  merge?: MergeHook,
  scale = 1,
  opts: { removes?: boolean } = {},
): {
  sim: Simulation;
  until: number;
  config: SimulationConfig;
  size: string;
  calls: MergeCall[];
  done: { leader: string; seat: string; kind: 'add' | 'remove' }[];
} {
  const rng = new Rng(seed).fork('ch07-merge');
  const calls: MergeCall[] = [];
  const ref: { sim?: Simulation } = {};
  const recording: MergeHook | undefined = merge
    ? (a, b) => {
        calls.push({ a: clone(a), b: clone(b), time: ref.sim?.now ?? 0 });
        return merge(a, b);
      }
    : undefined;
  const offlineFrom = rng.int(100, 400);
  const offlineUntil = offlineFrom + rng.int(400, 800);
  const atlantic = rng.chance(0.4);
  const config: SimulationConfig = {
    seed,
    label: 'ch07-merge',
    topology: { leaders: [...LEADERS] },
    network: { latency: { kind: 'uniform', min: 15, max: 70 }, clientLatency: 0 },
    multiLeader: { conflict: 'merge' },
    ...(recording ? { hooks: { merge: recording } } : {}),
  };
  const sim = createSimulation(config);
  ref.sim = sim;
  const removeShare = opts.removes === false ? 0 : 0.2 + rng.next() * 0.2;
  const total = rng.int(20, 45);
  const full: PlannedChange[] = [];
  for (let i = 0; i < total; i++) {
    full.push({
      at: Math.round(rng.next() * WRITE_SPAN_MS),
      leader: rng.pick(LEADERS),
      seat: rng.pick(SEATS),
      kind: rng.chance(removeShare) ? 'remove' : 'add',
    });
  }
  full.sort((x, y) => x.at - y.at);
  // One change per millisecond at most: a client's read-modify-write must land before the next one reads.
  for (let i = 1; i < full.length; i++) {
    const prev = full[i - 1] as PlannedChange;
    const cur = full[i] as PlannedChange;
    if (cur.at <= prev.at) full[i] = { ...cur, at: prev.at + 1 };
  }
  const plan = historyPrefix(full, scale);
  sim.at(offlineFrom, (s) => {
    s.partition(['eu', 'us'], ['gate']);
    s.note('the gate tablet goes offline; it keeps taking scans and cart changes');
  });
  if (atlantic) {
    sim.at(offlineFrom + 100, (s) => {
      s.partition(['eu'], ['us'], ['gate']);
      s.note('the Atlantic link is down too');
    });
  }
  sim.at(offlineUntil, (s) => {
    s.heal();
    s.note('every link is back; the tablet syncs');
  });
  const done: { leader: string; seat: string; kind: 'add' | 'remove' }[] = [];
  for (const c of plan) {
    sim.at(c.at, (s) => {
      // The leader's client reads the cart there and writes it back with its own count raised.
      const current = s.inspect(c.leader).data[CART_KEY];
      const shown = quantities(current)[c.seat] ?? 0;
      const kind = c.kind === 'remove' && shown > 0 ? 'remove' : 'add';
      done.push({ leader: c.leader, seat: c.seat, kind });
      s.write(CART_KEY, bump(current, c.leader, c.seat, kind), { to: c.leader, client: `mika-${c.leader}` });
    });
  }
  return {
    sim,
    until: Math.max(WRITE_SPAN_MS, offlineUntil) + SETTLE_MS,
    config,
    size: writesSize(plan.length, full.length),
    calls,
    done,
  };
}

/** Calls `merge`, turning a throw into undefined (the engine run has already reported it). */
function attempt(merge: MergeHook, a: Value, b: Value): Value | undefined {
  try {
    return merge(clone(a), clone(b));
  } catch {
    return undefined;
  }
}

function showCart(v: Value | undefined): string {
  return cartKey(v);
}

/** The laws, on the run's own merge calls and on random triples of its versions. */
export function judgeLaws(trace: Trace, merge: MergeHook, calls: readonly MergeCall[], seed: number): Violation[] {
  const out: Violation[] = [];
  const found = new Set<string>();
  const report = (property: string, time: number, message: string) => {
    if (found.has(property)) return;
    found.add(property);
    out.push(violationAt(trace, property, stepAtTime(trace, time), message));
  };
  const step = Math.max(1, Math.floor(calls.length / LAW_CALLS));
  for (let i = 0; i < calls.length && found.size < 3; i += step) {
    const c = calls[i] as MergeCall;
    for (const x of [c.a, c.b]) {
      const xx = attempt(merge, x, x);
      if (xx !== undefined && cartKey(xx) !== cartKey(x))
        report(
          IDEMPOTENT,
          c.time,
          `merging a cart with itself changed it (at ${c.time} ms). merge(a, a) with a = ${showCart(x)} gave ${showCart(xx)} (${describeCart(x)} became ${describeCart(xx)}). ` +
            'The same version reaches a leader more than once (re-sent after a loss, relayed by another leader), so merging it again must change nothing.',
        );
    }
    const ab = attempt(merge, c.a, c.b);
    const ba = attempt(merge, c.b, c.a);
    if (ab !== undefined && ba !== undefined && cartKey(ab) !== cartKey(ba))
      report(
        COMMUTATIVE,
        c.time,
        `the order of the arguments changed the result (merge call at ${c.time} ms): merge(a, b) = ${showCart(ab)} but merge(b, a) = ${showCart(ba)}, with a = ${showCart(c.a)} and b = ${showCart(c.b)}. ` +
          'Two leaders holding the same two versions see them in opposite roles, so they would end with different carts.',
      );
  }
  // Seeded random triples of versions the run produced, in both groupings.
  const versions = calls.flatMap((c) => [c.a, c.b]);
  if (versions.length >= 3) {
    const rng = new Rng(seed).fork('ch07-merge/laws');
    for (let i = 0; i < LAW_TRIPLES && !found.has(ASSOCIATIVE); i++) {
      const ia = rng.int(0, versions.length - 1);
      const a = versions[ia] as Value;
      const b = rng.pick(versions);
      const c = rng.pick(versions);
      const ab = attempt(merge, a, b);
      const bc = attempt(merge, b, c);
      if (ab === undefined || bc === undefined) continue;
      const left = attempt(merge, ab, c);
      const right = attempt(merge, a, bc);
      if (left !== undefined && right !== undefined && cartKey(left) !== cartKey(right)) {
        const call = calls[Math.floor(ia / 2)] as MergeCall;
        report(
          ASSOCIATIVE,
          call.time,
          `the grouping changed the result: with a = ${showCart(a)}, b = ${showCart(b)}, c = ${showCart(c)} (versions from this run), ` +
            `merge(merge(a, b), c) = ${showCart(left)} but merge(a, merge(b, c)) = ${showCart(right)}. ` +
            'Versions reach leaders in different orders (the offline tablet syncs late), so each leader groups the merges differently.',
        );
      }
    }
  }
  return out;
}

/** Convergence and exact quantities after quiescence. */
export function judgeCarts(
  trace: Trace,
  sim: Simulation,
  done: readonly { leader: string; seat: string; kind: 'add' | 'remove' }[],
): Violation[] {
  const out: Violation[] = [];
  const last = trace.events.at(-1)?.step ?? 0;
  const carts = LEADERS.map((l) => ({ leader: l, value: sim.inspect(l).data[CART_KEY] }));
  const first = carts[0] as { leader: string; value: Value | undefined };
  const other = carts.find((c) => cartKey(c.value) !== cartKey(first.value));
  if (other !== undefined) {
    out.push(
      violationAt(
        trace,
        CONVERGENCE,
        last,
        `after every link healed and all writes stopped, ${first.leader} holds ${describeCart(first.value)} (${cartKey(first.value)}) but ${other.leader} holds ${describeCart(other.value)} (${cartKey(other.value)}). ` +
          'Leaders that have exchanged every version must end with the same cart, whatever order the versions arrived in.',
      ),
    );
  }
  const expected: Record<string, { added: number; removed: number }> = {};
  for (const d of done) {
    const e = (expected[d.seat] ??= { added: 0, removed: 0 });
    if (d.kind === 'add') e.added++;
    else e.removed++;
  }
  for (const c of carts) {
    const q = quantities(c.value);
    for (const seat of [...new Set([...Object.keys(expected), ...Object.keys(q)])].sort()) {
      const e = expected[seat] ?? { added: 0, removed: 0 };
      const want = e.added - e.removed;
      const got = q[seat] ?? 0;
      if (got === want) continue;
      out.push(
        violationAt(
          trace,
          NO_LOST_CHANGE,
          last,
          `at the end of the run ${c.leader}'s cart has ${got} of seat ${seat}, but the leaders acknowledged ${plural(e.added, 'add')} and ${plural(e.removed, 'remove')} of it: it should have ${want}. ` +
            (got < want
              ? 'An acknowledged add was lost (or a remove counted twice): a merge kept one version and dropped what only the other had seen.'
              : 'A change was counted more than once, or an acknowledged remove was lost.'),
        ),
      );
      return out;
    }
  }
  return out;
}

export const mergeGrader: ExerciseGrader = {
  name: 'ch07.merge',
  entry: 'merge',
  scenario: 'ch07-merge',
  properties: [
    { name: CONVERGENCE, description: 'After quiescence every leader holds the same cart.' },
    {
      name: NO_LOST_CHANGE,
      description: 'Every seat’s quantity equals the acknowledged adds minus removes: nothing lost, nothing doubled.',
    },
    { name: COMMUTATIVE, description: 'merge(a, b) equals merge(b, a).' },
    { name: ASSOCIATIVE, description: 'merge(merge(a, b), c) equals merge(a, merge(b, c)).' },
    { name: IDEMPOTENT, description: 'merge(a, a) equals a.' },
  ],
  suites: { checks: CHECK_SEEDS, submit: SUBMIT_SEEDS },
  shrinks: true,
  validate(result) {
    if (result === null || typeof result !== 'object' || Array.isArray(result))
      return `must return a cart ({ added, removed }), but returned ${JSON.stringify(result) ?? String(result)}`;
    return undefined;
  },
  run(hook, seed, _fresh, scale = 1): GraderRun {
    const merge = hook as unknown as MergeHook;
    const { sim, until, size, calls, done } = mergeScenario(seed, merge, scale);
    sim.runUntil(until);
    const trace = sim.trace();
    const violations = [...judgeCarts(trace, sim, done), ...judgeLaws(trace, merge, calls, seed)];
    return { trace, violations, size };
  },
};
