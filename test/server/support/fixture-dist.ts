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
