/**
 * Schema of a chapter quiz (content/chapters/NN-slug/quiz.yaml).
 *
 * A quiz has exactly twelve questions. Every option carries an explanation,
 * shown after the attempt whether or not the learner chose it. Questions whose
 * key comes from the engine name a generator (registered in src/chapters) instead
 * of holding a hand-typed answer; the generator computes the answer, and any
 * `{placeholders}` in the prompt, from a seed.
 */
import { z } from 'zod';

export const QUIZ_LENGTH = 12;

const id = z
  .string({ error: 'id is required' })
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case letters, digits and dashes, like `q3` or `b`');

const prose = (what: string) => z.string({ error: `${what} is required` }).min(1, `${what} must not be empty`);

/** Name of an engine-backed answer generator, `chNN.camelName`, registered in src/chapters. */
const generatorName = z
  .string()
  .regex(/^ch\d{2}\.[a-zA-Z][a-zA-Z0-9]*$/, 'generator names look like `ch02.lagAfterRestart`');

export const choiceOptionSchema = z.object({
  id,
  text: prose('option text'),
  /** Static key. Leave out when a generator decides which options are correct. */
  correct: z.boolean().optional(),
  explanation: prose('every option needs an explanation (shown after the attempt)'),
});

const base = {
  id,
  prompt: prose('prompt'),
  /** General explanation shown after the attempt, in addition to per-option ones. */
  explanation: z.string().optional(),
  /** Engine generator computing the key from a seed. */
  generator: generatorName.optional(),
};

export const singleChoiceSchema = z.object({
  ...base,
  kind: z.literal('single'),
  options: z.array(choiceOptionSchema).min(2, 'a single-choice question needs at least 2 options'),
});

export const multipleSelectSchema = z.object({
  ...base,
  kind: z.literal('multiple'),
  options: z.array(choiceOptionSchema).min(3, 'a multiple-select question needs at least 3 options'),
});

export const orderingSchema = z.object({
  ...base,
  kind: z.literal('ordering'),
  /** Listed in the correct order; shown shuffled (deterministically) to the learner. */
  items: z
    .array(z.object({ id, text: prose('item text'), explanation: prose('every item needs an explanation') }))
    .min(3, 'an ordering question needs at least 3 items'),
});

export const numericSchema = z.object({
  ...base,
  kind: z.literal('numeric'),
  /** Static key; leave out when `generator` computes it. */
  answer: z.number().optional(),
  /** Accepted absolute distance from the key. */
  tolerance: z.number().nonnegative().default(0),
  unit: z.string().optional(),
  /** Explanation of how the number comes about (numeric questions have no options). */
  explanation: prose('a numeric question needs an explanation'),
});

/**
 * Predict the simulation: show a scenario, ask what happens, then let the learner run it.
 * The answer is either one of `options` or a number; the generator always computes it.
 */
export const predictSchema = z.object({
  ...base,
  kind: z.literal('predict'),
  generator: generatorName,
  /** Named scenario (src/chapters/scenarios) the learner can run after answering. */
  scenario: z.string().min(1, 'scenario must name a registered scenario'),
  answerKind: z.enum(['single', 'numeric']),
  options: z.array(choiceOptionSchema).optional(),
  tolerance: z.number().nonnegative().default(0),
  unit: z.string().optional(),
});

export const questionSchema = z.discriminatedUnion(
  'kind',
  [singleChoiceSchema, multipleSelectSchema, orderingSchema, numericSchema, predictSchema],
  { error: 'kind must be one of: single, multiple, ordering, numeric, predict' },
);

export const quizSchema = z
  .object({
    questions: z.array(questionSchema).length(QUIZ_LENGTH, `a quiz has exactly ${QUIZ_LENGTH} questions`),
  })
  .superRefine((quiz, ctx) => {
    const seen = new Set<string>();
    quiz.questions.forEach((q, i) => {
      if (seen.has(q.id))
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: `duplicate question id "${q.id}"` });
      seen.add(q.id);
      if ((q.kind === 'single' || q.kind === 'multiple') && !q.generator) {
        const correct = q.options.filter((o) => o.correct).length;
        if (q.kind === 'single' && correct !== 1)
          ctx.addIssue({
            code: 'custom',
            path: ['questions', i, 'options'],
            message: `a single-choice question needs exactly one option with \`correct: true\` (found ${correct}), or a generator`,
          });
        if (q.kind === 'multiple' && correct < 1)
          ctx.addIssue({
            code: 'custom',
            path: ['questions', i, 'options'],
            message: 'a multiple-select question needs at least one option with `correct: true`, or a generator',
          });
      }
      if (q.kind === 'numeric' && q.answer === undefined && !q.generator)
        ctx.addIssue({
          code: 'custom',
          path: ['questions', i, 'answer'],
          message: 'a numeric question needs `answer:` or `generator:`',
        });
      if (q.kind === 'predict' && q.answerKind === 'single' && (!q.options || q.options.length < 2))
        ctx.addIssue({
          code: 'custom',
          path: ['questions', i, 'options'],
          message: 'a predict question with `answerKind: single` needs at least 2 options',
        });
      if ('options' in q && q.options) {
        const ids = new Set<string>();
        q.options.forEach((o, j) => {
          if (ids.has(o.id))
            ctx.addIssue({
              code: 'custom',
              path: ['questions', i, 'options', j, 'id'],
              message: `duplicate option id "${o.id}"`,
            });
          ids.add(o.id);
        });
      }
    });
    const derived = quiz.questions.filter((q) => q.generator).length;
    if (derived < 4)
      ctx.addIssue({
        code: 'custom',
        path: ['questions'],
        message: `at least 4 questions must take their key from the engine via \`generator:\` (found ${derived})`,
      });
  });

export type Quiz = z.infer<typeof quizSchema>;
export type Question = z.infer<typeof questionSchema>;
export type ChoiceOption = z.infer<typeof choiceOptionSchema>;
