/**
 * What the course contains, read from the build the server serves: the quiz
 * files (`dist/data/quiz.<slug>.<hash>.json`, with keys and variants) and the
 * exercise reference files (`dist/data/reference.<NN-slug>.<exercise>.<hash>.json`).
 * Reading the build rather than content/ means the dashboard always matches
 * the pages learners actually see.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedQuestion } from '../assessment/quiz/types.ts';

export interface CatalogChapter {
  /** Chapter slug, the key in the progress document. */
  readonly slug: string;
  /** Position in the course (from the NN- folder prefix; 999 when unknown). */
  readonly order: number;
  readonly exercises: readonly string[];
  readonly questions: readonly ResolvedQuestion[];
}

export interface Catalog {
  readonly chapters: readonly CatalogChapter[];
}

export function loadCatalog(distDir: string): Catalog {
  const dir = join(distDir, 'data');
  const files = existsSync(dir) ? readdirSync(dir) : [];
  const bySlug = new Map<string, { order: number; exercises: string[]; questions: ResolvedQuestion[] }>();
  const entry = (slug: string) => {
    let e = bySlug.get(slug);
    if (!e) bySlug.set(slug, (e = { order: 999, exercises: [], questions: [] }));
    return e;
  };
  for (const f of files.sort()) {
    const ref = /^reference\.(\d+)-([a-z0-9-]+)\.([A-Za-z0-9._:-]+)\.[0-9a-f]+\.json$/.exec(f);
    if (ref) {
      const e = entry(ref[2] as string);
      e.order = Number(ref[1]);
      e.exercises.push(ref[3] as string);
      continue;
    }
    const quiz = /^quiz\.([a-z0-9-]+)\.[0-9a-f]+\.json$/.exec(f);
    if (quiz) {
      try {
        const parsed = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { questions?: ResolvedQuestion[] };
        entry(quiz[1] as string).questions.push(...(parsed.questions ?? []));
      } catch {
        // A damaged data file only costs the item analysis of that chapter.
      }
    }
  }
  const chapters = [...bySlug.entries()]
    .map(([slug, e]) => ({ slug, ...e }))
    .sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
  return { chapters };
}
