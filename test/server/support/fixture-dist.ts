/**
 * A tiny folder shaped like dist/ for the server tests and the bench: two
 * pages, a 404 page, a runner worker, a quiz data file with keys and one
 * exercise reference file (what src/server/catalog.ts reads).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const QUIZ = {
  variantSeeds: [1],
  pointsPerQuestion: 10,
  maxScore: 20,
  questions: [
    {
      id: 'q1',
      kind: 'single',
      generated: false,
      variants: [
        {
          prompt: 'Pick b',
          options: [
            { id: 'a', text: 'A', explanation: '', correct: false },
            { id: 'b', text: 'B', explanation: '', correct: true },
            { id: 'c', text: 'C', explanation: '', correct: false },
          ],
        },
      ],
    },
    { id: 'q2', kind: 'numeric', generated: false, variants: [{ prompt: 'How many?', answer: 3, tolerance: 0 }] },
  ],
};

const option = (id: string, correct: boolean, tag: string) => ({
  id,
  text: `Option ${id.toUpperCase()}`,
  explanation: `EXPLAIN-${tag}-${id}`,
  correct,
});

/**
 * A richer keyed quiz for test/server/quiz.test.ts: every question kind, three
 * variants of the engine-backed ones, and key material that is easy to search
 * for in a response (explanations start with EXPLAIN-, numeric keys and run
 * seeds are unusual numbers). Written by `writeRichQuiz`, not by fixtureDist,
 * so the other server tests keep their one small chapter.
 */
export const RICH_SLUG = 'rich-chapter';
export const RICH_QUIZ = {
  variantSeeds: [11, 22, 33],
  pointsPerQuestion: 10,
  maxScore: 60,
  questions: [
    {
      id: 's1',
      kind: 'single',
      generated: false,
      variants: [
        {
          prompt: 'Which one?',
          explanation: 'EXPLAIN-s1-general',
          options: [option('x', false, 's1'), option('y', true, 's1'), option('z', false, 's1')],
        },
      ],
    },
    {
      id: 'm1',
      kind: 'multiple',
      generated: false,
      variants: [
        {
          prompt: 'Which ones?',
          options: [
            option('a', true, 'm1'),
            option('b', true, 'm1'),
            option('c', false, 'm1'),
            option('d', false, 'm1'),
          ],
        },
      ],
    },
    {
      id: 'o1',
      kind: 'ordering',
      generated: false,
      variants: [
        {
          prompt: 'Order them.',
          // Stored in the key's order; sorted by text they read Apple, Mango, Zebra.
          items: [
            { id: 'zebra', text: 'Zebra step', explanation: 'EXPLAIN-o1-zebra' },
            { id: 'apple', text: 'Apple step', explanation: 'EXPLAIN-o1-apple' },
            { id: 'mango', text: 'Mango step', explanation: 'EXPLAIN-o1-mango' },
          ],
        },
      ],
    },
    {
      id: 'n1',
      kind: 'numeric',
      generated: true,
      unit: 'ms',
      variants: [
        { prompt: 'Lag with 3 followers?', answer: 4242.5, tolerance: 0.5 },
        { prompt: 'Lag with 4 followers?', answer: 7777.25, tolerance: 0.25 },
        { prompt: 'Lag with 5 followers?', answer: 9191.75, tolerance: 0 },
      ],
    },
    {
      id: 'p1',
      kind: 'predict',
      answerKind: 'single',
      scenario: 'rich-scenario',
      generated: true,
      variants: [0, 1, 2].map((v) => ({
        prompt: `Who wins in run ${v}?`,
        run: { scenario: 'rich-scenario', seed: 880011 + v },
        options: [option('n1', v === 0, `p1v${v}`), option('n2', v === 1, `p1v${v}`), option('n3', v === 2, `p1v${v}`)],
      })),
    },
    {
      id: 'p2',
      kind: 'predict',
      answerKind: 'numeric',
      scenario: 'rich-scenario',
      generated: true,
      variants: [0, 1, 2].map((v) => ({
        prompt: `How many writes are lost in run ${v}?`,
        explanation: `EXPLAIN-p2v${v}-general`,
        run: { scenario: 'rich-scenario', seed: 990011 + v },
        answer: 31337 + v,
        tolerance: 0,
      })),
    },
  ],
};

/** Adds the rich quiz's file to a fixture dist folder; returns its file name. */
export function writeRichQuiz(dir: string): string {
  const name = `quiz.${RICH_SLUG}.fedcba98.json`;
  writeFileSync(join(dir, 'data', name), JSON.stringify(RICH_QUIZ));
  return name;
}

/** A folder shaped like dist/: pages, a quiz with keys and an exercise reference file. */
export function fixtureDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cohort-dist-'));
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, 'chapters/one-database'), { recursive: true });
  mkdirSync(join(dir, '_astro'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><title>Home</title></head><body>Home</body></html>',
  );
  writeFileSync(
    join(dir, 'chapters/one-database/index.html'),
    '<!doctype html><html><head><title>Ch 1</title></head><body>Chapter</body></html>',
  );
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dir, '404.html'), '<!doctype html><html><head></head><body>Not found</body></html>');
  writeFileSync(join(dir, '_astro/worker-abc123.js'), 'self.onmessage=()=>{}');
  writeFileSync(join(dir, 'data/quiz.one-database.0123abcd.json'), JSON.stringify(QUIZ));
  writeFileSync(join(dir, 'data/reference.01-one-database.load-shedding.4567ef.json'), '{}');
  return dir;
}
