/**
 * Schema of a graded exercise (content/chapters/NN-slug/exercises/<id>/exercise.yaml).
 *
 * The code lives beside the YAML as TypeScript files so authors get an editor's
 * help: the starter the learner begins with, the reference solution (revealed
 * only on request) and wrong solutions that the tests prove the grader rejects.
 */
import { z } from 'zod';

const tsFile = z
  .string({ error: 'a file name is required' })
  .regex(
    /^[a-z0-9][a-z0-9-]*\.ts$/,
    'code files are named like `starter.ts` or `wrong-no-dedupe.ts`, beside exercise.yaml',
  );

export const exerciseSchema = z.object({
  /** Matches the folder name. */
  id: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id must be lower-case words joined by dashes and match the folder name'),
  title: z.string({ error: 'title is required' }).min(3),
  /** Markdown: what to build and what the checker verifies. */
  task: z
    .string({ error: 'task is required: explain what to build' })
    .min(40, 'task must explain the exercise (at least 40 characters)'),
  /** Name of the exported function the learner writes, for example `admit`. */
  entry: z.string().regex(/^[a-zA-Z_$][\w$]*$/, 'entry must be the name of the exported function'),
  /** Grader of this chapter, `chNN.camelName`, listed in its manifest (src/chapters/chNN/index.ts). */
  grader: z.string().regex(/^ch\d{2}\.[a-zA-Z][a-zA-Z0-9]*$/, 'grader names look like `ch01.loadShedding`'),
  starter: tsFile,
  reference: tsFile,
  /** Plausible wrong solutions; each must fail, naming `property`. */
  wrong: z
    .array(
      z.object({
        file: tsFile,
        /** The property the grader must name when it rejects this solution. */
        property: z.string().min(1),
        /** What mistake it represents, for maintainers. */
        why: z.string().min(5),
      }),
    )
    .min(2, 'list at least 2 plausible wrong solutions; the tests prove the grader rejects each'),
  /** Hints shown one at a time on request. */
  hints: z.array(z.string()).default([]),
});

export type Exercise = z.infer<typeof exerciseSchema>;
