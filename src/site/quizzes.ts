/**
 * Build-time quiz keys: resolves a chapter's quiz against the engine-backed
 * generators, so the page ships plain JSON and never the engine.
 */
import { generators } from '../chapters/generators.ts';
import { resolveQuiz, variantSeeds, type ResolvedQuiz } from '../assessment/quiz/index.ts';
import type { LoadedChapter } from './validate-content.ts';

export function resolvedQuizFor(chapter: LoadedChapter): ResolvedQuiz | undefined {
  if (!chapter.quiz) return undefined;
  return resolveQuiz(chapter.quiz, generators, variantSeeds(chapter.meta.slug), {
    source: `content/chapters/${chapter.folder}/quiz.yaml`,
  });
}
