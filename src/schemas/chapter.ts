/**
 * Schema of a chapter's lesson frontmatter (content/chapters/NN-slug/lesson.mdx).
 *
 * The lesson body is the MDX itself; this validates only what the site needs
 * to list, route and order chapters. Messages say how to fix the content,
 * because the person reading them is an author, not a programmer.
 */
import { z } from 'zod';

export const chapterSchema = z.object({
  /** Position in the course, 1-based. Must match the NN prefix of the folder. */
  number: z
    .number({ error: 'number must be the chapter number, for example `number: 2`' })
    .int('number must be a whole number')
    .min(1, 'number starts at 1'),
  /** URL segment, lower-case words joined by dashes. Must match the folder name after `NN-`. */
  slug: z
    .string({ error: 'slug is required, for example `slug: leaders-and-followers`' })
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'slug must be lower-case words joined by dashes, like `what-the-log-carries`'),
  /** Title shown in headings and the chapter list. */
  title: z.string({ error: 'title is required' }).min(3, 'title must be at least 3 characters'),
  /** One or two sentences shown on the home page. */
  summary: z
    .string({ error: 'summary is required: one or two sentences for the chapter list' })
    .min(20, 'summary must be at least 20 characters'),
  /** What the learner can do after the chapter; shown at the top of the lesson. */
  goals: z
    .array(z.string().min(5, 'each goal must be a sentence'), {
      error: 'goals must be a list of learning goals, for example `goals: ["Explain why ..."]`',
    })
    .min(2, 'list at least 2 learning goals')
    .max(6, 'list at most 6 learning goals; split the chapter if it teaches more'),
  /** Rough reading-and-doing time in minutes. */
  minutes: z.number().int().positive().optional(),
});

export type ChapterMeta = z.infer<typeof chapterSchema>;
