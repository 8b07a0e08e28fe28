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
    run = grader.run(wrap(fn as (...args: unknown[]) => unknown), seed, fresh);
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
  return { outcome: { seed, failures: out }, run };
}

/** What a failure caused by module-level state says, after its own sentence. */
export const MODULE_STATE_NOTE =
  'Graded alone, with a fresh copy of your code, this seed does not fail this way: the cause is state your code keeps ' +
  'outside the function (a module-level variable or object) that carried over from the seeds graded before it. ' +
  'Keep what the function needs in what it is given, or recompute it on every call.';

/**
 * Grades seeds one after another like `gradeSeed`, and, when the learner's
 * module can be reloaded, checks the first failure of each property: if that
 * seed, graded alone with a fresh module, does not fail the property, the
 * failure is put down to module-level state leaking across seeds. Only first
 * failures are rechecked (they are what the report shows), so a suite costs
 * at most one extra run per property.
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
    // The first seed ran on a freshly loaded module already: nothing could have leaked into it.
    if (reload === undefined || isFirstSeed || toCheck.length === 0) return outcome;
    const alone = new Set(gradeSeed(reload(), grader, seed, options).failures.map((f) => f.property));
    const leaked = new Set(toCheck.filter((f) => !alone.has(f.property)).map((f) => f.property));
    if (leaked.size === 0) return outcome;
    return {
      seed,
      failures: outcome.failures.map((f) =>
        leaked.has(f.property) ? { ...f, message: `${f.message} ${MODULE_STATE_NOTE}`, cause: 'module-state' } : f,
      ),
    };
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
