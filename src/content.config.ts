/**
 * Content collections. Lessons live in the top-level content/ folder (not
 * src/content) so authors never need to open src/. Quizzes and exercises are
 * read and validated by src/site/validate-content.ts, which also checks the
 * lesson frontmatter with the same schema used here.
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { chapterSchema } from './schemas/chapter.ts';

const chapters = defineCollection({
  loader: glob({
    pattern: '*/lesson.mdx',
    base: './content/chapters',
    // `02-leaders-and-followers/lesson.mdx` -> `02-leaders-and-followers`
    generateId: ({ entry }) => entry.split('/')[0] ?? entry,
  }),
  schema: chapterSchema,
});

export const collections = { chapters };
