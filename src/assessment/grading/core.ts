/**
 * The grading core: pure and environment-neutral. It takes the learner's
 * module (their exported names), a grader and seeds, runs the grader's
 * scenario once per seed with the learner's function plugged in, and turns
 * what broke into failures that name the property, the seed and the step.
 *
 * The same `gradeSeed` serves every path: `gradeExports` below (a loop with
 * progress and a time budget), the runner worker's per-seed `grade` protocol
 * (see runner-adapter.ts) and Node (source.ts), so they reach the same verdict.
 */
import type { Violation } from '../../engine/index.ts';
import {
  CORE_PROPERTIES,
  type ExerciseGrader,
  type FreshHook,
  type LearnerHook,
  type GradeFailure,
  type GradeProgress,
  type GradeReport,
  type GraderRun,
  type SmallerRun,
} from './types.ts';

/** What one seed found. */
export interface SeedOutcome {
  readonly seed: number;
  /** At most one failure per property, ordered by step. */
  readonly failures: readonly GradeFailure[];
}

/** The learner's exported and top-level names, from one evaluation of their module. */
export type LearnerModule = Readonly<Record<string, unknown>>;

export interface SeedOptions {
  /** Maps an error the learner's code threw to its 1-based line, where the environment can. */
  readonly locate?: (error: unknown) => number | undefined;
  /**
   * Evaluates the learner's module again, from scratch, where the environment
   * can (Node has the source). Graders use it to restart a crashed process
   * with empty memory, and the suite to tell a failure caused by state left
   * over from earlier seeds (see `createSeedGrader`).
   */
  readonly reload?: () => LearnerModule;
  /** Run a smaller version of the seed's scenario (see `ExerciseGrader.shrinks`); default 1, the graded run. */
  readonly scale?: number;
}

/** Thrown by the wrapper around the learner's function when it returns something the hook cannot use. */
class HookContractError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HookContractError';
  }
}

/** The engine's `EventLimitError` (matched by name: it may come from another realm's engine copy). */
function isEventLimit(e: unknown): boolean {
  return e instanceof Error && e.name === 'EventLimitError';
}

const CHECKER_PREFIX = /^\[[^\]]+\] seed \d+, step \d+: /;

/** `convergence failed on seed 1042 at step 388: ...`. */
export function failureMessage(property: string, seed: number, step: number, sentence: string): string {
  return `${property} failed on seed ${seed} at step ${step}: ${sentence.replace(CHECKER_PREFIX, '')}`;
}

function failure(grader: ExerciseGrader, property: string, seed: number, step: number, sentence: string): GradeFailure {
  return { property, seed, step, message: failureMessage(property, seed, step, sentence), scenario: grader.scenario };
}

/** A short description of any thrown value. */
export function describeThrown(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  try {
    return `a thrown ${typeof e} (${String(e)})`;
  } catch {
    return 'an unprintable thrown value';
  }
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing (undefined)';
  if (v === null) return 'null';
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'object') return Array.isArray(v) ? 'an array' : 'an object';
  return `a ${typeof v} (${JSON.stringify(v)})`;
}

/** What one seed found, with the run it judged (absent when the run could not happen or crashed). */
export interface JudgedSeed {
  readonly outcome: SeedOutcome;
  readonly run?: GraderRun;
}

/**
 * Grades one seed. Never throws: a missing export, a throwing learner
 * function and a crashing run all become failures.
 */
export function gradeSeed(
  learner: LearnerModule,
  grader: ExerciseGrader,
  seed: number,
  options: SeedOptions = {},
): SeedOutcome {
  return judgeSeed(learner, grader, seed, options).outcome;
}

/**
 * `gradeSeed`, keeping the run it judged: the replay of a failing seed in the
 * simulation view (the runner's `replay` request) uses this, so the learner
 * sees exactly the trace grading judged, built by the same code.
 */
export function judgeSeed(
  learner: LearnerModule,
  grader: ExerciseGrader,
  seed: number,
  options: SeedOptions = {},
): JudgedSeed {
  const entry = grader.entry;
  if (grader.entryKind === 'value') return judgeValueSeed(learner, grader, seed, options);
  const fn = Object.prototype.hasOwnProperty.call(learner, entry) ? learner[entry] : undefined;
  if (typeof fn !== 'function') {
    const found = Object.prototype.hasOwnProperty.call(learner, entry) ? describeValue(fn) : 'nothing with that name';
    return {
      outcome: {
        seed,
        failures: [
          failure(
            grader,
            CORE_PROPERTIES.entry,
            seed,
            0,
            `the code must export a function named \`${entry}\` (write \`export function ${entry}(...)\`), but it defines ${found}.`,
          ),
        ],
      },
    };
  }
  // The first error the learner's code threw, over every copy of it this run used.
  const thrown: { error?: unknown; threw: boolean } = { threw: false };
  const wrap = (call: (...args: unknown[]) => unknown): LearnerHook =>
    ((...args: unknown[]): unknown => {
      let result: unknown;
      try {
        result = call(...args);
      } catch (e) {
        if (!thrown.threw) Object.assign(thrown, { threw: true, error: e });
        throw e;
      }
      // A value whose reading throws (a Proxy with throwing traps, a getter) would otherwise throw
      // later, inside the engine, and stop the whole run; read it here so it counts as this call's answer.
      const unreadable = unreadableBecause(result);
      if (unreadable !== undefined)
        throw new HookContractError(`returned a value that throws when it is read: ${unreadable}`);
      const problem = grader.validate?.(result, args);
      if (problem !== undefined) throw new HookContractError(problem);
      return result;
    }) as LearnerHook;
  const reload = options.reload;
  const fresh: FreshHook | undefined = reload
    ? () => {
        const again = reload()[entry];
        // Reloading the same source yields the same function; if not, keep the one graded so far.
        return wrap((typeof again === 'function' ? again : fn) as (...args: unknown[]) => unknown);
      }
    : undefined;

  let run: GraderRun;
  let violations: readonly Violation[];
  let hookError: { step: number; message: string } | undefined;
  try {
    run = grader.run(wrap(fn as (...args: unknown[]) => unknown), seed, fresh, options.scale ?? 1);
    violations = run.violations;
    for (const e of run.trace.events) {
      if (e.type === 'hook-error' && e.hook === entry) {
        hookError = { step: e.step, message: e.message };
        break;
      }
    }
  } catch (e) {
    const line = thrown.threw ? options.locate?.(thrown.error) : undefined;
    const where = line !== undefined ? ` (line ${line} of your code)` : '';
    const sentence = isEventLimit(e)
      ? `the run never settled: it made far more events than this exercise ever needs, and the engine stopped it. ` +
        `Probably ${grader.runawayCause ?? `each call of \`${entry}\` made work that led to more calls, over and over (for example sending or asking for the same thing again every time)`}.`
      : `the run stopped with ${describeThrown(e)}${where}.`;
    return { outcome: { seed, failures: [failure(grader, CORE_PROPERTIES.run, seed, 0, sentence)] } };
  }

  return { outcome: { seed, failures: judged(grader, seed, violations, hookError, thrown, options, entry) }, run };
}

/** The failures of a finished run: the learner's first hook error, then the first violation of each property. */
function judged(
  grader: ExerciseGrader,
  seed: number,
  violations: readonly Violation[],
  hookError: { step: number; message: string } | undefined,
  thrown: { error?: unknown },
  options: SeedOptions,
  entry: string,
): GradeFailure[] {
  const out: GradeFailure[] = [];
  if (hookError !== undefined) {
    const contract = hookError.message.startsWith('HookContractError: ');
    if (contract) {
      out.push(
        failure(
          grader,
          CORE_PROPERTIES.answer,
          seed,
          hookError.step,
          `\`${entry}\` ${hookError.message.slice('HookContractError: '.length)}`,
        ),
      );
    } else {
      const line = options.locate?.(thrown.error);
      const where = line !== undefined ? ` on line ${line}` : '';
      out.push(
        failure(
          grader,
          CORE_PROPERTIES.exceptions,
          seed,
          hookError.step,
          `\`${entry}\` threw ${hookError.message}${where}. The engine used its safe default instead; a function that throws fails the exercise.`,
        ),
      );
    }
  }
  const seen = new Set(out.map((f) => f.property));
  for (const v of [...violations].sort((a, b) => a.step - b.step)) {
    if (seen.has(v.property)) continue;
    seen.add(v.property);
    out.push(failure(grader, v.property, seed, v.step, v.message));
  }
  return out;
}

/** How deep, and over how many objects, an answer is read before it counts as readable. */
const READ_DEPTH = 8;
const READ_OBJECTS = 10_000;

/**
 * Why reading `value` all the way down (its keys and every property, getters
 * called as the engine would call them) throws, or undefined when it reads
 * cleanly. Only a throwing Proxy trap or getter lands here; a value that is
 * merely not what the grader wants is left to its `validate`.
 */
function unreadableBecause(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const seen = new Set<object>();
  const read = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== 'object' || seen.has(v) || depth > READ_DEPTH || seen.size >= READ_OBJECTS) return;
    seen.add(v);
    for (const key of Reflect.ownKeys(v)) read((v as Record<PropertyKey, unknown>)[key], depth + 1);
  };
  try {
    read(value, 0);
    return undefined;
  } catch (e) {
    return describeThrown(e);
  }
}

/** Deepest nesting a configuration value may have. */
const MAX_VALUE_DEPTH = 8;

/**
 * A deep, frozen copy of a learner's configuration value as plain data, or a
 * sentence saying what in it is not plain data. Properties are read through
 * their descriptors, so a getter is reported, never called.
 */
export function plainCopy(
  value: unknown,
  path = 'the value',
  depth = 0,
): { ok: true; value: unknown } | { ok: false; why: string } {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return { ok: true, value };
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? { ok: true, value }
      : { ok: false, why: `${path} is ${String(value)}, not a finite number` };
  }
  if (typeof value !== 'object')
    return { ok: false, why: `${path} is ${describeValue(value)}, which is not plain data` };
  if (depth >= MAX_VALUE_DEPTH) return { ok: false, why: `${path} is nested more than ${MAX_VALUE_DEPTH} levels deep` };
  const proto: unknown = Object.getPrototypeOf(value);
  const isArray = Array.isArray(value);
  if (!isArray && proto !== Object.prototype && proto !== null) {
    return { ok: false, why: `${path} is an instance of a class; write a plain object literal \`{ ... }\`` };
  }
  const out: Record<string, unknown> | unknown[] = isArray ? [] : {};
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key === 'symbol') return { ok: false, why: `${path} has a symbol key; use plain names` };
    if (isArray && key === 'length') continue;
    const d = Object.getOwnPropertyDescriptor(value, key);
    if (d === undefined || !d.enumerable) continue;
    const where = isArray ? `${path}[${key}]` : `${path}.${key}`;
    if (!('value' in d)) return { ok: false, why: `${where} is a getter; write the value itself` };
    const inner = plainCopy(d.value, where, depth + 1);
    if (!inner.ok) return inner;
    if (isArray) (out as unknown[])[Number(key)] = inner.value;
    else
      Object.defineProperty(out, key, { value: inner.value, enumerable: true, writable: false, configurable: false });
  }
  return { ok: true, value: Object.freeze(out) };
}

/**
 * `judgeSeed` for a grader whose entry is a configuration value: the value is
 * copied and validated once per seed, and the grader's hook returns the copy.
 */
function judgeValueSeed(
  learner: LearnerModule,
  grader: ExerciseGrader,
  seed: number,
  options: SeedOptions,
): JudgedSeed {
  const entry = grader.entry;
  const fail = (property: string, sentence: string): JudgedSeed => ({
    outcome: { seed, failures: [failure(grader, property, seed, 0, sentence)] },
  });
  const has = Object.prototype.hasOwnProperty.call(learner, entry);
  const raw = has ? learner[entry] : undefined;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    const found = has ? describeValue(raw) : 'nothing with that name';
    return fail(
      CORE_PROPERTIES.entry,
      `the code must export a configuration object named \`${entry}\` (write \`export const ${entry} = { ... }\`), but it defines ${found}.`,
    );
  }
  const copy = plainCopy(raw, `\`${entry}\``);
  if (!copy.ok) return fail(CORE_PROPERTIES.answer, `${copy.why}.`);
  const problem = grader.validate?.(copy.value, []);
  if (problem !== undefined) return fail(CORE_PROPERTIES.answer, `\`${entry}\` ${problem}`);
  const config = copy.value;
  const hook = (() => config) as LearnerHook;
  let run: GraderRun;
  try {
    run = grader.run(hook, seed, undefined, options.scale ?? 1);
  } catch (e) {
    const sentence = isEventLimit(e)
      ? `the run never settled: it made far more events than this exercise ever needs, and the engine stopped it. Probably ${grader.runawayCause ?? 'the configuration makes the nodes retry without end'}.`
      : `the run stopped with ${describeThrown(e)}.`;
    return fail(CORE_PROPERTIES.run, sentence);
  }
  return { outcome: { seed, failures: judged(grader, seed, run.violations, undefined, {}, options, entry) }, run };
}

/** What a failure caused by module-level state says, after its own sentence. */
export const MODULE_STATE_NOTE =
  'Graded alone, with a fresh copy of your code, this seed does not fail this way: the cause is state your code keeps ' +
  'outside the function (a module-level variable or object) that carried over from the seeds graded before it. ' +
  'Keep what the function needs in what it is given, or recompute it on every call.';

/** Shares of the graded run's operations tried when shrinking, smallest first. */
export const SHRINK_SCALES: readonly number[] = [0.05, 0.1, 0.2, 0.35, 0.5, 0.75];

/** Halvings between the largest passing and the smallest failing scale (about 1/200 of the run apart after them). */
const SHRINK_BISECTIONS = 5;

/** Failures there is nothing to shrink about: no run, or no particular run. */
const UNSHRINKABLE = new Set<string>([CORE_PROPERTIES.entry, CORE_PROPERTIES.time]);

/**
 * The smallest run of the failure's seed (fewer operations, so fewer faults,
 * the same learner code) that still fails the same property, or undefined
 * when the grader cannot shrink or no smaller run fails. It needs `reload`:
 * each attempt runs on a freshly loaded module, so state left over from the
 * suite cannot decide it (without reload, as in the browser today, nothing is shrunk).
 */
export function shrinkFailure(
  grader: ExerciseGrader,
  failed: GradeFailure,
  options: SeedOptions = {},
): SmallerRun | undefined {
  const reload = options.reload;
  if (!grader.shrinks || reload === undefined || UNSHRINKABLE.has(failed.property)) return undefined;
  const attempt = (scale: number): SmallerRun | undefined => {
    const { outcome, run } = judgeSeed(reload(), grader, failed.seed, { ...options, scale });
    const again = outcome.failures.find((f) => f.property === failed.property);
    if (again === undefined) return undefined;
    const size = run?.size ?? `${Math.round(scale * 100)}% of the operations`;
    const sentence = again.message.slice(failureMessage(again.property, again.seed, again.step, '').length);
    return {
      scale,
      size,
      step: again.step,
      message: `${again.property} failed on seed ${again.seed} at step ${again.step} of a smaller run (${size}): ${sentence}`,
    };
  };
  let passedBelow = 0;
  for (const scale of SHRINK_SCALES) {
    let found = attempt(scale);
    if (found === undefined) {
      passedBelow = scale;
      continue;
    }
    // Narrow the gap between the largest run that passed and the smallest that failed.
    let fails = scale;
    for (let i = 0; i < SHRINK_BISECTIONS; i++) {
      const mid = (passedBelow + fails) / 2;
      const smaller = attempt(mid);
      if (smaller === undefined) passedBelow = mid;
      else [fails, found] = [mid, smaller];
    }
    return found;
  }
  return undefined;
}

/**
 * Grades seeds one after another like `gradeSeed`, and explains the first
 * failure of each property (what the report shows, so the extra runs stay
 * few): when the learner's module can be reloaded and that seed, graded alone
 * with a fresh module, does not fail the property, the failure is put down to
 * module-level state leaking across seeds; otherwise it is shrunk to the
 * smallest run of the seed that still fails (`shrinkFailure`).
 */
export function createSeedGrader(
  grader: ExerciseGrader,
  options: SeedOptions = {},
): (learner: LearnerModule, seed: number) => SeedOutcome {
  const diagnosed = new Set<string>();
  let graded = 0;
  return (learner, seed) => {
    const outcome = gradeSeed(learner, grader, seed, options);
    const isFirstSeed = graded++ === 0;
    const reload = options.reload;
    const toCheck = outcome.failures.filter((f) => !diagnosed.has(f.property));
    for (const f of toCheck) diagnosed.add(f.property);
    if (toCheck.length === 0) return outcome;
    // The first seed ran on a freshly loaded module already: nothing could have leaked into it.
    const alone =
      reload === undefined || isFirstSeed
        ? undefined
        : new Set(gradeSeed(reload(), grader, seed, options).failures.map((f) => f.property));
    const explained = new Map<string, GradeFailure>();
    for (const f of toCheck) {
      const leaked = alone !== undefined && !alone.has(f.property);
      // A failure that leaked state caused would not reproduce in a smaller run on a fresh module.
      const smaller = leaked ? undefined : shrinkFailure(grader, f, options);
      explained.set(f.property, {
        ...f,
        ...(leaked ? { message: `${f.message} ${MODULE_STATE_NOTE}`, cause: 'module-state' as const } : {}),
        ...(smaller ? { smaller } : {}),
      });
    }
    return { seed, failures: outcome.failures.map((f) => explained.get(f.property) ?? f) };
  };
}

/** Keeps the first failure of each property. */
export function mergeFailures(into: Map<string, GradeFailure>, failures: readonly GradeFailure[]): void {
  for (const f of failures) if (!into.has(f.property)) into.set(f.property, f);
}

export interface SuiteOptions extends SeedOptions {
  /** Called after each seed. */
  readonly onProgress?: (p: GradeProgress) => void;
  /**
   * Stop with a `time-limit` failure when the suite has run longer than this
   * (checked between seeds). Default: no limit.
   */
  readonly budgetMs?: number;
  /** Clock for durations; default `performance.now`. */
  readonly now?: () => number;
}

export function timeLimitFailure(
  grader: ExerciseGrader,
  seed: number,
  elapsedMs: number,
  budgetMs: number,
): GradeFailure {
  return failure(
    grader,
    CORE_PROPERTIES.time,
    seed,
    0,
    `grading stopped before this seed after ${(elapsedMs / 1000).toFixed(1)} s (the budget is ${(budgetMs / 1000).toFixed(1)} s): the function is far too slow, or loops for a long time.`,
  );
}

/** Grades `seeds` one after another against the learner's exported names. */
export function gradeExports(
  learner: LearnerModule,
  grader: ExerciseGrader,
  seeds: readonly number[],
  options: SuiteOptions = {},
): GradeReport {
  const now = options.now ?? (() => performance.now());
  const t0 = now();
  const failures = new Map<string, GradeFailure>();
  const grade = createSeedGrader(grader, options);
  let runs = 0;
  for (const seed of seeds) {
    const elapsed = now() - t0;
    if (options.budgetMs !== undefined && runs > 0 && elapsed > options.budgetMs) {
      mergeFailures(failures, [timeLimitFailure(grader, seed, elapsed, options.budgetMs)]);
      break;
    }
    mergeFailures(failures, grade(learner, seed).failures);
    runs++;
    options.onProgress?.({ done: runs, total: seeds.length });
  }
  return {
    passed: runs === seeds.length && runs > 0 && failures.size === 0,
    runs,
    failures: [...failures.values()],
    durationMs: now() - t0,
  };
}
