import { describe, expect, it } from 'vitest';
import {
  attemptSeed,
  hashSeed,
  pickVariant,
  shuffleIds,
  variantSeeds,
  DEFAULT_VARIANT_COUNT,
} from '../../../src/assessment/quiz/variants.ts';
import { resolveQuiz } from '../../../src/assessment/quiz/resolve.ts';
import { variantOf } from '../../../src/assessment/quiz/score.ts';
import type { ResolvedQuiz } from '../../../src/assessment/quiz/types.ts';
import { generators, quiz } from './fixture.ts';

const chapter = 'leaders-and-followers';
const resolved = resolveQuiz(quiz, generators, variantSeeds(chapter));

describe('variant seeds', () => {
  it('are deterministic, distinct and chapter-specific', () => {
    const a = variantSeeds(chapter);
    expect(a).toHaveLength(DEFAULT_VARIANT_COUNT);
    expect(new Set(a).size).toBe(a.length);
    expect(variantSeeds(chapter)).toEqual(a);
    expect(variantSeeds('failover')).not.toEqual(a);
    expect(variantSeeds(chapter, 6).slice(0, 4)).toEqual(a);
  });

  it('hashSeed separates numbers from strings and order matters', () => {
    expect(hashSeed(1, 'a')).not.toBe(hashSeed('1', 'a'));
    expect(hashSeed('a', 'b')).not.toBe(hashSeed('b', 'a'));
    expect(hashSeed('a', 'b')).toBe(hashSeed('a', 'b'));
  });
});

describe('pickVariant', () => {
  it('attempt 2 uses a different variant than attempt 1, for every learner seed', () => {
    const firsts = new Set<number>();
    for (let learner = 0; learner < 200; learner++) {
      const v1 = pickVariant(resolved, learner, chapter, []);
      const v2 = pickVariant(resolved, learner, chapter, [v1]);
      firsts.add(v1);
      expect(v1).toBeGreaterThanOrEqual(0);
      expect(v1).toBeLessThan(DEFAULT_VARIANT_COUNT);
      expect(v2).not.toBe(v1);
      // Deterministic
      expect(pickVariant(resolved, learner, chapter, [])).toBe(v1);
      expect(pickVariant(resolved, learner, chapter, [v1])).toBe(v2);
    }
    expect(firsts.size).toBe(DEFAULT_VARIANT_COUNT); // learners are spread over the variants
  });

  it('attempt 2 changes the engine-derived numbers of the engine-backed questions', () => {
    for (let learner = 0; learner < 50; learner++) {
      const v1 = pickVariant(resolved, learner, chapter, []);
      const v2 = pickVariant(resolved, learner, chapter, [v1]);
      const generated = resolved.questions.filter((q) => q.generated);
      expect(generated.length).toBeGreaterThanOrEqual(4);
      const changed = generated.filter((q) => JSON.stringify(variantOf(q, v1)) !== JSON.stringify(variantOf(q, v2)));
      expect(changed.length).toBeGreaterThan(0);
      const q8 = resolved.questions.find((q) => q.id === 'q8');
      if (q8?.kind !== 'numeric') throw new Error('kind');
      expect(
        variantOf(q8, v1).prompt === variantOf(q8, v2).prompt && variantOf(q8, v1).answer === variantOf(q8, v2).answer,
      ).toBe(false);
    }
  });

  it('prefers the variant whose engine-backed questions differ most from the one used', () => {
    // Variants 0 and 1 are identical, 2 and 3 differ: after using 0, never pick 1.
    const same = { prompt: 'same', answer: 1, tolerance: 0 };
    const quizOf: ResolvedQuiz = {
      variantSeeds: [1, 2, 3, 4],
      pointsPerQuestion: 10,
      maxScore: 10,
      questions: [
        {
          id: 'n',
          kind: 'numeric',
          generated: true,
          variants: [
            same,
            same,
            { prompt: 'other', answer: 2, tolerance: 0 },
            { prompt: 'third', answer: 3, tolerance: 0 },
          ],
        },
      ],
    };
    for (let learner = 0; learner < 50; learner++) {
      const v1 = pickVariant(quizOf, learner, 'c', []);
      const v2 = pickVariant(quizOf, learner, 'c', [v1]);
      if (v1 === 0) expect(v2).not.toBe(1);
      if (v1 === 1) expect(v2).not.toBe(0);
    }
  });

  it('handles a quiz with a single variant', () => {
    const one: ResolvedQuiz = { ...resolved, variantSeeds: [5] };
    expect(pickVariant(one, 9, chapter, [])).toBe(0);
    expect(pickVariant(one, 9, chapter, [0])).toBe(0);
  });
});

describe('shuffleIds', () => {
  const ids = ['detect', 'choose', 'fence', 'redirect'];
  it('is a deterministic permutation that never shows the correct order', () => {
    for (let seed = 0; seed < 500; seed++) {
      const s = shuffleIds(ids, seed);
      expect([...s].sort()).toEqual([...ids].sort());
      expect(s).not.toEqual(ids);
      expect(shuffleIds(ids, seed)).toEqual(s);
    }
    expect(shuffleIds(['a', 'b'], 1)).toEqual(['b', 'a']);
    expect(shuffleIds(['a'], 1)).toEqual(['a']);
    expect(shuffleIds([], 1)).toEqual([]);
  });

  it('differs between the two attempts of a learner (usually) and between learners', () => {
    let differs = 0;
    for (let learner = 0; learner < 100; learner++) {
      const a1 = shuffleIds(ids, attemptSeed(learner, chapter, 1));
      const a2 = shuffleIds(ids, attemptSeed(learner, chapter, 2));
      if (a1.join() !== a2.join()) differs++;
    }
    expect(differs).toBeGreaterThan(80);
    expect(attemptSeed(1, chapter, 1)).not.toBe(attemptSeed(1, chapter, 2));
    expect(attemptSeed(1, chapter, 1)).not.toBe(attemptSeed(2, chapter, 1));
  });
});
