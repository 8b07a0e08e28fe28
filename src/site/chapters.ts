/**
 * Build-time queries the pages share: the ordered chapter list with each
 * chapter's rendered lesson entry, its quiz and exercises, and its neighbours.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { resolve } from 'node:path';
import { validateContent, type ContentReport, type LoadedChapter } from './validate-content.ts';

export interface ChapterPageData {
  readonly entry: CollectionEntry<'chapters'>;
  readonly loaded: LoadedChapter | undefined;
  readonly prev: CollectionEntry<'chapters'> | undefined;
  readonly next: CollectionEntry<'chapters'> | undefined;
}

let report: ContentReport | undefined;

/**
 * Quizzes and exercises, read once per build (the integration already validated them).
 * Resolved from the working directory, which Astro sets to the project root: this
 * module runs from a bundled chunk, so its own URL says nothing about where content/ is.
 */
export function contentReport(): ContentReport {
  report ??= validateContent(resolve('content'), 'content');
  return report;
}

export async function orderedChapters(): Promise<CollectionEntry<'chapters'>[]> {
  const entries = await getCollection('chapters');
  return entries.sort((a, b) => a.data.number - b.data.number);
}

export async function chapterPages(): Promise<ChapterPageData[]> {
  const entries = await orderedChapters();
  const loaded = new Map(contentReport().chapters.map((c) => [c.folder, c]));
  return entries.map((entry, i) => ({
    entry,
    loaded: loaded.get(entry.id),
    prev: entries[i - 1],
    next: entries[i + 1],
  }));
}

export function chapterHref(base: string, entry: CollectionEntry<'chapters'>): string {
  return `${base}/chapters/${entry.data.slug}/`;
}
