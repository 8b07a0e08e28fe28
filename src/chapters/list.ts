/**
 * The registry (src/chapters/index.ts) as an ordered, checked list, and the
 * lookups every view shares: which chapter owns a scenario, generator or
 * grader name. The scenario, generator and grader registries other code
 * imports (src/chapters/scenarios/index.ts, src/chapters/generators.ts,
 * src/assessment/graders/index.ts) are views of this list.
 */
import type { ChapterManifest } from './define.ts';
import * as registry from './index.ts';

/** Orders the manifests by number and checks the registry's line names and numbers agree. */
function ordered(entries: Readonly<Record<string, ChapterManifest>>): readonly ChapterManifest[] {
  const list = Object.entries(entries).map(([key, manifest]) => {
    if (key !== manifest.id)
      throw new Error(
        `src/chapters/index.ts: the line "${key}" names chapter ${manifest.number}; call it ${manifest.id}`,
      );
    return manifest;
  });
  return Object.freeze(list.sort((a, b) => a.number - b.number));
}

/** Every chapter's manifest, in chapter order. */
export const chapters: readonly ChapterManifest[] = ordered(registry);

/** The manifest of chapter `n`, or undefined. */
export function chapterManifest(n: number): ChapterManifest | undefined {
  return chapters.find((c) => c.number === n);
}
