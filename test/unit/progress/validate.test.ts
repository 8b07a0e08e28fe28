/**
 * The hand-written validators (validate.ts, shipped to the browser) must agree
 * with the zod specification (spec.ts) on every input: same verdict, same output.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS, MAX_TIME, MIN_TIME } from '../../../src/progress/schema.ts';
import {
  cellEditSpec,
  exerciseProgressSpec,
  learnerSeedSpec,
  quizAttemptSpec,
  responsesSpec,
} from '../../../src/progress/spec.ts';
import { isLearnerSeed, readAttempt, readCell, readExercise, readResponses } from '../../../src/progress/validate.ts';

const plain = (v: unknown) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

function agree(
  spec: { safeParse(v: unknown): { success: boolean; data?: unknown } },
  read: (v: unknown) => unknown,
  value: unknown,
) {
  const z = spec.safeParse(value);
  const mine = read(value);
  expect(mine !== undefined, JSON.stringify(value)?.slice(0, 300)).toBe(z.success);
  if (z.success) expect(plain(mine)).toEqual(plain(z.data));
}

/** Numbers around every boundary the schema has, plus junk. */
const num = fc.oneof(
  fc.constantFrom(
    0,
    1,
    -1,
    63,
    64,
    119,
    120,
    121,
    0.5,
    1e6,
    1e6 + 1,
    2 ** 32 - 1,
    2 ** 32,
    MIN_TIME,
    MIN_TIME - 1,
    MAX_TIME,
    MAX_TIME + 1,
    Number.NaN,
    Infinity,
    -Infinity,
    2 ** 53,
  ),
  fc.integer({ min: -5, max: 130 }),
  fc.integer({ min: MIN_TIME - 10, max: MIN_TIME + 10 }),
  fc.double(),
);
const junk = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string({ maxLength: 4 }),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
);
const field = fc.oneof({ weight: 4, arbitrary: num }, { weight: 1, arbitrary: junk });
const id = fc.oneof(
  fc.constantFrom(
    'q1',
    'a',
    'b-2',
    '__proto__',
    'constructor',
    '',
    'x'.repeat(LIMITS.idChars + 1),
    'Q.1:x/y',
    '-bad',
    'with space',
  ),
  fc.string({ maxLength: 6 }),
);
const response = fc.oneof(
  fc.constant(null),
  num,
  id,
  fc.array(id, { maxLength: 4 }),
  fc.array(fc.constant('a'), { minLength: 49, maxLength: 52 }),
  junk,
);
const responses = fc.oneof(
  fc.dictionary(id, response, { maxKeys: 4 }),
  fc.dictionary(
    fc.string({ minLength: 1, maxLength: 3 }).map((s) => `k${s.replace(/[^a-z]/g, 'a')}`),
    fc.constant('a'),
    { minKeys: 48, maxKeys: 53 },
  ),
  junk,
);

describe('validate.ts agrees with the zod spec', () => {
  it('quiz attempts', () => {
    fc.assert(
      fc.property(
        fc.record(
          { score: field, max: field, variant: field, at: field, responses: responses, extra: junk },
          { requiredKeys: [] },
        ),
        (v) => agree(quizAttemptSpec, readAttempt, v),
      ),
      { numRuns: 3000 },
    );
    // Valid attempts are common enough to matter.
    fc.assert(
      fc.property(
        fc.record({
          score: fc.integer({ min: 0, max: 120 }),
          max: fc.constant(120),
          variant: fc.integer({ min: 0, max: 3 }),
          at: fc.integer({ min: MIN_TIME, max: MAX_TIME }),
        }),
        (v) => agree(quizAttemptSpec, readAttempt, v),
      ),
      { numRuns: 300 },
    );
  });

  it('responses', () => {
    fc.assert(
      fc.property(responses, (v) => agree(responsesSpec, readResponses, v)),
      { numRuns: 2000 },
    );
    agree(responsesSpec, readResponses, JSON.parse('{"__proto__":"a","q1":"b"}'));
  });

  it('exercises', () => {
    fc.assert(
      fc.property(
        fc.record(
          { runs: field, lastRunAt: field, passedAt: field, revealedAt: field, extra: junk },
          { requiredKeys: [] },
        ),
        (v) => agree(exerciseProgressSpec, readExercise, v),
      ),
      { numRuns: 3000 },
    );
  });

  it('cells', () => {
    const code = fc.oneof(
      fc.string({ maxLength: 10 }),
      fc.constant('x'.repeat(LIMITS.cellChars)),
      fc.constant('x'.repeat(LIMITS.cellChars + 1)),
      junk,
      num,
    );
    fc.assert(
      fc.property(fc.record({ code, savedAt: field }, { requiredKeys: [] }), (v) => agree(cellEditSpec, readCell, v)),
      { numRuns: 2000 },
    );
  });

  it('learner seeds', () => {
    fc.assert(
      fc.property(fc.oneof(num, junk), (v) => {
        expect(isLearnerSeed(v)).toBe(learnerSeedSpec.safeParse(v).success);
      }),
      { numRuns: 1000 },
    );
  });

  it('any value at all', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        agree(quizAttemptSpec, readAttempt, v);
        agree(exerciseProgressSpec, readExercise, v);
        agree(cellEditSpec, readCell, v);
      }),
      { numRuns: 1000 },
    );
  });
});
