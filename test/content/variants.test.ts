/**
 * Quiz variants really vary, for every chapter under content/chapters/.
 *
 * The build resolves each engine-backed question (one with `generator:`) for
 * the chapter's four variant seeds (`variantSeeds`), and a learner's second
 * attempt takes another variant (`pickVariant`). This test resolves every quiz
 * exactly as the build does and checks, per generator-backed question:
 *
 * - the four variants give at least three distinct keys, so a learner cannot
 *   pass attempt 2 by repeating attempt 1's answer;
 * - for every way the first variant can be picked, the second attempt's
 *   variant shows different numbers (a different prompt) from the first.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { generators } from '../../src/chapters/generators.ts';
import { resolveQuiz } from '../../src/assessment/quiz/resolve.ts';
import type { ResolvedQuestion, ResolvedQuiz } from '../../src/assessment/quiz/types.ts';
import { pickVariant, variantSeeds } from '../../src/assessment/quiz/variants.ts';
import { quizSchema } from '../../src/schemas/quiz.ts';

const CHAPTERS = join(import.meta.dirname, '../../content/chapters');
/** Enough learner seeds to reach every first variant many times over. */
const LEARNER_SEEDS = Array.from({ length: 200 }, (_, i) => i * 7919 + 1);
const MIN_DISTINCT_KEYS = 3;

/** The key of one variant: the correct option ids, or the number. */
function keyOf(q: ResolvedQuestion, v: number): string {
  const variant = q.variants[v] as unknown as {
    options?: readonly { id: string; correct: boolean }[];
    items?: readonly { id: string }[];
    answer?: number;
  };
  if (variant.options) return JSON.stringify(variant.options.filter((o) => o.correct).map((o) => o.id));
  if (variant.items) return JSON.stringify(variant.items.map((i) => i.id));
  return JSON.stringify(variant.answer);
}

function promptOf(q: ResolvedQuestion, v: number): string {
  return (q.variants[v] as { prompt: string }).prompt;
}

const folders = readdirSync(CHAPTERS)
  .filter((f) => existsSync(join(CHAPTERS, f, 'quiz.yaml')))
  .sort();

test('there are chapters with quizzes to check', () => expect(folders.length).toBeGreaterThan(0));

describe.each(folders)('%s quiz variants', (folder) => {
  const parsed = quizSchema.parse(parseYaml(readFileSync(join(CHAPTERS, folder, 'quiz.yaml'), 'utf8')));
  const seeds = variantSeeds(folder);
  const quiz: ResolvedQuiz = resolveQuiz(parsed, generators, seeds, { source: folder });
  const generated = quiz.questions.filter((q) => q.generated);

  const cases: [string, ResolvedQuestion | null][] =
    generated.length > 0 ? generated.map((q) => [q.id, q]) : [['(no engine-backed questions)', null]];
  test.each(cases)('%s: the variants give at least 3 distinct keys', (_id, q) => {
      if (q === null) return;
      const keys = q.variants.map((_, v) => keyOf(q, v));
      expect(q.variants).toHaveLength(seeds.length);
      expect(new Set(keys).size, `${folder} ${q.id}: keys per variant ${keys.join(' | ')}`).toBeGreaterThanOrEqual(
        MIN_DISTINCT_KEYS,
      );
  });

  test('attempt 2 never shows attempt 1’s numbers', () => {
    const firsts = new Set<number>();
    for (const learner of LEARNER_SEEDS) {
      const first = pickVariant(quiz, learner, folder, []);
      const second = pickVariant(quiz, learner, folder, [first]);
      firsts.add(first);
      expect(second, `learner ${learner}`).not.toBe(first);
      for (const q of generated) {
        expect(
          promptOf(q, second),
          `${folder} ${q.id}: variants ${first} and ${second} show the same prompt (learner seed ${learner})`,
        ).not.toBe(promptOf(q, first));
      }
    }
    if (generated.length > 0) expect(firsts.size).toBe(seeds.length);
  });
});
