/**
 * The typed, versioned message protocol between the page and the runner
 * worker. Everything crossing the boundary is plain JSON-compatible data
 * (structured clone would allow more, but JSON keeps the contract testable and
 * lets the same messages travel over other transports later).
 *
 * Flow of one run:
 *   worker -> page  { type: 'ready' }                       (module loaded, sucrase warmed)
 *   page -> worker  { type: 'run', id, nonce, cells }      (or 'grade', or 'replay'), with a MessagePort
 *   worker -> page  { type: 'cell', id, cell }*             (a cell starts: names the cell a timeout stopped)
 *   worker -> page  { type: 'console', id, cell, line }*    (streamed, target cells only)
 *   worker -> page  { type: 'progress', id, done, total }*  (grading only; re-arms the watchdog)
 *   worker -> page  { type: 'result', id, ... }            (exactly one — 'grade-result' / 'replay-result'
 *                                                           for those requests; then the worker is discarded)
 *
 * A page never reuses a worker after a result: every run gets a fresh realm.
 *
 * Only 'ready' travels on the worker's own postMessage. Every reply to a
 * request goes through the MessagePort sent with it and carries the request's
 * random `nonce`; the page drops anything else. Learner code runs in an SES
 * Compartment (sandbox.ts) that holds neither the port nor the nonce, so it
 * cannot forge a result, a grade or a progress message.
 */
import type { Trace, Violation } from '../engine/trace/events.ts';

/** Bump when a message shape changes incompatibly. Both sides check it. */
export const PROTOCOL_VERSION = 1;

// ------------------------------------------------------------------ values

/** A JSON-safe description of any JavaScript value, rendered by the output UI. */
export type Inspected =
  | { readonly t: 'undefined' }
  | { readonly t: 'null' }
  | { readonly t: 'boolean'; readonly v: boolean }
  | { readonly t: 'number'; readonly v: string }
  | { readonly t: 'bigint'; readonly v: string }
  | { readonly t: 'string'; readonly v: string; readonly truncated?: number }
  | { readonly t: 'symbol'; readonly v: string }
  | { readonly t: 'function'; readonly name: string }
  | { readonly t: 'error'; readonly name: string; readonly message: string }
  | { readonly t: 'date'; readonly v: string }
  | { readonly t: 'circular' }
  /** Depth limit reached: only a short summary such as `Object {…}` or `Array(12)`. */
  | { readonly t: 'elided'; readonly summary: string }
  | { readonly t: 'array'; readonly length: number; readonly items: readonly Inspected[]; readonly more: number }
  | {
      readonly t: 'object';
      /** Constructor name when not a plain object, e.g. `Map`, `Set`, `Simulation`. */
      readonly ctor: string | null;
      readonly entries: readonly (readonly [string, Inspected])[];
      readonly more: number;
    }
  | {
      readonly t: 'map';
      readonly size: number;
      readonly entries: readonly (readonly [Inspected, Inspected])[];
      readonly more: number;
    }
  | { readonly t: 'set'; readonly size: number; readonly items: readonly Inspected[]; readonly more: number };

/** One line written with console.log / info / warn / error / debug. */
export interface ConsoleLine {
  readonly level: 'log' | 'info' | 'warn' | 'error' | 'debug';
  /** The arguments formatted like Node's `util.format` (strings raw, other values inspected compactly). */
  readonly text: string;
}

/** Where an error came from, for the message the learner sees. */
export type RunErrorKind =
  /** The code could not be parsed (line points at the learner's TypeScript). */
  | 'syntax'
  /** The code threw while running. */
  | 'runtime'
  /** The watchdog stopped the worker (endless loop or far too much work). */
  | 'timeout'
  /** The simulation hit the engine's event cap. */
  | 'limit'
  /** `import` of something other than the engine. */
  | 'import'
  /** The learner pressed Stop. */
  | 'stopped'
  /** The runner itself failed (worker could not start, protocol mismatch). */
  | 'internal';

export interface RunError {
  readonly kind: RunErrorKind;
  /** e.g. `TypeError`, `SyntaxError`, `EventLimitError`. */
  readonly name: string;
  readonly message: string;
  /** 1-based line in the learner's TypeScript of the cell named by `cell`, when known. */
  readonly line?: number;
  /** 1-based column, when known and reliable. */
  readonly column?: number;
  /** The cell the error happened in (may be an earlier cell of the notebook). */
  readonly cell?: string;
}

// ------------------------------------------------------------------ requests

/** One cell of a notebook run, in notebook order. */
export interface CellSource {
  /** Stable id (the author's `id="..."`), used for error locations and outputs. */
  readonly id: string;
  /** TypeScript source as the learner sees it. */
  readonly code: string;
  /**
   * Whether the page wants this cell's output (console, value, trace).
   * Earlier cells run "silently" only to define what later cells use.
   */
  readonly report: boolean;
}

export interface RunRequest {
  readonly v: typeof PROTOCOL_VERSION;
  readonly type: 'run';
  readonly id: number;
  readonly cells: readonly CellSource[];
  /** Maximum console lines per cell before the rest are counted but dropped. */
  readonly maxConsoleLines?: number;
  /** Maximum trace events returned per cell (the trace is truncated beyond it, with a flag). */
  readonly maxTraceEvents?: number;
}

/**
 * Grade a learner's solution for an exercise over several seeds. The worker
 * looks the exercise's grader up in its registry, runs `code` once per seed and
 * streams `progress`. Built for the exercise island; the handler is a stub until
 * graders are registered (see worker.ts).
 */
export interface GradeRequest {
  readonly v: typeof PROTOCOL_VERSION;
  readonly type: 'grade';
  readonly id: number;
  readonly exerciseId: string;
  readonly code: string;
  readonly seeds: readonly number[];
}

/**
 * Rebuild one graded run: compile the learner's code exactly as `grade` does,
 * run the exercise's scenario for `seed` with their function plugged in, and
 * send back that run's trace and what the grader found on it. Used by
 * "Replay this run" on a failed exercise, so the simulation view shows the
 * run that failed (with the learner's code), not the scenario's default.
 */
export interface ReplayRequest {
  readonly v: typeof PROTOCOL_VERSION;
  readonly type: 'replay';
  readonly id: number;
  /** Grader name, as in `GradeRequest.exerciseId`. */
  readonly exerciseId: string;
  readonly code: string;
  /** The seed to rebuild (0..4294967295). */
  readonly seed: number;
  /** Maximum trace events returned (default 200,000); the trace is cut beyond it, with a flag. */
  readonly maxTraceEvents?: number;
  /**
   * Share of the graded run's operations to rebuild (0 < scale <= 1, default 1):
   * a failure's shrunk run (`GradeFailure.smaller.scale`) replays with it.
   */
  readonly scale?: number;
}

export type PageToWorker = RunRequest | GradeRequest | ReplayRequest;

// ------------------------------------------------------------------ responses

export interface ReadyMessage {
  readonly v: typeof PROTOCOL_VERSION;
  readonly type: 'ready';
}

/** A cell is about to run (sent before each cell of a `run`, reported or not). */
export interface CellStartMessage {
  readonly v: typeof PROTOCOL_VERSION;
  readonly type: 'cell';
  readonly id: number;
  readonly cell: string;
}

export interface ConsoleMessage {
  readonly v: typeof PROTOCOL_VERSION;
  readonly type: 'console';
  readonly id: number;
  readonly cell: string;
  readonly line: ConsoleLine;
}

export interface ProgressMessage {
  readonly v: typeof PROTOCOL_VERSION;
  readonly type: 'progress';
  readonly id: number;
  readonly done: number;
  readonly total: number;
  /** Short note, e.g. `seed 42: passed`. */
  readonly note?: string;
}

/** What one reported cell produced. */
export interface CellOutput {
  readonly cell: string;
  readonly console: readonly ConsoleLine[];
  /** Console lines dropped over the cap. */
  readonly droppedConsole: number;
  /** The cell's value: its `export default`, else the completion value of its last statement. Absent when undefined. */
  readonly value?: Inspected;
  /** A simulation trace found in the value (the value itself or its `.trace`), if any. */
  readonly trace?: Trace;
  /** True when `trace.events` was cut to `maxTraceEvents`. */
  readonly traceTruncated?: boolean;
  readonly error?: RunError;
  /** Wall time of this cell in the worker, ms. */
  readonly ms: number;
}

export interface RunResultMessage {
  readonly v: typeof PROTOCOL_VERSION;
  readonly type: 'result';
  readonly id: number;
  /** Outputs of the cells with `report: true`, in order (a failing earlier cell adds its own entry with the error). */
  readonly outputs: readonly CellOutput[];
  /** The first error that stopped the run, if any (also present in the relevant output). */
  readonly error?: RunError;
  /** Total wall time in the worker, ms (transpile + run). */
  readonly ms: number;
}

export interface GradeCheck {
  readonly seed: number;
  readonly passed: boolean;
  /** Names the property, the seed and the step when it fails. */
  readonly message: string;
}

export interface GradeResultMessage {
  readonly v: typeof PROTOCOL_VERSION;
  readonly type: 'grade-result';
  readonly id: number;
  readonly exerciseId: string;
  readonly passed: boolean;
  readonly checks: readonly GradeCheck[];
  readonly console: readonly ConsoleLine[];
  readonly error?: RunError;
  readonly ms: number;
}

/** One property the grader found broken on the replayed seed (the same shape grading reports, minus the scenario). */
export interface ReplayFailure {
  readonly property: string;
  readonly seed: number;
  /** Trace step (event index) where it shows; 0 when not tied to a step. */
  readonly step: number;
  readonly message: string;
}

export interface ReplayResultMessage {
  readonly v: typeof PROTOCOL_VERSION;
  readonly type: 'replay-result';
  readonly id: number;
  readonly exerciseId: string;
  readonly seed: number;
  /** The run grading judged for this seed. Absent when there was none (missing export, crashed run, error). */
  readonly trace?: Trace;
  /** True when `trace.events` was cut to `maxTraceEvents`. */
  readonly traceTruncated?: boolean;
  /** Everything the grader's properties flagged in this run (checker shape: property, step, message). */
  readonly violations: readonly Violation[];
  /** The failures grading reports for this seed (at most one per property, by step). */
  readonly failures: readonly ReplayFailure[];
  /** The properties the grader judges, so the view can show the ones that held. */
  readonly properties: readonly string[];
  readonly console: readonly ConsoleLine[];
  readonly error?: RunError;
  readonly ms: number;
}

export type WorkerToPage =
  | ReadyMessage
  | CellStartMessage
  | ConsoleMessage
  | ProgressMessage
  | RunResultMessage
  | GradeResultMessage
  | ReplayResultMessage;

/** A request as it travels: the request and the nonce every reply to it must carry. */
export type Sealed<M> = M & { readonly nonce: string };

// ------------------------------------------------------------------ encode / decode

/** Serialises a message (strings cross the boundary; cheap to validate and log). */
export function encode(msg: PageToWorker | WorkerToPage | Sealed<PageToWorker | WorkerToPage>): string {
  return JSON.stringify(msg);
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isStr = (x: unknown): x is string => typeof x === 'string';
const isSeed = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 0xffffffff;
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x > 0;
const isScale = (x: unknown): x is number => typeof x === 'number' && x > 0 && x <= 1;

function parse(data: unknown): Record<string, unknown> | null {
  let raw: unknown = data;
  if (typeof data === 'string') {
    try {
      raw = JSON.parse(data);
    } catch {
      return null;
    }
  }
  if (!isObj(raw) || raw.v !== PROTOCOL_VERSION || !isStr(raw.type)) return null;
  return raw;
}

function isCell(x: unknown): x is CellSource {
  return isObj(x) && isStr(x.id) && isStr(x.code) && typeof x.report === 'boolean';
}

/** Parses and validates a page -> worker message; `null` for anything malformed or of another version. */
export function decodeRequest(data: unknown): PageToWorker | null {
  const m = parse(data);
  if (!m || !isNum(m.id)) return null;
  if (m.type === 'run') {
    if (!Array.isArray(m.cells) || !m.cells.every(isCell)) return null;
    if (m.maxConsoleLines !== undefined && !isNum(m.maxConsoleLines)) return null;
    if (m.maxTraceEvents !== undefined && !isNum(m.maxTraceEvents)) return null;
    return m as unknown as RunRequest;
  }
  if (m.type === 'grade') {
    if (!isStr(m.exerciseId) || !isStr(m.code) || !Array.isArray(m.seeds) || !m.seeds.every(isNum)) return null;
    return m as unknown as GradeRequest;
  }
  if (m.type === 'replay') {
    if (!isStr(m.exerciseId) || !isStr(m.code) || !isSeed(m.seed)) return null;
    if (m.maxTraceEvents !== undefined && !isCount(m.maxTraceEvents)) return null;
    if (m.scale !== undefined && !isScale(m.scale)) return null;
    return m as unknown as ReplayRequest;
  }
  return null;
}

/** The nonce a sealed message carries, or null. */
export function nonceOf(data: unknown): string | null {
  const m = parse(data);
  return m && isStr(m.nonce) && m.nonce.length >= 16 ? m.nonce : null;
}

/** Parses and validates a worker -> page message; `null` for anything malformed or of another version. */
export function decodeResponse(data: unknown): WorkerToPage | null {
  const m = parse(data);
  if (!m) return null;
  switch (m.type) {
    case 'ready':
      return m as unknown as ReadyMessage;
    case 'cell':
      return isNum(m.id) && isStr(m.cell) ? (m as unknown as CellStartMessage) : null;
    case 'console':
      return isNum(m.id) && isStr(m.cell) && isObj(m.line) && isStr(m.line.text) && isStr(m.line.level)
        ? (m as unknown as ConsoleMessage)
        : null;
    case 'progress':
      return isNum(m.id) && isNum(m.done) && isNum(m.total) ? (m as unknown as ProgressMessage) : null;
    case 'result':
      return isNum(m.id) && Array.isArray(m.outputs) && isNum(m.ms) ? (m as unknown as RunResultMessage) : null;
    case 'grade-result':
      return isNum(m.id) && isStr(m.exerciseId) && typeof m.passed === 'boolean' && Array.isArray(m.checks)
        ? (m as unknown as GradeResultMessage)
        : null;
    case 'replay-result':
      return isNum(m.id) &&
        isStr(m.exerciseId) &&
        isSeed(m.seed) &&
        Array.isArray(m.violations) &&
        Array.isArray(m.failures) &&
        Array.isArray(m.properties) &&
        Array.isArray(m.console) &&
        isNum(m.ms) &&
        (m.trace === undefined || (isObj(m.trace) && Array.isArray(m.trace.events) && Array.isArray(m.trace.nodes)))
        ? (m as unknown as ReplayResultMessage)
        : null;
    default:
      return null;
  }
}
