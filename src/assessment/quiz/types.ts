/**
 * A quiz resolved at build time: plain JSON handed to the Quiz island as a prop.
 *
 * Every question has one or more variants. Static questions have exactly one;
 * engine-backed questions (those naming a `generator`) have one per variant
 * seed, with `{placeholders}` already filled and the key computed by the
 * engine, so neither the engine nor the generators ship to the page.
 * Variant `v` of the quiz uses `question.variants[v % question.variants.length]`.
 */

/** Points per question; a 12-question quiz is out of 120. */
export const POINTS_PER_QUESTION = 10;

export interface ResolvedOption {
  readonly id: string;
  readonly text: string;
  readonly explanation: string;
  readonly correct: boolean;
}

export interface ResolvedItem {
  readonly id: string;
  readonly text: string;
  readonly explanation: string;
}

interface VariantBase {
  readonly prompt: string;
  /** General explanation shown after the attempt. */
  readonly explanation?: string;
}

export interface ChoiceVariant extends VariantBase {
  readonly options: readonly ResolvedOption[];
}
export interface OrderingVariant extends VariantBase {
  /** In the correct order; the island shows them shuffled by the attempt seed. */
  readonly items: readonly ResolvedItem[];
}
export interface NumericVariant extends VariantBase {
  readonly answer: number;
  readonly tolerance: number;
}
/** The engine run a predict question's key came from, replayable in the simulation view. */
export interface RunRef {
  readonly scenario: string;
  readonly seed: number;
}

interface QuestionBase {
  readonly id: string;
  /** True when the key comes from the engine (a generator). */
  readonly generated: boolean;
}

export interface ResolvedSingle extends QuestionBase {
  readonly kind: 'single';
  readonly variants: readonly ChoiceVariant[];
}
export interface ResolvedMultiple extends QuestionBase {
  readonly kind: 'multiple';
  readonly variants: readonly ChoiceVariant[];
}
export interface ResolvedOrdering extends QuestionBase {
  readonly kind: 'ordering';
  readonly variants: readonly OrderingVariant[];
}
export interface ResolvedNumeric extends QuestionBase {
  readonly kind: 'numeric';
  readonly unit?: string;
  readonly variants: readonly NumericVariant[];
}
export interface ResolvedPredictSingle extends QuestionBase {
  readonly kind: 'predict';
  readonly answerKind: 'single';
  readonly scenario: string;
  readonly variants: readonly (ChoiceVariant & { readonly run: RunRef })[];
}
export interface ResolvedPredictNumeric extends QuestionBase {
  readonly kind: 'predict';
  readonly answerKind: 'numeric';
  readonly scenario: string;
  readonly unit?: string;
  readonly variants: readonly (NumericVariant & { readonly run: RunRef })[];
}

export type ResolvedQuestion =
  | ResolvedSingle
  | ResolvedMultiple
  | ResolvedOrdering
  | ResolvedNumeric
  | ResolvedPredictSingle
  | ResolvedPredictNumeric;

export interface ResolvedQuiz {
  /** Seeds the engine-backed variants were computed from (one per quiz variant). */
  readonly variantSeeds: readonly number[];
  readonly pointsPerQuestion: number;
  /** questions.length x pointsPerQuestion. */
  readonly maxScore: number;
  readonly questions: readonly ResolvedQuestion[];
}

/**
 * A learner's answer: option id (single / predict single), option ids
 * (multiple), item ids in the learner's order (ordering), a number (numeric /
 * predict numeric), or null when unanswered. Same shape as progress's QuizResponse.
 */
export type Answer = string | readonly string[] | number | null;

/** How one question went. */
export interface QuestionResult {
  readonly id: string;
  readonly points: number;
  readonly max: number;
  /** Full marks. */
  readonly correct: boolean;
  readonly answered: boolean;
}

export interface AttemptResult {
  readonly score: number;
  readonly max: number;
  readonly questions: readonly QuestionResult[];
}
