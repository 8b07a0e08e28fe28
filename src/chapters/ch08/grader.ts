/**
 * Chapter 8 — a quorum read's `reconcile(responses)`: turn the first r
 * answers (node, value, version) into the value returned, and name the
 * replicas to repair with it. Stagedoor's seat-hold store runs on n = 3 to 5
 * home replicas with w + r > n; one writer (the box office) changes the
 * holds one write after another, so no two writes are concurrent. Some
 * replicas are cut off while the writes happen and miss them; after the heal
 * the writes stop and only reads go on, so a replica that missed a write is
 * brought up to date by read repair or not at all. The grader judges:
 *
 * - `no-stale-read`: no read returns a value older than a write acknowledged
 *   before the read began (the engine's stale-read checker);
 * - `repaired-catch-up`: every replica that answered a read with an older
 *   version than the value returned holds at least that value by the end of
 *   the run;
 * - `no-needless-repair`: a read repairs only replicas whose answer was older
 *   than the value it returned (writing back to an up-to-date replica costs a
 *   write and fixes nothing).
 *
 * The learner sees only what a coordinator sees: the answers, in arrival
 * order. n, w and r, the replica names and which ones were cut off change
 * from seed to seed, so a rule tuned to one of them fails elsewhere.
 */
import { Rng, check, createSimulation } from '../../engine/index.ts';
import type {
  NodeId,
  QuorumResponse,
  ReconcileHook,
  Simulation,
  SimulationConfig,
  Trace,
  Value,
  Violation,
} from '../../engine/index.ts';
import type { ExerciseGrader, GraderRun } from '../grader-types.ts';
import { CHECK_SEEDS, SUBMIT_SEEDS, plural, seatKeys, show, violationAt } from '../grader-support.ts';

export const NO_STALE_READ = 'no-stale-read';
export const REPAIRED_CATCH_UP = 'repaired-catch-up';
export const NO_NEEDLESS_REPAIR = 'no-needless-repair';

export const NODE_NAMES: readonly NodeId[] = ['A', 'B', 'C', 'D', 'E'];
export const N_RANGE: readonly [number, number] = [3, 5];
const READS_AFTER_HEAL_MS = 400;
const SETTLE_MS = 300;

/** One configuration: n home replicas, w and r with w + r > n, the replicas cut off while the writes happen. */
export interface ReconcileSetup {
  readonly replicas: readonly NodeId[];
  readonly w: number;
  readonly r: number;
  readonly cut: readonly NodeId[];
  readonly cutAt: number;
  readonly healAt: number;
}

/** Quorums with w + r > n that leave at least one replica to cut off: w, r <= n - 1. */
export function overlappingQuorums(n: number): [number, number][] {
  const out: [number, number][] = [];
  for (let w = 1; w < n; w++) for (let r = 1; r < n; r++) if (w + r > n) out.push([w, r]);
  return out;
}

/**
 * Every (n, w, r) with n in N_RANGE, w + r > n and w, r <= n - 1, each once in
 * every ten consecutive seeds; the quick checks (seeds 1-5) meet n = 3, 4 and
 * 5, r = 2 and r = 3, and two replicas cut off at once.
 */
export const CONFIGURATIONS: readonly (readonly [number, number, number])[] = [
  [4, 3, 3],
  [3, 2, 2],
  [5, 3, 3],
  [4, 2, 3],
  [5, 4, 2],
  [4, 3, 2],
  [5, 2, 4],
  [5, 3, 4],
  [5, 4, 3],
  [5, 4, 4],
];

/** One reconcile call as the grader saw it. */
interface Call {
  readonly responses: readonly QuorumResponse[];
  readonly value: Value;
  readonly repair: readonly NodeId[];
}

function same(a: Value, b: Value): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The version a returned value stands for: the newest answer holding it (0 when none did). */
function versionOf(responses: readonly QuorumResponse[], value: Value): number {
  let v = -1;
  for (const r of responses) if (same(r.value, value) && r.version > v) v = r.version;
  return v < 0 ? 0 : v;
}

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const keyed = items.map((x) => ({ x, k: rng.next() }));
  keyed.sort((a, b) => a.k - b.k);
  return keyed.map((e) => e.x);
}

/** Builds the run for one seed (nothing has run yet). */
export function reconcileScenario(
  seed: number,
  reconcile?: ReconcileHook,
): { sim: Simulation; until: number; config: SimulationConfig; setup: ReconcileSetup; order: Map<string, number> } {
  const rng = new Rng(seed).fork('ch08-reconcile');
  const [n, w, r] = CONFIGURATIONS[seed % CONFIGURATIONS.length] as [number, number, number];
  const replicas = NODE_NAMES.slice(0, n);
  const cut = shuffled(rng, replicas).slice(0, n - Math.max(w, r));
  const connected = replicas.filter((x) => !cut.includes(x));
  const cutAt = rng.int(30, 80);
  const healAt = rng.int(350, 450);
  const setup: ReconcileSetup = { replicas, w, r, cut, cutAt, healAt };
  const config: SimulationConfig = {
    seed,
    label: `ch08-reconcile n=${n} w=${w} r=${r}`,
    topology: { replicas },
    network: { latency: { kind: 'exponential', mean: 8, min: 1 } },
    clients: { timeout: 1000 },
    quorum: { w, r, requestTimeout: 400 },
    faults: [
      { at: cutAt, kind: 'partition', groups: [connected, cut] },
      { at: healAt, kind: 'heal' },
    ],
    ...(reconcile ? { hooks: { reconcile } } : {}),
  };
  const sim = createSimulation(config);
  const keys = seatKeys(rng.int(4, 6));
  // Every value is written once, so a value names its write; `order` is its place in its key's history.
  const order = new Map<string, number>();
  const counts = new Map<string, number>();
  let ord = 1040;
  const writeAt = (at: number, key: string, to: NodeId, value: string) => {
    const i = counts.get(key) ?? 0;
    counts.set(key, i + 1);
    order.set(JSON.stringify([key, value]), i);
    sim.at(at, (s) => s.write(key, value, { client: 'box-office', to }));
  };
  keys.forEach((key, i) => writeAt(i * 3, key, rng.pick(replicas), `held:ord-${++ord}`));
  const writes = rng.int(8, 14);
  for (let i = 0; i < writes; i++) {
    const at = cutAt + 10 + ((healAt - cutAt - 60) * i) / writes;
    const key = rng.pick(keys);
    writeAt(at, key, rng.pick(connected), rng.chance(0.3) ? `sold:ord-${++ord}` : `held:ord-${++ord}`);
  }
  for (let c = 1; c <= 3; c++) {
    for (let t = rng.int(2, 20); t < healAt + READS_AFTER_HEAL_MS; t += rng.int(15, 35)) {
      const during = t >= cutAt && t < healAt;
      const from = during
        ? rng.pick(connected)
        : rng.chance(0.7) && cut.length > 0
          ? rng.pick(cut)
          : rng.pick(replicas);
      const key = rng.pick(keys);
      sim.at(t, (s) => s.read(key, { client: `reader-${c}`, to: from }));
    }
  }
  return { sim, until: healAt + READS_AFTER_HEAL_MS + SETTLE_MS, config, setup, order };
}

/** Wraps the learner's function to record what each call saw and decided. */
function recording(hook: ReconcileHook, calls: Call[]): ReconcileHook {
  return (responses) => {
    const seen = responses.map((r) => ({ ...r }));
    const out = hook(responses);
    const value = out && typeof out === 'object' && 'value' in out ? (out.value ?? null) : null;
    const repair = out && Array.isArray(out.repair) ? out.repair.filter((x): x is NodeId => typeof x === 'string') : [];
    calls.push({ responses: seen, value, repair });
    return out;
  };
}

/** The read operations' reconcile steps in call order: the step at which each read's quorum machine left `collecting`. */
function readSteps(trace: Trace): { step: number; op: string; key: string; node: NodeId }[] {
  const reads = new Map<string, { key: string; node: NodeId }>();
  for (const e of trace.events)
    if (e.type === 'invoke' && e.kind === 'read') reads.set(e.op, { key: e.key, node: e.node });
  const out: { step: number; op: string; key: string; node: NodeId }[] = [];
  for (const e of trace.events) {
    if (e.type !== 'state' || e.machine !== 'quorum' || !e.from.startsWith('collecting')) continue;
    if (e.to !== 'succeeded.answered' && e.to !== 'repairing') continue;
    const op = e.owner.split('@')[0] ?? '';
    const read = reads.get(op);
    if (read) out.push({ step: e.step, op, ...read });
  }
  return out;
}

/** Judges the run: the stale-read checker, then each call's repairs against the replicas' final data. */
export function judgeReconcile(
  trace: Trace,
  sim: Simulation,
  calls: readonly Call[],
  setup: ReconcileSetup,
  order: ReadonlyMap<string, number>,
): Violation[] {
  const out: Violation[] = [];
  const stale = check.staleRead(trace);
  const first = stale.violations[0];
  if (first)
    out.push({
      ...first,
      property: NO_STALE_READ,
      message: `${first.sentence ?? first.message} (n=${setup.replicas.length}, w=${setup.w}, r=${setup.r}, so w + r > n)`,
    });
  const steps = readSteps(trace);
  const finals = new Map(setup.replicas.map((x) => [x, sim.inspect(x).data]));
  const place = (key: string, v: Value | undefined): number =>
    v === undefined || v === null ? -1 : (order.get(JSON.stringify([key, v])) ?? -1);
  let caught = false;
  let needless = false;
  calls.forEach((call, i) => {
    const at = steps[i];
    if (at === undefined) return;
    const chosen = versionOf(call.responses, call.value);
    const older = call.responses.filter((r) => r.version < chosen);
    if (!needless) {
      const extra = call.repair.filter((x) => !older.some((r) => r.node === x));
      if (extra.length > 0) {
        needless = true;
        const answers = call.responses.map((r) => `${r.node}: ${show(r.value)} v${r.version}`).join(', ');
        out.push(
          violationAt(
            trace,
            NO_NEEDLESS_REPAIR,
            at.step,
            `read ${at.op} of ${at.key} (coordinated by ${at.node}) got ${answers}, returned ${show(call.value)} and repaired ${extra.join(', ')}, ` +
              `but ${extra.length === 1 ? 'that replica' : 'those replicas'} did not answer with an older version: the write-back costs a write and fixes nothing.`,
          ),
        );
      }
    }
    if (caught) return;
    const want = place(at.key, call.value);
    for (const r of older) {
      const has = finals.get(r.node)?.[at.key];
      if (place(at.key, has) >= want) continue;
      caught = true;
      out.push(
        violationAt(
          trace,
          REPAIRED_CATCH_UP,
          at.step,
          `read ${at.op} of ${at.key} (coordinated by ${at.node}) returned ${show(call.value)} (v${chosen}), and replica ${r.node} answered with the older ${show(r.value)} (v${r.version}), ` +
            `but at the end of the run ${r.node} still holds ${show(has)}: ${call.repair.includes(r.node) ? 'the write-back never arrived' : `the read did not repair it (repair: [${call.repair.join(', ')}])`}. ` +
            `Writes had stopped, so nothing else brings it up to date.`,
        ),
      );
      break;
    }
  });
  return out;
}

export const reconcile: ExerciseGrader = {
  name: 'ch08.reconcile',
  entry: 'reconcile',
  scenario: 'ch08-reconcile',
  properties: [
    { name: NO_STALE_READ, description: 'No read returns a value older than a write acknowledged before it began.' },
    {
      name: REPAIRED_CATCH_UP,
      description: 'Every replica that answered a read with an older version holds the returned value by the end.',
    },
    {
      name: NO_NEEDLESS_REPAIR,
      description: 'A read repairs only the replicas whose answer was older than the value it returned.',
    },
  ],
  suites: { checks: CHECK_SEEDS, submit: SUBMIT_SEEDS },
  validate(result) {
    if (result === null || typeof result !== 'object' || !('value' in result))
      return `reconcile must return an object { value, repair? }; it returned ${result === null ? 'null' : typeof result}`;
    const repair = (result as { repair?: unknown }).repair;
    if (repair !== undefined && !(Array.isArray(repair) && repair.every((x) => typeof x === 'string')))
      return 'repair must be an array of node names, for example ["C"]';
    return undefined;
  },
  run(hook, seed): GraderRun {
    const calls: Call[] = [];
    const { sim, until, setup, order } = reconcileScenario(seed, recording(hook as ReconcileHook, calls));
    sim.runUntil(until);
    const trace = sim.trace();
    return {
      trace,
      violations: judgeReconcile(trace, sim, calls, setup, order),
      size: `${plural(calls.length, 'read')} over n=${setup.replicas.length}, w=${setup.w}, r=${setup.r}`,
    };
  },
};
