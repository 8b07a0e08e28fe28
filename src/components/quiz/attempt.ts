/**
 * The attempt in progress, as both quiz views hold it (the static Quiz.tsx
 * and the cohort CohortQuiz.tsx): a fresh one with its ordering questions
 * shuffled, what counts as answered, and moving an ordering item. Pure
 * functions; the views keep the state and save it (draft.ts).
 */
import { variantOf } from '../../assessment/quiz/score.ts';
import type { Answer, ResolvedQuestion } from '../../assessment/quiz/types.ts';
import { attemptSeed, hashSeed, shuffleIds } from '../../assessment/quiz/variants.ts';
import { kindOf } from './parts.tsx';

export interface Draft {
  /** 1-based attempt number. */
  attempt: number;
  variant: number;
  answers: Record<string, Answer>;
  /** Ordering questions the learner has rearranged (an untouched order counts as unanswered). */
  touched: Record<string, boolean>;
}

/**
 * A new attempt with nothing answered. Ordering questions start in an order
 * shuffled from the learner's seed, so the shown order gives nothing away and
 * is the same after a reload.
 */
export function freshDraft(
  questions: readonly ResolvedQuestion[],
  learner: number,
  chapter: string,
  attempt: number,
  variant: number,
): Draft {
  const answers: Record<string, Answer> = {};
  for (const q of questions) {
    const v = variantOf(q, variant);
    if ('items' in v)
      answers[q.id] = shuffleIds(
        v.items.map((i) => i.id),
        hashSeed(attemptSeed(learner, chapter, attempt), q.id),
      );
  }
  return { attempt, variant, answers, touched: {} };
}

export function isAnswered(q: ResolvedQuestion, d: Draft): boolean {
  const a = d.answers[q.id];
  if (kindOf(q) === 'ordering') return d.touched[q.id] === true;
  if (a === null || a === undefined) return false;
  return typeof a === 'number' ? Number.isFinite(a) : typeof a === 'string' ? a !== '' : a.length > 0;
}

/**
 * Moves one item of an ordering question by one place. Answers the new draft
 * (the question now counts as answered) and the sentence that says where the
 * item went, or null when it cannot move that way.
 */
export function moveItem(
  draft: Draft,
  q: ResolvedQuestion,
  itemId: string,
  delta: -1 | 1,
): { draft: Draft; announcement: string } | null {
  const order = [...((draft.answers[q.id] as readonly string[] | undefined) ?? [])];
  const from = order.indexOf(itemId);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= order.length) return null;
  order.splice(from, 1);
  order.splice(to, 0, itemId);
  const v = variantOf(q, draft.variant);
  const text = 'items' in v ? (v.items.find((i) => i.id === itemId)?.text ?? '') : '';
  return {
    draft: { ...draft, answers: { ...draft.answers, [q.id]: order }, touched: { ...draft.touched, [q.id]: true } },
    announcement: `Moved “${text}” to position ${to + 1} of ${order.length}.`,
  };
}
