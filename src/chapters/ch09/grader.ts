/**
 * Chapter 9 — choosing a shape. The learner exports a configuration object,
 * `config` (a `ShapeConfig`: the shape, and its commit mode, read routing and
 * failover timeout, its conflict handling, or its n, w and r), for one
 * product brief. Each seed runs that configuration under the brief's fault
 * schedule, drawn for the seed (when the link slows, when which node crashes
 * and returns, when a region is cut off and for how long), and measures the
 * brief's service levels from the trace: p99 write latency, the stale-read
 * rate, acknowledged writes lost (RPO), the longest stretch without a
 * writable leader (RTO), the share of operations that succeeded, and the
 * reads that came back with conflicting siblings. A missed level fails,
 * naming the seed and the step (and virtual time) where it shows.
 *
 * Three briefs, three graders: each brief's right answer misses another
 * brief's levels (test/unit/graders/ch09-brief.test.ts proves it), so no one
 * configuration passes them all.
 */
import type { Trace, Violation } from '../../engine/index.ts';
import {
  BRIEFS,
  describeConfig,
  misses,
  runBrief,
  type Brief,
  type BriefId,
  type ServiceLevels,
  type ShapeConfig,
} from './briefs.ts';
import type { ExerciseGrader, GraderRun, PropertyInfo } from '../grader-types.ts';
import { CHECK_SEEDS, SUBMIT_SEEDS, violationAt } from '../grader-support.ts';

/** Property name of each service level. */
export const LEVEL_PROPERTY: Readonly<Record<keyof ServiceLevels, string>> = {
  writeP99: 'write-latency',
  staleness: 'staleness',
  rpoWrites: 'rpo',
  rtoMs: 'rto',
  availability: 'availability',
  conflicts: 'conflicts',
};

function levelText(level: keyof ServiceLevels, v: number): string {
  switch (level) {
    case 'writeP99':
      return `${v.toFixed(1)} ms`;
    case 'staleness':
    case 'availability':
      return `${(v * 100).toFixed(1)}%`;
    case 'rpoWrites':
      return `${v} acknowledged ${v === 1 ? 'write' : 'writes'} lost`;
    case 'rtoMs':
      return `${v.toFixed(0)} ms`;
    case 'conflicts':
      return `${v} ${v === 1 ? 'read' : 'reads'} with siblings`;
  }
}

const LEVEL_WORDS: Readonly<Record<keyof ServiceLevels, (target: number) => string>> = {
  writeP99: (t) => `p99 write latency at most ${t} ms`,
  staleness: (t) => (t === 0 ? 'no stale reads' : `at most ${(t * 100).toFixed(0)}% stale reads`),
  rpoWrites: (t) => (t === 0 ? 'no acknowledged write lost (RPO 0)' : `at most ${t} acknowledged writes lost`),
  rtoMs: (t) => `writes possible again within ${t} ms of a failure (RTO)`,
  availability: (t) => `at least ${(t * 100).toFixed(0)}% of operations succeed`,
  conflicts: (t) => (t === 0 ? 'no read ever returns conflicting versions' : `at most ${t} reads with siblings`),
};

const ALLOWED: Readonly<Record<ShapeConfig['shape'], readonly string[]>> = {
  'single-leader': ['shape', 'commit', 'reads', 'failoverTimeout'],
  'multi-leader': ['shape', 'conflicts'],
  leaderless: ['shape', 'n', 'w', 'r'],
};

const oneOf = (v: unknown, options: readonly string[]): boolean => typeof v === 'string' && options.includes(v);
const list = (options: readonly string[]): string => options.map((o) => `'${o}'`).join(', ');
const isInt = (v: unknown, min: number, max: number): boolean =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Why `value` is not a `ShapeConfig`, or undefined when it is one. */
export function configProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object.';
  const c = value as Record<string, unknown>;
  const shapes = Object.keys(ALLOWED);
  if (!oneOf(c.shape, shapes)) return `needs \`shape\`: one of ${list(shapes)} (it is ${JSON.stringify(c.shape)}).`;
  const shape = c.shape as ShapeConfig['shape'];
  const extra = Object.keys(c).filter((k) => !ALLOWED[shape].includes(k));
  if (extra.length > 0)
    return `has ${extra.map((k) => `\`${k}\``).join(', ')}, which ${extra.length === 1 ? 'is not a setting' : 'are not settings'} of a ${shape} shape (its settings: ${ALLOWED[shape].join(', ')}).`;
  if (shape === 'single-leader') {
    if (!oneOf(c.commit, ['async', 'semi-sync', 'sync']))
      return `needs \`commit\`: 'async', 'semi-sync' or 'sync' (it is ${JSON.stringify(c.commit)}).`;
    if (!oneOf(c.reads, ['leader', 'followers']))
      return `needs \`reads\`: 'leader' or 'followers' (it is ${JSON.stringify(c.reads)}).`;
    if (!isInt(c.failoverTimeout, 50, 10_000))
      return `needs \`failoverTimeout\`: a whole number of ms from 50 to 10000 (it is ${JSON.stringify(c.failoverTimeout)}).`;
    return undefined;
  }
  if (shape === 'multi-leader') {
    if (!oneOf(c.conflicts, ['lww', 'version-vector']))
      return `needs \`conflicts\`: 'lww' or 'version-vector' (it is ${JSON.stringify(c.conflicts)}).`;
    return undefined;
  }
  if (c.n !== 3 && c.n !== 5) return `needs \`n\`: 3 or 5 replicas (it is ${JSON.stringify(c.n)}).`;
  const n = c.n;
  if (!isInt(c.w, 1, n)) return `needs \`w\`: a whole number from 1 to n = ${n} (it is ${JSON.stringify(c.w)}).`;
  if (!isInt(c.r, 1, n)) return `needs \`r\`: a whole number from 1 to n = ${n} (it is ${JSON.stringify(c.r)}).`;
  return undefined;
}

/** The properties of a brief's grader: its service levels, in the brief's order. */
export function briefProperties(brief: Brief): PropertyInfo[] {
  return (Object.entries(brief.levels) as [keyof ServiceLevels, number][]).map(([level, target]) => ({
    name: LEVEL_PROPERTY[level],
    description: `${LEVEL_WORDS[level](target)}, under the brief's fault schedule.`,
  }));
}

/** Grades `config` under `brief` for one seed. */
export function judgeBrief(config: ShapeConfig, brief: Brief, seed: number): GraderRun {
  const { trace, measured } = runBrief(config, brief, seed);
  const violations: Violation[] = misses(brief, measured).map((m) =>
    violationAt(
      trace,
      LEVEL_PROPERTY[m.level],
      m.step,
      `${describeConfig(config)} measured ${levelText(m.level, m.measured)}; the brief asks for ${LEVEL_WORDS[m.level](m.target)} ` +
        `(it shows at ${m.time.toFixed(0)} ms of virtual time).`,
    ),
  );
  return { trace: trace as Trace, violations };
}

const SCENARIO: Readonly<Record<BriefId, string>> = {
  'box-office': 'ch09-global-single-leader',
  'festival-app': 'ch09-global-multi-leader',
  'scanner-network': 'ch09-global-leaderless',
};

function briefGrader(name: string, id: BriefId): ExerciseGrader {
  const brief = BRIEFS[id];
  return {
    name,
    entry: 'config',
    entryKind: 'value',
    scenario: SCENARIO[id],
    properties: briefProperties(brief),
    suites: { checks: CHECK_SEEDS, submit: SUBMIT_SEEDS },
    validate: (result) => configProblem(result),
    runawayCause: 'the configuration kept the nodes retrying without end',
    run(hook, seed) {
      const config = (hook as () => ShapeConfig)();
      return judgeBrief(config, brief, seed);
    },
  };
}

export const briefBoxOffice = briefGrader('ch09.briefBoxOffice', 'box-office');
export const briefFestivalApp = briefGrader('ch09.briefFestivalApp', 'festival-app');
export const briefScannerNetwork = briefGrader('ch09.briefScannerNetwork', 'scanner-network');

/** The three brief graders, for the registry. */
export const briefGraders: readonly ExerciseGrader[] = [briefBoxOffice, briefFestivalApp, briefScannerNetwork];
