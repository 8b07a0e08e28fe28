/**
 * The typed, versioned message protocol between the page and the workbook's
 * two workers: the runner worker (src/runner/worker.ts: learner code in an SES
 * Compartment — notebook cells, grading, replays) and the simulation engine
 * worker (src/components/sim/engine/engine.worker.ts: registry scenarios and
 * checkers, no learner code). One union, one version, one decoder for both,
 * so a message cannot be valid to one worker and malformed to the other; both
 * are served and driven by the same host (serve.ts in the worker, host.ts on
 * the page). Each worker serves its own part of the union and answers any
 * other request with an `internal` error. Everything crossing the boundary is
 * plain JSON-compatible data (structured clone would allow more, but JSON
 * keeps the contract testable and lets the same messages travel over other
 * transports later).
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
 * A page never reuses a runner worker after a result: every run gets a fresh
 * realm. The engine worker runs no learner code, so one per page serves every
 * `simulate` / `check-trace` request, each answered by one `simulation-result`.
 *
 * Only 'ready' travels on the worker's own postMessage. Every reply to a
 * request goes through the MessagePort sent with it and carries the request's
 * random `nonce`; the page drops anything else. Learner code runs in an SES
 * Compartment (sandbox.ts) that holds neither the port nor the nonce, so it
 * cannot forge a result, a grade or a progress message.
 */
import type { Fault } from '../engine/index.ts';
import type { CheckResult, NodeId, Trace, Violation } from '../engine/trace/events.ts';

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

/**
 * Run a registry scenario in the engine worker (the simulation view). Plain
 * data only: the worker builds the run from the scenario registry, so nothing
 * executable crosses (a replay link can only name a scenario, a seed and faults).
 */
export interface SimulateRequest {
  readonly v: typeof PROTOCOL_VERSION;
  readonly type: 'simulate';
  readonly id: number;
  readonly scenario: string;
  readonly seed: number;
  /** Faults injected by the learner, added to the scenario's own. */
  readonly faults: readonly Fault[];
  /** Checker names (keys of the engine's `check`); default: those that apply to the run's shape. */
  readonly checks?: readonly string[];
}

/** What the simulation view shows as a run's title and description. */
export interface ScenarioInfo {
  readonly name: string;
  readonly chapter: number;
  readonly title: string;
  readonly description: string;
}

/**
 * Judge a finished trace in the engine worker (an exercise run rebuilt by the
 * runner's `replay`, already validated by the view): nothing is simulated.
 */
export interface CheckTraceRequest {
  readonly v: typeof PROTOCOL_VERSION;
  readonly type: 'check-trace';
  readonly id: number;
  readonly trace: Trace;
  readonly info: ScenarioInfo;
  readonly checks?: readonly string[];
}

export type PageToWorker = RunRequest | GradeRequest | ReplayRequest | SimulateRequest | CheckTraceRequest;

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

/** A point of a chart's step series. */
export interface Point {
  readonly t: number;
  readonly v: number;
}

/** A follower's lag over time (the engine's `metrics.followerLag`, as a step series). */
export interface LagSeries {
  readonly node: NodeId;
  /** Step function: the lag is `v` from `t` until the next point. */
  readonly points: Point[];
}

/** p50, p99 and max (ms) of the latencies acknowledged so far. */
export interface LatencySoFar {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** One acknowledged write's commit latency. */
export interface LatencySample {
  readonly op: string;
  readonly ms: number;
  /** Step of the ack (the sample counts as "so far" once the cursor is past it). */
  readonly step: number;
  /** The engine's percentiles of this and every earlier sample (samples are in ack order). */
  readonly soFar: LatencySoFar;
}

/** A simulation run as the view draws it. */
export interface SimulationRun {
  readonly trace: Trace;
  readonly checks: readonly CheckResult[];
  readonly info: ScenarioInfo;
  /** Time the engine took to run the scenario, ms. */
  readonly runMs: number;
  /** Time the checkers took, ms. */
  readonly checkMs: number;
  /** Chart series, computed next to the engine so the page does not have to. */
  readonly lag: readonly LagSeries[];
  readonly latencies: readonly LatencySample[];
}

/** The answer to `simulate` or `check-trace`: the run, or why there is none. */
export interface SimulationResultMessage {
  readonly v: typeof PROTOCOL_VERSION;
  readonly type: 'simulation-result';
  readonly id: number;
  readonly run?: SimulationRun;
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
  | ReplayResultMessage
  | SimulationResultMessage;

/** The final answer each request gets (exactly one). */
export type ResultFor<R extends { readonly type: PageToWorker['type'] }> = R extends { type: 'grade' }
  ? GradeResultMessage
  : R extends { type: 'replay' }
    ? ReplayResultMessage
    : R extends { type: 'simulate' | 'check-trace' }
      ? SimulationResultMessage
      : RunResultMessage;

/** A request without the envelope fields the host adds (version and id). */
export type RequestBody = PageToWorker extends infer R ? (R extends PageToWorker ? Omit<R, 'v' | 'id'> : never) : never;

/**
 * The answer to a request that failed before (or instead of) being served: a
 * result of the request's own kind carrying only `error`. The worker sends it
 * when serving threw; the page makes it on a timeout, Stop or a worker that
 * would not start, so callers always get a result, never a rejection.
 */
export function failureFor<B extends RequestBody>(req: B, id: number, error: RunError): ResultFor<B> {
  const base = { v: PROTOCOL_VERSION, id, ms: 0, error } as const;
  let out: WorkerToPage;
  switch (req.type) {
    case 'grade':
      out = { ...base, type: 'grade-result', exerciseId: req.exerciseId, passed: false, checks: [], console: [] };
      break;
    case 'replay':
      out = {
        ...base,
        type: 'replay-result',
        exerciseId: req.exerciseId,
        seed: req.seed,
        violations: [],
        failures: [],
        properties: [],
        console: [],
      };
      break;
    case 'simulate':
    case 'check-trace':
      out = { ...base, type: 'simulation-result' };
      break;
    default:
      out = { ...base, type: 'result', outputs: [] };
  }
  return out as ResultFor<B>;
}

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
const isTrace = (x: unknown): x is Trace => isObj(x) && Array.isArray(x.events) && Array.isArray(x.nodes);
const isChecks = (x: unknown): boolean => x === undefined || (Array.isArray(x) && x.every(isStr));

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
  if (m.type === 'simulate') {
    if (!isStr(m.scenario) || !isSeed(m.seed) || !Array.isArray(m.faults) || !m.faults.every(isObj)) return null;
    if (!isChecks(m.checks)) return null;
    return m as unknown as SimulateRequest;
  }
  if (m.type === 'check-trace') {
    if (!isTrace(m.trace) || !isObj(m.info) || !isStr(m.info.name) || !isStr(m.info.title)) return null;
    if (!isStr(m.info.description) || !isNum(m.info.chapter) || !isChecks(m.checks)) return null;
    return m as unknown as CheckTraceRequest;
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
        (m.trace === undefined || isTrace(m.trace))
        ? (m as unknown as ReplayResultMessage)
        : null;
    case 'simulation-result':
      return isNum(m.id) &&
        isNum(m.ms) &&
        (m.error === undefined || isObj(m.error)) &&
        (m.run === undefined ||
          (isObj(m.run) && isTrace(m.run.trace) && Array.isArray(m.run.checks) && isObj(m.run.info)))
        ? (m as unknown as SimulationResultMessage)
        : null;
    default:
      return null;
  }
}
