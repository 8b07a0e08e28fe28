/**
 * The quiz attempt in progress, kept in sessionStorage so a reload (or an
 * accidental navigation) does not throw the learner's answers away. Per tab
 * on purpose: another tab starts its own attempt, and the store refuses
 * whichever of the two submits second. Anything unreadable is ignored.
 */
import type { Answer } from '../../assessment/quiz/types.ts';

export interface SavedDraft {
  /** 1-based attempt number. */
  readonly attempt: number;
  readonly variant: number;
  readonly answers: Record<string, Answer>;
  readonly touched: Record<string, boolean>;
  /** The question on screen. */
  readonly index: number;
}

const key = (chapter: string) => `workbook:quiz-draft:${chapter}`;

function session(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;

function isAnswer(a: unknown): a is Answer {
  return (
    a === null ||
    typeof a === 'string' ||
    (typeof a === 'number' && Number.isFinite(a)) ||
    (Array.isArray(a) && a.every((x) => typeof x === 'string'))
  );
}

export function loadDraft(chapter: string): SavedDraft | null {
  try {
    const raw = session()?.getItem(key(chapter));
    if (!raw) return null;
    const d = JSON.parse(raw) as Partial<SavedDraft>;
    if (!isInt(d.attempt) || !isInt(d.variant) || !isInt(d.index)) return null;
    if (typeof d.answers !== 'object' || d.answers === null || typeof d.touched !== 'object' || d.touched === null)
      return null;
    const answers: Record<string, Answer> = {};
    for (const [k, v] of Object.entries(d.answers)) if (isAnswer(v)) answers[k] = v;
    const touched: Record<string, boolean> = {};
    for (const [k, v] of Object.entries(d.touched)) if (v === true) touched[k] = true;
    return { attempt: d.attempt, variant: d.variant, answers, touched, index: d.index };
  } catch {
    return null;
  }
}

export function saveDraft(chapter: string, draft: SavedDraft): void {
  try {
    session()?.setItem(key(chapter), JSON.stringify(draft));
  } catch {
    // storage full or blocked: the attempt still works, it just will not survive a reload
  }
}

export function clearDraft(chapter: string): void {
  try {
    session()?.removeItem(key(chapter));
  } catch {
    /* nothing to do */
  }
}
