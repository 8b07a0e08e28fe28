/**
 * A ready-made run handed to the simulation view: the trace of a graded
 * exercise seed, rebuilt with the learner's code by the runner worker (see
 * src/runner `replay`), plus what the grader found on it.
 *
 * It arrives in a `workbook:open-run` event from another island, so it is
 * untrusted data: `readTraceRun` checks its shape and size and makes a fresh
 * plain copy (the sender cannot change it afterwards), and anything
 * unexpected rejects the whole run with a reason instead of half-showing it.
 * Nothing in it is evaluated; strings are only ever rendered as text.
 */
import type { CheckResult, Trace, TraceEvent, Violation } from '../../../engine/trace/events.ts';
import { isNodeId, isSeed } from './hash.ts';

export const TRACE_LIMITS = {
  /** Events in one trace (the runner's replay cap). */
  events: 200_000,
  nodes: 64,
  violations: 2000,
  related: 64,
  /** Length of any one string in the run. */
  string: 4000,
  title: 200,
  /** Nesting of values (a key's value, a CDC view). */
  depth: 12,
  /** Rough JSON size of the whole run (characters of strings + 8 per other value): a ceiling on memory and time. */
  bytes: 48_000_000,
  time: 1e12,
} as const;

/** The grader failure the learner clicked "Replay this run" on. */
export interface RunFailure {
  readonly property: string;
  readonly message: string;
  readonly seed: number;
  readonly step: number;
}

/** A validated ready-made run. */
export interface TraceRun {
  readonly trace: Trace;
  /** Trace step (event index) to show; the view opens just after it. */
  readonly step: number;
  /** Heading, for example the exercise's title. */
  readonly title: string;
  /** Whose run it is, when not the reader's own (an instructor replaying a learner's submission). */
  readonly whose?: string;
  /** The failure being replayed, shown prominently. */
  readonly failure?: RunFailure;
  /** What the grader found in this run (drawn as violation markers next to the checkers'). */
  readonly violations: readonly Violation[];
  /** Properties the grader judges, so the ones that held show as passed. */
  readonly properties: readonly string[];
  /** A short remark to show with the failure (for example that the run was cut short). */
  readonly note?: string;
}

export type TraceRunResult =
  { readonly ok: true; readonly run: TraceRun } | { readonly ok: false; readonly error: string };

class Invalid extends Error {}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function fail(msg: string): never {
  throw new Invalid(msg);
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Copies JSON data with limits; rejects anything else (functions, cycles, getters' surprises, non-finite numbers). */
class Copier {
  private bytes = 0;
  private charge(n: number, where: string): void {
    this.bytes += n;
    if (this.bytes > TRACE_LIMITS.bytes) fail(`the run is too large (at ${where})`);
  }
  str(x: unknown, where: string, max: number = TRACE_LIMITS.string): string {
    if (typeof x !== 'string') fail(`${where} must be text`);
    if (x.length > max) fail(`${where} is too long`);
    this.charge(x.length + 2, where);
    return x;
  }
  num(x: unknown, where: string): number {
    if (typeof x !== 'number' || !Number.isFinite(x)) fail(`${where} must be a finite number`);
    this.charge(8, where);
    return x;
  }
  int(x: unknown, where: string, min: number, max: number): number {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) fail(`${where} is out of range`);
    this.charge(8, where);
    return x;
  }
  arr(x: unknown, where: string, max: number): readonly unknown[] {
    if (!Array.isArray(x)) fail(`${where} must be a list`);
    if (x.length > max) fail(`${where} has too many entries`);
    this.charge(8, where);
    return x;
  }
  obj(x: unknown, where: string): Record<string, unknown> {
    if (!isPlainObject(x)) fail(`${where} must be a plain object`);
    this.charge(8, where);
    return x;
  }
  /** Any JSON value. */
  value(x: unknown, where: string, depth = 0): unknown {
    if (depth > TRACE_LIMITS.depth) fail(`${where} is nested too deeply`);
    if (x === null || typeof x === 'boolean') {
      this.charge(8, where);
      return x;
    }
    if (typeof x === 'number') return this.num(x, where);
    if (typeof x === 'string') return this.str(x, where);
    if (Array.isArray(x)) return this.arr(x, where, TRACE_LIMITS.events).map((v) => this.value(v, where, depth + 1));
    const o = this.obj(x, where);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) {
      this.str(k, `a key in ${where}`, 200);
      if (FORBIDDEN_KEYS.has(k)) fail(`${where} has a forbidden key`);
      out[k] = this.value(o[k], where, depth + 1);
    }
    return out;
  }
}

type Kind = 's' | 'n' | 'b' | 'v' | 'node' | 'groups' | 'candidates';

/** Fields each event type must have (`?` suffix: optional). Other fields are copied as plain JSON. */
const EVENT_FIELDS: Readonly<Record<TraceEvent['type'], Readonly<Record<string, Kind>>>> = {
  invoke: { op: 's', client: 's', session: 's', kind: 's', key: 's', node: 'node', 'value?': 'v' },
  ack: {
    op: 's',
    client: 's',
    session: 's',
    kind: 's',
    key: 's',
    node: 'node',
    'value?': 'v',
    'lsn?': 'n',
    'epoch?': 'n',
  },
  fail: { op: 's', client: 's', session: 's', kind: 's', key: 's', node: 'node', reason: 's' },
  info: { op: 's', client: 's', session: 's', kind: 's', key: 's', node: 'node', reason: 's' },
  send: { msg: 's', from: 'node', to: 'node', kind: 's', 'summary?': 's', 'detail?': 'v' },
  deliver: { msg: 's', from: 'node', to: 'node', kind: 's' },
  drop: { msg: 's', from: 'node', to: 'node', kind: 's', reason: 's' },
  duplicate: { msg: 's', from: 'node', to: 'node', kind: 's' },
  partition: { groups: 'groups' },
  heal: {},
  link: { from: 'node', to: 'node', factor: 'n' },
  append: { node: 'node', lsn: 'n', epoch: 'n', key: 's', format: 's', entry: 'v' },
  apply: { node: 'node', lsn: 'n', key: 's', value: 'v' },
  commit: { node: 'node', lsn: 'n' },
  'reject-entry': { node: 'node', lsn: 'n', reason: 's' },
  snapshot: { node: 'node', from: 'node', lsn: 'n', 'epoch?': 'n', 'data?': 'v' },
  truncate: { node: 'node', lsn: 'n', from: 'n', to: 'n', epoch: 'n', data: 'v' },
  cdc: { consumer: 's', lsn: 'n', key: 's', before: 'v', after: 'v', redelivery: 'b', 'view?': 'v' },
  queue: { node: 'node', depth: 'n' },
  crash: { node: 'node' },
  restart: { node: 'node', lsn: 'n' },
  clock: { node: 'node', skew: 'n' },
  suspect: { node: 'node', suspect: 'node' },
  role: { node: 'node', role: 's', epoch: 'n' },
  elect: { node: 'node', epoch: 'n', candidates: 'candidates' },
  vote: { node: 'node', from: 'node', epoch: 'n', granted: 'b', lsn: 'n', lastEpoch: 'n' },
  state: { owner: 's', machine: 's', from: 's', to: 's', event: 's' },
  fence: { node: 'node', epoch: 'n', staleEpoch: 'n' },
  repair: { node: 'node', key: 's', value: 'v', via: 's' },
  note: { text: 's' },
  'hook-error': { hook: 's', 'node?': 'node', message: 's', 'name?': 's' },
};

function field(c: Copier, kind: Kind, x: unknown, where: string): unknown {
  switch (kind) {
    case 's':
      return c.str(x, where);
    case 'n':
      return c.num(x, where);
    case 'b':
      if (typeof x !== 'boolean') fail(`${where} must be true or false`);
      return x;
    case 'v':
      return c.value(x, where);
    case 'node':
      if (!isNodeId(x)) fail(`${where} is not a node name`);
      return c.str(x, where);
    case 'groups':
      return c
        .arr(x, where, TRACE_LIMITS.nodes)
        .map((g) => c.arr(g, where, TRACE_LIMITS.nodes).map((n) => field(c, 'node', n, where)));
    case 'candidates':
      return c.arr(x, where, TRACE_LIMITS.nodes).map((e) => {
        const o = c.obj(e, where);
        return {
          node: field(c, 'node', o.node, where),
          lsn: c.num(o.lsn, where),
          ...(o.lastEpoch === undefined ? {} : { lastEpoch: c.num(o.lastEpoch, where) }),
        };
      });
  }
}

function copyEvent(c: Copier, x: unknown, i: number, lastTime: number): TraceEvent {
  const where = `event ${i}`;
  const o = c.obj(x, where);
  const type = o.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(EVENT_FIELDS, type))
    fail(`${where} has an unknown type`);
  if (o.step !== i) fail(`${where} has step ${String(o.step).slice(0, 20)}, expected ${i}`);
  const time = c.num(o.time, `${where} time`);
  if (time < lastTime || time > TRACE_LIMITS.time) fail(`${where} goes back in time or is out of range`);
  const spec = EVENT_FIELDS[type as TraceEvent['type']];
  const out: Record<string, unknown> = { type, step: i, time };
  const known = new Set(['type', 'step', 'time']);
  for (const [key, kind] of Object.entries(spec)) {
    const optional = key.endsWith('?');
    const name = optional ? key.slice(0, -1) : key;
    known.add(name);
    const v = o[name];
    if (v === undefined) {
      if (!optional) fail(`${where} (${type}) has no ${name}`);
      continue;
    }
    out[name] = field(c, kind, v, `${where} ${name}`);
  }
  for (const k of Object.keys(o)) {
    if (known.has(k) || o[k] === undefined) continue;
    c.str(k, `a field name in ${where}`, 100);
    if (FORBIDDEN_KEYS.has(k)) fail(`${where} has a forbidden field`);
    out[k] = c.value(o[k], `${where} ${k}`);
  }
  return out as unknown as TraceEvent;
}

function copyTrace(c: Copier, x: unknown): Trace {
  const o = c.obj(x, 'the trace');
  if (!isSeed(o.seed)) fail('the trace seed is not a 32-bit seed');
  const label = c.str(o.label, 'the trace label', TRACE_LIMITS.title);
  const nodes = c
    .arr(o.nodes, 'the trace nodes', TRACE_LIMITS.nodes)
    .map((n) => field(c, 'node', n, 'a trace node') as string);
  const raw = c.arr(o.events, 'the trace events', TRACE_LIMITS.events);
  if (raw.length === 0) fail('the trace has no events');
  const events: TraceEvent[] = [];
  let last = 0;
  for (let i = 0; i < raw.length; i++) {
    const e = copyEvent(c, raw[i], i, last);
    last = e.time;
    events.push(e);
  }
  const standbys =
    o.standbys === undefined
      ? undefined
      : c
          .arr(o.standbys, 'the trace standbys', TRACE_LIMITS.nodes)
          .map((n) => field(c, 'node', n, 'a standby') as string);
  if (o.shape !== undefined && o.shape !== 'single' && o.shape !== 'multi' && o.shape !== 'leaderless')
    fail('the trace shape is not single, multi or leaderless');
  const shape = o.shape as Trace['shape'];
  return {
    seed: o.seed,
    label,
    nodes,
    ...(standbys ? { standbys } : {}),
    ...(shape !== undefined ? { shape } : {}),
    events,
  };
}

function copyViolation(c: Copier, x: unknown, events: number): Violation {
  const o = c.obj(x, 'a violation');
  const property = c.str(o.property, 'a violation property', 100);
  const step = c.int(o.step, 'a violation step', 0, events - 1);
  const seed = o.seed;
  if (!isSeed(seed)) fail('a violation seed is not a 32-bit seed');
  const message = c.str(o.message, 'a violation message');
  const out: { -readonly [K in keyof Violation]: Violation[K] } = { property, step, seed, message };
  if (o.op !== undefined) out.op = c.str(o.op, 'a violation op', 100);
  if (o.sentence !== undefined) out.sentence = c.str(o.sentence, 'a violation sentence');
  if (o.related !== undefined)
    out.related = c
      .arr(o.related, 'related steps', TRACE_LIMITS.related)
      .map((s) => c.int(s, 'a related step', 0, events - 1));
  return out;
}

/**
 * Validates and copies the detail of a `workbook:open-run` event that carries
 * a ready trace: `{ trace, step?, title?, whose?, failure?, violations?, properties?, note? }`.
 */
export function readTraceRun(detail: unknown): TraceRunResult {
  try {
    const c = new Copier();
    const d = c.obj(detail, 'the request');
    const trace = copyTrace(c, d.trace);
    const n = trace.events.length;
    const step = d.step === undefined ? 0 : c.int(d.step, 'the step', 0, n - 1);
    const title = d.title === undefined ? trace.label : c.str(d.title, 'the title', TRACE_LIMITS.title);
    const violations =
      d.violations === undefined
        ? []
        : c.arr(d.violations, 'the violations', TRACE_LIMITS.violations).map((v) => copyViolation(c, v, n));
    const properties =
      d.properties === undefined
        ? []
        : c.arr(d.properties, 'the properties', 100).map((p) => c.str(p, 'a property name', 100));
    let failure: RunFailure | undefined;
    if (d.failure !== undefined) {
      const f = c.obj(d.failure, 'the failure');
      const seed = f.seed;
      if (!isSeed(seed)) fail('the failure seed is not a 32-bit seed');
      failure = {
        property: c.str(f.property, 'the failure property', 100),
        message: c.str(f.message, 'the failure message'),
        seed,
        step: c.int(f.step, 'the failure step', 0, n - 1),
      };
    }
    const note = d.note === undefined ? undefined : c.str(d.note, 'the note', 500);
    const whose = d.whose === undefined ? undefined : c.str(d.whose, 'whose run it is', TRACE_LIMITS.title);
    return {
      ok: true,
      run: {
        trace,
        step,
        title,
        violations,
        properties,
        ...(failure ? { failure } : {}),
        ...(note !== undefined ? { note } : {}),
        ...(whose !== undefined ? { whose } : {}),
      },
    };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: e.message };
    // A getter that throws, a proxy, a stack overflow: still just "invalid".
    return { ok: false, error: 'the run could not be read' };
  }
}

/**
 * The checks the view lists for an exercise run: the grader's properties
 * first (its judgement is the one that failed the exercise; a checker of the
 * same name is replaced by it), then the generic checkers' results.
 */
export function exerciseChecks(
  checkers: readonly CheckResult[],
  violations: readonly Violation[],
  properties: readonly string[],
): CheckResult[] {
  const names = [...properties];
  for (const v of violations) if (!names.includes(v.property)) names.push(v.property);
  const judged = new Set(names);
  const grader: CheckResult[] = names.map((property) => {
    const vs = violations.filter((v) => v.property === property);
    return { property, valid: vs.length === 0, violations: vs };
  });
  return [...grader, ...checkers.filter((c) => !judged.has(c.property))];
}
