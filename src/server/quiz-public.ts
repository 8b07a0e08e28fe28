/**
 * The public version of a chapter's quiz file, which a cohort server serves
 * instead of the full one: questions and options as the learner sees them,
 * with nothing a learner could derive a key from. Pure, no Node imports, so
 * the Quiz island can import its types.
 *
 * Removed: every option's `correct` and `explanation`, every item's
 * `explanation`, variant explanations, numeric `answer` and `tolerance`,
 * predict runs (their seed replays the key) and the variant seeds (a count
 * is enough to show "attempt 2 uses other numbers"). Ordering items are the
 * one key that lives in the data's shape (the file stores them in the right
 * order), so they are listed sorted by text instead, never in the key's order.
 * Item ids are kept: they are content words (`load`, `queue`), not positions;
 * test/server/quiz.test.ts checks the content so it stays that way.
 */
import type { ResolvedQuestion, ResolvedQuiz } from '../assessment/quiz/types.ts';

export interface PublicChoice {
  readonly id: string;
  readonly text: string;
}

export interface PublicVariant {
  readonly prompt: string;
  /** Choice questions (single, multiple, predict single). */
  readonly options?: readonly PublicChoice[];
  /** Ordering questions, in an order unrelated to the key. */
  readonly items?: readonly PublicChoice[];
}

export interface PublicQuestion {
  readonly id: string;
  readonly kind: ResolvedQuestion['kind'];
  readonly generated: boolean;
  /** Predict questions: how the learner answers. */
  readonly answerKind?: 'single' | 'numeric';
  /** Predict questions: the scenario named in the question head. */
  readonly scenario?: string;
  readonly unit?: string;
  readonly variants: readonly PublicVariant[];
}

export interface PublicQuiz {
  /** Marks the file as the keyless version (the island scores nothing from it). */
  readonly public: true;
  readonly variantCount: number;
  readonly pointsPerQuestion: number;
  readonly maxScore: number;
  readonly questions: readonly PublicQuestion[];
}

const choice = (c: { readonly id: string; readonly text: string }): PublicChoice => ({ id: c.id, text: c.text });

/**
 * Ordering items sorted by text (then id). In the rare case that this equals
 * the key's order, the list is rotated by one so the file never shows the key.
 */
export function publicOrder(items: readonly { readonly id: string; readonly text: string }[]): PublicChoice[] {
  const sorted = items.map(choice).sort((a, b) => a.text.localeCompare(b.text, 'en') || a.id.localeCompare(b.id));
  if (sorted.length >= 2 && sorted.every((s, i) => s.id === items[i]?.id)) sorted.push(sorted.shift() as PublicChoice);
  return sorted;
}

function publicQuestion(q: ResolvedQuestion): PublicQuestion {
  const head = {
    id: q.id,
    kind: q.kind,
    generated: q.generated,
    ...(q.kind === 'predict' ? { answerKind: q.answerKind, scenario: q.scenario } : {}),
    ...('unit' in q && q.unit !== undefined ? { unit: q.unit } : {}),
  };
  const variants: PublicVariant[] = q.variants.map((v) => {
    if ('options' in v) return { prompt: v.prompt, options: v.options.map(choice) };
    if ('items' in v) return { prompt: v.prompt, items: publicOrder(v.items) };
    return { prompt: v.prompt };
  });
  return { ...head, variants };
}

/** The public version of a full quiz. */
export function publicQuiz(quiz: ResolvedQuiz): PublicQuiz {
  return {
    public: true,
    variantCount: Math.max(1, quiz.variantSeeds.length),
    pointsPerQuestion: quiz.pointsPerQuestion,
    maxScore: quiz.maxScore,
    questions: quiz.questions.map(publicQuestion),
  };
}
