import { describe, expect, it } from 'vitest';
import { fillPlaceholders, resolveQuiz, QuizResolveError } from '../../../src/assessment/quiz/resolve.ts';
import { variantSeeds } from '../../../src/assessment/quiz/variants.ts';
import type { ResolvedQuestion } from '../../../src/assessment/quiz/types.ts';
import { quizSchema } from '../../../src/schemas/quiz.ts';
import { generators, quiz, rawQuiz } from './fixture.ts';

const seeds = variantSeeds('leaders-and-followers');
const resolved = resolveQuiz(quiz, generators, seeds, { source: 'content/chapters/02-x/quiz.yaml' });
const byId = (id: string): ResolvedQuestion => {
  const q = resolved.questions.find((x) => x.id === id);
  if (!q) throw new Error(id);
  return q;
};

describe('resolveQuiz', () => {
  it('produces plain JSON with 12 questions and 120 points', () => {
    expect(resolved.questions).toHaveLength(12);
    expect(resolved.maxScore).toBe(120);
    expect(JSON.parse(JSON.stringify(resolved))).toEqual(resolved);
    expect(resolved.variantSeeds).toEqual(seeds);
  });

  it('passes static questions through with one variant', () => {
    const q1 = byId('q1');
    expect(q1.generated).toBe(false);
    expect(q1.variants).toHaveLength(1);
    if (q1.kind !== 'single') throw new Error('kind');
    expect(q1.variants[0]?.options.map((o) => [o.id, o.correct])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    expect(q1.variants[0]?.options[0]?.explanation).toBe('Why a: the leader.');
    // Static texts are not treated as templates.
    const q12 = byId('q12');
    expect(q12.variants[0]?.prompt).toBe('Which scale with replicas? Use {{braces}} literally.');
    const q3 = byId('q3');
    if (q3.kind !== 'ordering') throw new Error('kind');
    expect(q3.variants[0]?.items.map((i) => i.id)).toEqual(['detect', 'choose', 'fence', 'redirect']);
  });

  it('computes one variant per seed for engine-backed questions and fills placeholders everywhere', () => {
    const q6 = byId('q6');
    if (q6.kind !== 'single') throw new Error('kind');
    expect(q6.generated).toBe(true);
    expect(q6.variants).toHaveLength(seeds.length);
    seeds.forEach((seed, i) => {
      const v = q6.variants[i];
      expect(v?.prompt).toBe(`After ${seed % 100} writes, which replica is furthest behind?`);
      expect(v?.options[0]?.text).toBe(`replica 1 (LSN ${seed % 7})`);
      expect(v?.options[1]?.explanation).toBe(`Why r2: replica 2 (LSN ${seed % 11}).`);
      const key = seed % 7 < seed % 11 ? 'r1' : 'r2';
      expect(v?.options.filter((o) => o.correct).map((o) => o.id)).toEqual([key]);
    });
    const q8 = byId('q8');
    if (q8.kind !== 'numeric') throw new Error('kind');
    expect(q8.unit).toBe('ms');
    expect(q8.variants.map((v) => v.answer)).toEqual(seeds.map((s) => 10 + (s % 50)));
    // `{answer}` is available to numeric explanations.
    expect(q8.variants[0]?.explanation).toBe(`The engine measured ${10 + ((seeds[0] ?? 0) % 50)} ms.`);
    expect(q8.variants[0]?.tolerance).toBe(1);
  });

  it('gives predict questions the run to replay: the generator’s, or the scenario with the seed', () => {
    const q9 = byId('q9');
    if (q9.kind !== 'predict' || q9.answerKind !== 'numeric') throw new Error('kind');
    expect(q9.scenario).toBe('async-crash');
    expect(q9.variants[0]?.run).toEqual({ scenario: 'async-crash', seed: (seeds[0] ?? 0) + 1 });
    const q10 = byId('q10');
    if (q10.kind !== 'predict' || q10.answerKind !== 'single') throw new Error('kind');
    expect(q10.variants[1]?.run).toEqual({ scenario: 'lagging-reads', seed: seeds[1] });
  });

  it('is deterministic', () => {
    expect(resolveQuiz(quiz, generators, seeds)).toEqual(resolveQuiz(quiz, generators, seeds));
  });

  it('fails with the question id and generator name when a generator is missing', () => {
    const { 'ch02.lag': _gone, ...rest } = generators;
    expect(() => resolveQuiz(quiz, rest, seeds, { source: 'content/chapters/02-x/quiz.yaml' })).toThrowError(
      QuizResolveError,
    );
    expect(() => resolveQuiz(quiz, rest, seeds, { source: 'content/chapters/02-x/quiz.yaml' })).toThrowError(
      /content\/chapters\/02-x\/quiz\.yaml, question "q8" names generator "ch02\.lag", which is not registered/,
    );
    // An inherited property name is not a registered generator either.
    const proto = quizSchema.parse({
      ...rawQuiz,
      questions: rawQuiz.questions.map((q) => (q.id === 'q8' ? { ...q, generator: 'ch02.toString' } : q)),
    });
    expect(() => resolveQuiz(proto, generators, seeds)).toThrowError(/"ch02\.toString", which is not registered/);
  });

  it('fails clearly when a generator answers the wrong type, an unknown option or throws', () => {
    const cases: [string, (seed: number) => unknown, RegExp][] = [
      [
        'ch02.whichReplica',
        () => ({ params: { writes: 1, lsn1: 1, lsn2: 2 }, answer: 'r9' }),
        /question "q6".*must answer one option id \(r1, r2\), but answered "r9"/,
      ],
      ['ch02.whichStale', () => ({ params: { t: 1 }, answer: [] }), /question "q7".*non-empty list/],
      ['ch02.lag', () => ({ params: { followers: 1 }, answer: 'ten' }), /question "q8".*finite number/],
      ['ch02.lag', () => ({ params: { followers: 1 }, answer: Number.NaN }), /finite number/],
      [
        'ch02.lag',
        () => {
          throw new Error('engine exploded');
        },
        /question "q8": generator "ch02\.lag" failed for seed \d+: engine exploded/,
      ],
      ['ch02.lag', () => undefined, /returned no \{ params, answer \}/],
    ];
    for (const [name, gen, message] of cases) {
      const broken = { ...generators, [name]: gen } as typeof generators;
      expect(() => resolveQuiz(quiz, broken, seeds), name).toThrowError(message);
    }
  });

  it('fails when a placeholder has no value', () => {
    const broken = { ...generators, 'ch02.lag': () => ({ params: {}, answer: 3 }) };
    expect(() => resolveQuiz(quiz, broken, seeds)).toThrowError(
      /question "q8".*uses \{followers\}, but the generator gives no "followers"/,
    );
  });

  it('refuses an empty seed list', () => {
    expect(() => resolveQuiz(quiz, generators, [])).toThrowError(/at least one variant seed/);
  });

  it('supports engine-backed ordering questions', () => {
    const ordering = quizSchema.parse({
      ...rawQuiz,
      questions: rawQuiz.questions.map((q) => (q.id === 'q3' ? { ...q, generator: 'ch06.order' } : q)),
    });
    const gens = {
      ...generators,
      'ch06.order': (seed: number) => ({
        params: {},
        answer: seed % 2 ? ['choose', 'detect', 'fence', 'redirect'] : ['detect', 'choose', 'fence', 'redirect'],
      }),
    };
    const r = resolveQuiz(ordering, gens, [1, 2]);
    const q3 = r.questions.find((q) => q.id === 'q3');
    if (q3?.kind !== 'ordering') throw new Error('kind');
    expect(q3.variants.map((v) => v.items[0]?.id)).toEqual(['choose', 'detect']);
    const bad = { ...gens, 'ch06.order': () => ({ params: {}, answer: ['detect', 'detect', 'fence', 'redirect'] }) };
    expect(() => resolveQuiz(ordering, bad, [1])).toThrowError(/every item id exactly once/);
  });
});

describe('fillPlaceholders', () => {
  it('fills names, keeps doubled braces literal, and leaves other braces alone', () => {
    expect(fillPlaceholders('{a} + {b} = {{sum}}', { a: 1, b: 'two' }, 'x')).toBe('1 + two = {sum}');
    expect(fillPlaceholders('const o = { a: 1 }', {}, 'x')).toBe('const o = { a: 1 }');
    expect(() => fillPlaceholders('{missing}', { a: 1 }, 'here')).toThrowError(
      /here: the text uses \{missing\}.*gives: a/,
    );
    expect(() => fillPlaceholders('{toString}', {}, 'here')).toThrowError(/toString/);
  });
});
