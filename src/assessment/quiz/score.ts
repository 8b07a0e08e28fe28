/**
 * Quiz scoring. Pure; runs in the Quiz island and in tests.
 *
 * Rules (10 points per question, a 12-question quiz is out of 120):
 * - single choice (and predict with options): 10 for the correct option, else 0;
 * - multiple select: partial credit, 10 x (correct picks - wrong picks) / number
 *   of correct options, never below 0, rounded to the nearest point. Ticking
 *   every box therefore earns little or nothing, and one missed option out of
 *   three still earns 7;
 * - ordering: all or nothing (10 for exactly the right order); the review still
 *   marks each position right or wrong;
 * - numeric (and predict numeric): 10 when |answer - key| <= tolerance (with a
 *   tiny allowance for floating-point rounding), else 0;
 * - unanswered: 0.
 * Two attempts; the best one counts (see `bestScore`, `attemptsLeft`).
 */
import {
  POINTS_PER_QUESTION,
  type Answer,
  type AttemptResult,
  type QuestionResult,
  type ResolvedQuestion,
} from './types.ts';

export const MAX_ATTEMPTS = 2;

/** The variant of a question used by quiz variant `v`. */
export function variantOf<Q extends ResolvedQuestion>(question: Q, v: number): Q['variants'][number] {
  const n = question.variants.length;
  const variant = question.variants[((v % n) + n) % n];
  if (!variant) throw new Error(`question ${question.id} has no variants`);
  return variant;
}

/** Whether `answer` is within `tolerance` of `key`. */
export function withinTolerance(answer: number, key: number, tolerance: number): boolean {
  if (!Number.isFinite(answer)) return false;
  const slack = 1e-9 * Math.max(1, Math.abs(key));
  return Math.abs(answer - key) <= tolerance + slack;
}

/** Points for multiple select under the partial-credit rule above. */
export function multipleSelectPoints(
  selected: readonly string[],
  correct: readonly string[],
  max = POINTS_PER_QUESTION,
): number {
  if (correct.length === 0) return 0;
  const chosen = new Set(selected);
  const right = new Set(correct);
  let hits = 0;
  let wrong = 0;
  for (const id of chosen) {
    if (right.has(id)) hits++;
    else wrong++;
  }
  return Math.max(0, Math.round((max * (hits - wrong)) / right.size));
}

function isAnswered(answer: Answer): boolean {
  if (answer === null) return false;
  if (typeof answer === 'number') return Number.isFinite(answer);
  if (typeof answer === 'string') return answer !== '';
  return answer.length > 0;
}

/** Scores one question for quiz variant `v`. */
export function scoreQuestion(question: ResolvedQuestion, v: number, answer: Answer): QuestionResult {
  const max = POINTS_PER_QUESTION;
  const answered = isAnswered(answer);
  let points = 0;
  if (answered) {
    switch (question.kind) {
      case 'single':
        points = typeof answer === 'string' && correctOptionIds(question, v).includes(answer) ? max : 0;
        break;
      case 'multiple':
        points = Array.isArray(answer)
          ? multipleSelectPoints(answer as readonly string[], correctOptionIds(question, v), max)
          : 0;
        break;
      case 'ordering': {
        const key = variantOf(question, v).items.map((i) => i.id);
        points =
          Array.isArray(answer) && answer.length === key.length && answer.every((id, i) => id === key[i]) ? max : 0;
        break;
      }
      case 'numeric':
        points =
          typeof answer === 'number' &&
          withinTolerance(answer, variantOf(question, v).answer, variantOf(question, v).tolerance)
            ? max
            : 0;
        break;
      case 'predict':
        if (question.answerKind === 'single') {
          points = typeof answer === 'string' && correctOptionIds(question, v).includes(answer) ? max : 0;
        } else {
          const k = variantOf(question, v);
          points = typeof answer === 'number' && withinTolerance(answer, k.answer, k.tolerance) ? max : 0;
        }
        break;
    }
  }
  return { id: question.id, points, max, correct: points === max, answered };
}

/** Ids of the correct options of a choice question's variant. */
export function correctOptionIds(question: ResolvedQuestion, v: number): string[] {
  if (
    question.kind === 'single' ||
    question.kind === 'multiple' ||
    (question.kind === 'predict' && question.answerKind === 'single')
  ) {
    return variantOf(question, v)
      .options.filter((o) => o.correct)
      .map((o) => o.id);
  }
  return [];
}

/** Scores a whole attempt. `answers` maps question id to the learner's answer. */
export function scoreAttempt(
  questions: readonly ResolvedQuestion[],
  v: number,
  answers: Readonly<Record<string, Answer | undefined>>,
): AttemptResult {
  const results = questions.map((q) => {
    const a = Object.prototype.hasOwnProperty.call(answers, q.id) ? (answers[q.id] ?? null) : null;
    return scoreQuestion(q, v, a);
  });
  return {
    score: results.reduce((s, r) => s + r.points, 0),
    max: results.reduce((s, r) => s + r.max, 0),
    questions: results,
  };
}

/** Best score over attempts, or undefined when there are none. */
export function bestScore(attempts: readonly { readonly score: number }[]): number | undefined {
  return attempts.length === 0 ? undefined : Math.max(...attempts.map((a) => a.score));
}

/** Attempts still available (0 after two). */
export function attemptsLeft(attempts: readonly unknown[]): number {
  return Math.max(0, MAX_ATTEMPTS - attempts.length);
}
