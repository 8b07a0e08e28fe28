/**
 * Contracts between chapter code and the rest of the workbook.
 *
 * A chapter contributes engine-backed quiz answer generators (this file's
 * `QuestionGenerator`) and named scenarios. Generators are pure functions of a
 * seed: the build computes quiz keys with them, the tests re-run them to prove
 * every key reproduces, and the second quiz attempt uses a different seed.
 */

/** Values a generator may substitute into a question prompt's `{placeholders}`. */
export type PromptParams = Readonly<Record<string, string | number>>;

/** The key of one engine-derived question for one seed. */
export interface GeneratedKey {
  /** Filled into `{name}` placeholders of the prompt (and of option texts). */
  readonly params: PromptParams;
  /**
   * The correct answer: a number for numeric questions, an option id for single
   * choice, a list of option ids for multiple select.
   */
  readonly answer: number | string | readonly string[];
  /** The run the key came from, so the learner can replay it in the simulation view. */
  readonly run?: { readonly scenario: string; readonly seed: number };
}

/** Computes a question's key from the engine for a seed. Must be deterministic and fast (< 50 ms). */
export type QuestionGenerator = (seed: number) => GeneratedKey;

/** Name -> generator, e.g. `{ 'ch02.lagAfterRestart': ... }`. */
export type GeneratorRegistry = Readonly<Record<string, QuestionGenerator>>;
