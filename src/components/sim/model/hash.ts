/**
 * Replay links: a run's config + seed in the URL's hash fragment, for example
 *
 *   #sim=ch02-follower-catch-up&seed=42&step=17&faults=crash:f1@120;restart:f1@300
 *
 * Fault grammar (`;` between faults, all numbers plain decimals):
 *   crash:<node>@<t>   restart:<node>@<t>   heal@<t>   crash-consumer:<consumer>@<t>
 *   partition:<a>,<b>/<c>@<t>     slow:<from>~<to>*<factor>@<t>     skew:<node>=<ms>@<t>
 *
 * The hash is untrusted input: it is only ever parsed as data, every field is
 * checked against a strict pattern and range, and anything unexpected makes
 * the whole link invalid (with a reason) rather than half-applied. Nothing in
 * it is evaluated, and opening a link never starts playback.
 */
import { familyOf, type Fault, type FaultKind } from './faults.ts';

export interface RunConfig {
  readonly scenario: string;
  readonly seed: number;
  /** Cursor to open at (events applied). */
  readonly step: number;
  readonly faults: readonly Fault[];
}

export type HashResult =
  { readonly ok: true; readonly run: RunConfig } | { readonly ok: false; readonly error: string };

export const LIMITS = {
  hashLength: 2048,
  faults: 40,
  step: 10_000_000,
  time: 1_000_000_000,
  skew: 1_000_000,
  factor: 1000,
} as const;

const SCENARIO_RE = /^[a-z0-9][a-z0-9-]{0,79}$/;
const NODE_RE = /^[A-Za-z0-9_.-]{1,40}$/;
const UINT_RE = /^(0|[1-9][0-9]{0,9})$/;
const NUM_RE = /^-?(0|[1-9][0-9]{0,9})(\.[0-9]{1,3})?$/;

export function isScenarioName(x: unknown): x is string {
  return typeof x === 'string' && SCENARIO_RE.test(x);
}

export function isNodeId(x: unknown): x is string {
  return typeof x === 'string' && NODE_RE.test(x);
}

/** A 32-bit unsigned seed. */
export function isSeed(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 0xffffffff;
}

function num(s: string, min: number, max: number): number | null {
  if (!NUM_RE.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) && n >= min && n <= max ? n : null;
}

function fmt(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

export function serialiseFault(f: Fault): string {
  const at = `@${fmt(f.at)}`;
  switch (f.kind) {
    case 'crash':
    case 'restart':
      return `${f.kind}:${f.node}${at}`;
    case 'heal':
      return `heal${at}`;
    case 'partition':
      return `partition:${f.groups.map((g) => g.join(',')).join('/')}${at}`;
    case 'slow':
      return `slow:${f.from}~${f.to}*${fmt(f.factor)}${at}`;
    case 'skew':
      return `skew:${f.node}=${fmt(f.ms)}${at}`;
    case 'crash-consumer':
      return `crash-consumer:${f.consumer}${at}`;
  }
}

/** Parses one fault; `null` when it does not match the grammar or the limits. */
export function parseFault(s: string): Fault | null {
  const atIdx = s.lastIndexOf('@');
  if (atIdx < 0) return null;
  const at = num(s.slice(atIdx + 1), 0, LIMITS.time);
  if (at === null) return null;
  const head = s.slice(0, atIdx);
  if (head === 'heal') return { kind: 'heal', at };
  const colon = head.indexOf(':');
  if (colon < 0) return null;
  const kind = head.slice(0, colon);
  const arg = head.slice(colon + 1);
  switch (kind) {
    case 'crash':
    case 'restart':
      return isNodeId(arg) ? { kind, at, node: arg } : null;
    case 'crash-consumer':
      return isNodeId(arg) ? { kind, at, consumer: arg } : null;
    case 'partition': {
      const groups = arg.split('/').map((g) => g.split(','));
      if (groups.length < 2 || groups.length > 16) return null;
      const seen = new Set<string>();
      for (const g of groups) {
        if (g.length === 0 || g.length > 64) return null;
        for (const n of g) {
          if (!isNodeId(n) || seen.has(n)) return null;
          seen.add(n);
        }
      }
      return { kind, at, groups };
    }
    case 'slow': {
      const m = /^([^~*]+)~([^~*]+)\*([^~*]+)$/.exec(arg);
      if (!m) return null;
      const [, from = '', to = '', f = ''] = m;
      const factor = num(f, 1, LIMITS.factor);
      if (!isNodeId(from) || !isNodeId(to) || from === to || factor === null) return null;
      return { kind, at, from, to, factor };
    }
    case 'skew': {
      const eq = arg.indexOf('=');
      if (eq < 0) return null;
      const node = arg.slice(0, eq);
      const ms = num(arg.slice(eq + 1), -LIMITS.skew, LIMITS.skew);
      if (!isNodeId(node) || ms === null) return null;
      return { kind, at, node, ms };
    }
    default:
      return null;
  }
}

/** The hash fragment (with the leading `#`) that reopens a run. */
export function serialiseRun(run: RunConfig): string {
  let h = `#sim=${run.scenario}&seed=${run.seed}`;
  if (run.step > 0) h += `&step=${run.step}`;
  if (run.faults.length > 0) h += `&faults=${run.faults.map(serialiseFault).join(';')}`;
  return h;
}

/**
 * Reads a run from a hash fragment. Returns `null` when the hash carries no
 * run at all (it belongs to something else, such as a heading anchor).
 * `allowedFaults`, when given, rejects faults the simulation does not offer.
 */
export function parseRunHash(hash: unknown, allowedFaults?: readonly FaultKind[]): HashResult | null {
  if (typeof hash !== 'string') return null;
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!raw.startsWith('sim=')) return null;
  if (raw.length > LIMITS.hashLength) return { ok: false, error: 'the link is too long' };
  const fields = new Map<string, string>();
  for (const part of raw.split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return { ok: false, error: 'the link is malformed' };
    const key = part.slice(0, eq);
    if (fields.has(key)) return { ok: false, error: `the link repeats "${key}"` };
    let value: string;
    try {
      value = decodeURIComponent(part.slice(eq + 1));
    } catch {
      return { ok: false, error: 'the link is malformed' };
    }
    fields.set(key, value);
  }
  for (const key of fields.keys()) {
    if (key !== 'sim' && key !== 'seed' && key !== 'step' && key !== 'faults')
      return { ok: false, error: `the link has an unknown field "${key.slice(0, 20)}"` };
  }
  const scenario = fields.get('sim') ?? '';
  if (!isScenarioName(scenario)) return { ok: false, error: 'the scenario name is not valid' };
  const seedText = fields.get('seed');
  if (seedText === undefined || !UINT_RE.test(seedText) || !isSeed(Number(seedText)))
    return { ok: false, error: 'the seed must be a whole number from 0 to 4294967295' };
  const stepText = fields.get('step') ?? '0';
  if (!UINT_RE.test(stepText) || Number(stepText) > LIMITS.step)
    return { ok: false, error: 'the step must be a whole number' };
  const faults: Fault[] = [];
  const faultText = fields.get('faults');
  if (faultText !== undefined && faultText !== '') {
    const parts = faultText.split(';');
    if (parts.length > LIMITS.faults) return { ok: false, error: `the link has more than ${LIMITS.faults} faults` };
    for (const p of parts) {
      const f = parseFault(p);
      if (!f) return { ok: false, error: `fault "${p.slice(0, 40)}" is not valid` };
      if (allowedFaults && !allowedFaults.includes(familyOf(f)))
        return { ok: false, error: `this simulation does not offer ${familyOf(f)} faults` };
      faults.push(f);
    }
  }
  return { ok: true, run: { scenario, seed: Number(seedText), step: Number(stepText), faults } };
}
