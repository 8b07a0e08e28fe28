/**
 * Chapter 3 — a change-data-capture consumer `onChange(view, change)` that
 * keeps Priya's seat-availability counts (`{ free, held, sold }`: how many
 * seats are in each status) from the leader's logical change stream. The
 * consumer crashes now and then and resumes from its last committed offset,
 * so some changes arrive twice (at-least-once delivery). The grader judges:
 *
 * - `view-equals-projection`: after every change the consumer handles, the
 *   view equals the counts computed from the leader's data up to the newest
 *   change delivered so far (and so at the end of the run);
 * - `no-double-count`: a redelivered change never alters the view.
 *
 * Keys of the view that start with `_` are the learner's own bookkeeping and
 * are ignored; a missing count means 0.
 *
 * A consumer crash is a process crash: the view (durable in its sink) and the
 * committed offset survive, memory does not. The change does not say whether
 * it is a redelivery, and after each crash the learner's function comes from
 * a fresh evaluation of their module (where the environment can reload it),
 * so a last-LSN kept in a module variable is lost as it would be in production.
 */
import { Rng, createSimulation } from '../../engine/index.ts';
import type {
  CdcEvent,
  DerivedView,
  OnChangeHook,
  Simulation,
  SimulationConfig,
  Trace,
  Value,
  Violation,
} from '../../engine/index.ts';
import type { ExerciseGrader, GraderRun } from '../grader-types.ts';
import {
  CHECK_SEEDS,
  SUBMIT_SEEDS,
  historyPrefix,
  seatHistory,
  seatKeys,
  show,
  violationAt,
  writesSize,
} from '../grader-support.ts';

export const VIEW_EQUALS_PROJECTION = 'view-equals-projection';
export const NO_DOUBLE_COUNT = 'no-double-count';

export const CONSUMER = 'seat-counts';
const WRITE_SPAN_MS = 400;
const SETTLE_MS = 500;

/** The status a seat value stands for: `'held:ord-1042'` -> `'held'`. */
export function seatStatus(value: Value): string | null {
  return typeof value === 'string' ? (value.split(':')[0] ?? null) : null;
}

/** The projection the view must equal: number of seats per status. */
export function projectCounts(data: Readonly<Record<string, Value>>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of Object.values(data)) {
    const s = seatStatus(v);
    if (s !== null) counts[s] = (counts[s] ?? 0) + 1;
  }
  return counts;
}

/** The learner's view without bookkeeping keys and zero counts, for comparing. */
function visible(view: Value | undefined): Record<string, Value> {
  const out: Record<string, Value> = {};
  if (view === null || typeof view !== 'object' || Array.isArray(view)) return out;
  for (const [k, v] of Object.entries(view as Record<string, Value>)) {
    if (k.startsWith('_') || v === 0) continue;
    out[k] = v;
  }
  return out;
}

/** The first key on which two views differ, or undefined when they agree. */
function firstDifference(a: Record<string, Value>, b: Record<string, Value>): string | undefined {
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (JSON.stringify(a[k] ?? 0) !== JSON.stringify(b[k] ?? 0)) return k;
  }
  return undefined;
}

function describeChange(e: CdcEvent): string {
  const what =
    e.after === null
      ? 'deleted'
      : e.before === null
        ? `inserted as ${show(e.after)}`
        : `${show(e.before)} -> ${show(e.after)}`;
  return `LSN ${e.lsn} (${e.key} ${what})`;
}

/**
 * The learner's function as one consumer process runs it. The engine hands a
 * restarted consumer its view reloaded from the sink as a new object; from
 * then on the learner's code runs from a fresh copy of its module (`fresh`),
 * so nothing it kept in memory survives the crash.
 */
export function consumerProcess(hook: OnChangeHook, fresh?: () => OnChangeHook): OnChangeHook {
  let current = hook;
  let lastView: DerivedView | undefined;
  return (view, change) => {
    if (fresh && lastView !== undefined && view !== lastView) current = fresh();
    lastView = view;
    current(view, change);
  };
}

/**
 * Builds the run for one seed; `until` is when to stop. `scale` below 1 keeps
 * only the first part of the writes (see `historyPrefix`), and so the crashes
 * that come with them.
 */
export function cdcScenario(
  seed: number,
  onChange?: OnChangeHook,
  scale = 1,
): { sim: Simulation; until: number; config: SimulationConfig; size: string } {
  const rng = new Rng(seed).fork('ch03-cdc-consumer');
  const config: SimulationConfig = {
    seed,
    label: 'ch03-cdc-consumer',
    topology: { leader: 'leader', followers: ['f1'] },
    replication: { format: 'logical' },
    cdc: [
      {
        name: CONSUMER,
        commitEvery: rng.int(3, 6),
        crashRate: 0.04 + rng.next() * 0.05,
        latency: { kind: 'uniform', min: 1, max: 4 },
      },
    ],
    ...(onChange ? { hooks: { onChange } } : {}),
  };
  const sim = createSimulation(config);
  const seats = seatKeys(rng.int(6, 10));
  const fullHistory = seatHistory(rng, seats, rng.int(40, 70), WRITE_SPAN_MS, 0.25);
  const history = historyPrefix(fullHistory, scale);
  for (const c of history) {
    sim.at(c.at, (s) => {
      if (c.value === null) s.delete(c.key, { client: 'box-office' });
      else s.write(c.key, c.value, { client: 'box-office' });
    });
  }
  return { sim, until: WRITE_SPAN_MS + SETTLE_MS, config, size: writesSize(history.length, fullHistory.length) };
}

/** Judges the consumer's view after every delivery and at the end. */
export function judgeCdc(trace: Trace, sim: Simulation, leaderNode = 'leader'): Violation[] {
  // The leader's changes by LSN, to project its data up to any point.
  const changes: { lsn: number; key: string; value: Value }[] = [];
  for (const e of trace.events)
    if (e.type === 'apply' && e.node === leaderNode) changes.push({ lsn: e.lsn, key: e.key, value: e.value });
  changes.sort((a, b) => a.lsn - b.lsn);
  const data: Record<string, Value> = {};
  let upTo = 0;
  let next = 0;
  const advance = (lsn: number) => {
    while (next < changes.length && (changes[next]?.lsn ?? Infinity) <= lsn) {
      const c = changes[next] as { lsn: number; key: string; value: Value };
      if (c.value === null) delete data[c.key];
      else data[c.key] = c.value;
      next++;
    }
    upTo = Math.max(upTo, lsn);
  };

  const out: Violation[] = [];
  let projectionBroken = false;
  let doubleCounted = false;
  let previous: Record<string, Value> = {};
  for (const e of trace.events) {
    if (e.type !== 'cdc' || e.consumer !== CONSUMER) continue;
    const view = visible(e.view);
    if (e.redelivery && !doubleCounted) {
      const k = firstDifference(previous, view);
      if (k !== undefined) {
        doubleCounted = true;
        out.push(
          violationAt(
            trace,
            NO_DOUBLE_COUNT,
            e.step,
            `the redelivered change ${describeChange(e)} altered the view: ${k} went from ${show(previous[k] ?? 0)} to ${show(view[k] ?? 0)}. ` +
              `The consumer had already handled this change before it restarted, so handling it again must leave the view as it is.`,
          ),
        );
      }
    }
    advance(Math.max(upTo, e.lsn));
    if (!projectionBroken) {
      const expected = projectCounts(data);
      const k = firstDifference(expected, view);
      if (k !== undefined) {
        projectionBroken = true;
        out.push(
          violationAt(
            trace,
            VIEW_EQUALS_PROJECTION,
            e.step,
            `after the change ${describeChange(e)}${e.redelivery ? ' (a redelivery)' : ''} the view says ${k} = ${show(view[k] ?? 0)}, ` +
              `but the leader's data up to LSN ${upTo} has ${show(expected[k] ?? 0)} seat${(expected[k] ?? 0) === 1 ? '' : 's'} ${k}. ` +
              `Expected ${JSON.stringify(expected)}, the view holds ${JSON.stringify(view)}.`,
          ),
        );
      }
    }
    previous = view;
  }
  if (!projectionBroken) {
    const expected = projectCounts(sim.inspect(leaderNode).data);
    const finalView = visible(sim.view(CONSUMER));
    const k = firstDifference(expected, finalView);
    if (k !== undefined) {
      out.push(
        violationAt(
          trace,
          VIEW_EQUALS_PROJECTION,
          trace.events.at(-1)?.step ?? 0,
          `at the end of the run the view says ${k} = ${show(finalView[k] ?? 0)}, but the leader's data has ${show(expected[k] ?? 0)}. ` +
            `Expected ${JSON.stringify(expected)}, the view holds ${JSON.stringify(finalView)}.`,
        ),
      );
    }
  }
  return out;
}

export const cdcConsumer: ExerciseGrader = {
  name: 'ch03.cdcConsumer',
  entry: 'onChange',
  scenario: 'ch03-cdc-consumer',
  properties: [
    {
      name: VIEW_EQUALS_PROJECTION,
      description: 'After every change handled, the counts equal the leader’s seats per status up to that change.',
    },
    { name: NO_DOUBLE_COUNT, description: 'A redelivered change never alters the view.' },
  ],
  suites: { checks: CHECK_SEEDS, submit: SUBMIT_SEEDS },
  shrinks: true,
  run(hook, seed, fresh, scale = 1): GraderRun {
    const restart = fresh ? () => fresh() as OnChangeHook : undefined;
    const { sim, until, size } = cdcScenario(seed, consumerProcess(hook as OnChangeHook, restart), scale);
    sim.runUntil(until);
    const trace = sim.trace();
    return { trace, violations: judgeCdc(trace, sim), size };
  },
};
