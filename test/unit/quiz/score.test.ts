import { describe, expect, it } from 'vitest';
import {
  attemptsLeft,
  bestScore,
  multipleSelectPoints,
  scoreAttempt,
  scoreQuestion,
  withinTolerance,
} from '../../../src/assessment/quiz/score.ts';
import { resolveQuiz } from '../../../src/assessment/quiz/resolve.ts';
import { variantSeeds } from '../../../src/assessment/quiz/variants.ts';
import type { Answer, ResolvedQuestion } from '../../../src/assessment/quiz/types.ts';
import { generators, quiz } from './fixture.ts';

const seeds = variantSeeds('leaders-and-followers');
const resolved = resolveQuiz(quiz, generators, seeds);
const q = (id: string): ResolvedQuestion => {
  const found = resolved.questions.find((x) => x.id === id);
  if (!found) throw new Error(id);
  return found;
};
const pts = (id: string, answer: Answer, v = 0) => scoreQuestion(q(id), v, answer).points;

/** The answers that earn full marks in variant v. */
function perfect(v: number): Record<string, Answer> {
  const out: Record<string, Answer> = {};
  for (const question of resolved.questions) {
    const variant = question.variants[v % question.variants.length];
    if (!variant) throw new Error('variant');
    if ('options' in variant) {
      const correct = variant.options.filter((o) => o.correct).map((o) => o.id);
      out[question.id] = question.kind === 'multiple' ? correct : (correct[0] ?? null);
    } else if ('items' in variant) out[question.id] = variant.items.map((i) => i.id);
    else out[question.id] = variant.answer;
  }
  return out;
}

describe('scoring each kind', () => {
  it('single choice: all or nothing', () => {
    expect(pts('q1', 'a')).toBe(10);
    expect(pts('q1', 'b')).toBe(0);
    expect(pts('q1', null)).toBe(0);
    expect(pts('q1', ['a'])).toBe(0); // wrong shape
  });

  it('multiple select: (right - wrong) / correct, floored at 0, rounded', () => {
    // q2: correct a, b, d; wrong c
    expect(pts('q2', ['a', 'b', 'd'])).toBe(10);
    expect(pts('q2', ['d', 'a', 'b'])).toBe(10);
    expect(pts('q2', ['a', 'b'])).toBe(7); // 2/3
    expect(pts('q2', ['a'])).toBe(3); // 1/3
    expect(pts('q2', ['a', 'b', 'c'])).toBe(3); // (2-1)/3
    expect(pts('q2', ['a', 'b', 'c', 'd'])).toBe(7); // (3-1)/3: ticking everything costs
    expect(pts('q2', ['c'])).toBe(0);
    expect(pts('q2', [])).toBe(0);
    expect(pts('q2', ['a', 'a', 'a'])).toBe(3); // duplicates count once
    expect(multipleSelectPoints(['x'], [])).toBe(0);
    // q12: one correct of three
    expect(pts('q12', ['reads', 'writes'])).toBe(0);
  });

  it('ordering: all or nothing', () => {
    expect(pts('q3', ['detect', 'choose', 'fence', 'redirect'])).toBe(10);
    expect(pts('q3', ['choose', 'detect', 'fence', 'redirect'])).toBe(0);
    expect(pts('q3', ['detect', 'choose', 'fence'])).toBe(0);
    expect(pts('q3', 'detect')).toBe(0);
  });

  it('numeric: within tolerance, edges included, robust to float rounding', () => {
    expect(pts('q4', 3)).toBe(10);
    expect(pts('q4', 3.0000001)).toBe(0); // tolerance 0
    expect(pts('q4', 2)).toBe(0);
    // q5: 0.3 +- 0.1
    expect(pts('q5', 0.1 + 0.2)).toBe(10);
    expect(pts('q5', 0.2)).toBe(10); // lower edge
    expect(pts('q5', 0.4)).toBe(10); // upper edge
    expect(pts('q5', 0.41)).toBe(0);
    expect(pts('q5', 0.19)).toBe(0);
    expect(pts('q5', Number.NaN)).toBe(0);
    expect(pts('q5', Number.POSITIVE_INFINITY)).toBe(0);
    expect(withinTolerance(1e12 + 1e-4, 1e12, 0)).toBe(true); // relative slack for big numbers
  });

  it('engine-backed questions are scored against the variant in use', () => {
    const q8 = q('q8');
    if (q8.kind !== 'numeric') throw new Error('kind');
    const [a0, a1] = [q8.variants[0]?.answer ?? 0, q8.variants[1]?.answer ?? 0];
    expect(pts('q8', a0, 0)).toBe(10);
    expect(pts('q8', a0 + 1, 0)).toBe(10); // tolerance 1
    expect(pts('q8', a0 + 2, 0)).toBe(0);
    if (Math.abs(a0 - a1) > 1) expect(pts('q8', a0, 1)).toBe(0);
  });

  it('predict questions score by their answer kind', () => {
    const v = 0;
    const key = perfect(v);
    expect(pts('q9', key.q9 ?? null, v)).toBe(10);
    expect(pts('q9', ((key.q9 as number) ?? 0) + 1, v)).toBe(0); // tolerance 0
    expect(pts('q10', key.q10 ?? null, v)).toBe(10);
    expect(pts('q10', key.q10 === 'stale' ? 'none' : 'stale', v)).toBe(0);
  });

  it('marks answered and correct flags', () => {
    expect(scoreQuestion(q('q2'), 0, ['a'])).toEqual({ id: 'q2', points: 3, max: 10, correct: false, answered: true });
    expect(scoreQuestion(q('q4'), 0, null)).toEqual({ id: 'q4', points: 0, max: 10, correct: false, answered: false });
  });
});

describe('scoring an attempt', () => {
  it('perfect answers earn 120 in every variant', () => {
    for (let v = 0; v < seeds.length; v++) {
      const r = scoreAttempt(resolved.questions, v, perfect(v));
      expect(r.score).toBe(120);
      expect(r.max).toBe(120);
      expect(r.questions.every((x) => x.correct)).toBe(true);
    }
  });

  it('no answers earn 0, and answers for unknown or inherited ids are ignored', () => {
    expect(scoreAttempt(resolved.questions, 0, {}).score).toBe(0);
    const hostile = JSON.parse('{"__proto__":{"q1":"a"},"zzz":"a"}') as Record<string, Answer>;
    expect(scoreAttempt(resolved.questions, 0, hostile).score).toBe(0);
  });

  it('sums partial credit', () => {
    const answers = { ...perfect(0), q2: ['a', 'b'], q3: ['choose', 'detect', 'fence', 'redirect'] };
    expect(scoreAttempt(resolved.questions, 0, answers).score).toBe(120 - 3 - 10);
  });
});

describe('attempts', () => {
  it('the best of two attempts counts; no third attempt', () => {
    expect(bestScore([])).toBeUndefined();
    expect(bestScore([{ score: 70 }, { score: 50 }])).toBe(70);
    expect(bestScore([{ score: 70 }, { score: 110 }])).toBe(110);
    expect(attemptsLeft([])).toBe(2);
    expect(attemptsLeft([{}])).toBe(1);
    expect(attemptsLeft([{}, {}])).toBe(0);
    expect(attemptsLeft([{}, {}, {}])).toBe(0);
  });
});
