/**
 * Engine-backed quiz generators and the quizzes that use them (chapters 1–3,
 * and any other chapter whose quiz names a generator).
 *
 * - every quiz.yaml parses and satisfies the quiz schema;
 * - every generator a quiz names is registered;
 * - each generator is deterministic (same seed, same key) and its answers fit
 *   the question (an option id, a list of option ids, or a finite number);
 * - questions with {placeholders} get different numbers (or answers) on
 *   different seeds, so a second attempt is not a copy of the first;
 * - the quiz resolves for the real variant seeds (placeholders all filled);
 * - generator answers agree with the reasoning the explanations teach, so the
 *   key a learner is marked against is the one the lesson predicts.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { quizSchema, type Question } from '../../src/schemas/quiz.ts';
import { generators } from '../../src/chapters/generators.ts';
import { scenarios } from '../../src/chapters/scenarios/index.ts';
import { resolveQuiz } from '../../src/assessment/quiz/resolve.ts';
import { variantSeeds } from '../../src/assessment/quiz/variants.ts';
import type { GeneratedKey } from '../../src/chapters/types.ts';

const CHAPTERS = join(import.meta.dirname, '../../content/chapters');
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

interface QuizFile {
  readonly folder: string;
  readonly file: string;
  readonly questions: readonly Question[];
}

function loadQuizzes(): QuizFile[] {
  const out: QuizFile[] = [];
  for (const folder of readdirSync(CHAPTERS).sort()) {
    const file = join(CHAPTERS, folder, 'quiz.yaml');
    if (!existsSync(file)) continue;
    const parsed = quizSchema.safeParse(parseYaml(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${folder}/quiz.yaml: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    out.push({ folder, file, questions: parsed.data.questions });
  }
  return out;
}

/** Every text of a question that may hold placeholders. */
function textsOf(q: Question): string[] {
  const texts = [q.prompt, q.explanation ?? ''];
  if ('options' in q && q.options) for (const o of q.options) texts.push(o.text, o.explanation);
  if (q.kind === 'ordering') for (const i of q.items) texts.push(i.text, i.explanation);
  return texts;
}

function placeholders(q: Question): Set<string> {
  const names = new Set<string>();
  for (const t of textsOf(q)) for (const m of t.matchAll(PLACEHOLDER)) names.add(m[1] as string);
  names.delete('answer');
  return names;
}

const quizzes = loadQuizzes();
// Every chapter folder with a quiz, so a new chapter's quiz is checked without being listed here.
const folders = quizzes.map((q) => q.folder);

describe('quiz files', () => {
  test.each(folders)('%s has a quiz with 12 questions and at least 4 engine-derived ones', (folder) => {
    const quiz = quizzes.find((q) => q.folder === folder);
    expect(quiz, `${folder}/quiz.yaml is missing`).toBeDefined();
    expect(quiz!.questions).toHaveLength(12);
    expect(quiz!.questions.filter((q) => q.generator).length).toBeGreaterThanOrEqual(4);
    const kinds = new Set(quiz!.questions.map((q) => q.kind));
    for (const kind of ['single', 'multiple', 'ordering', 'numeric', 'predict']) expect(kinds, `${folder} has no ${kind} question`).toContain(kind);
  });

  test('every generator named in a quiz is registered', () => {
    for (const quiz of quizzes) {
      for (const q of quiz.questions) {
        if (q.generator) expect(generators[q.generator], `${quiz.folder} ${q.id} names unregistered generator ${q.generator}`).toBeTypeOf('function');
      }
    }
  });

  test('every predict question names a registered scenario', () => {
    for (const quiz of quizzes) {
      for (const q of quiz.questions) {
        if (q.kind === 'predict') expect(scenarios[q.scenario], `${quiz.folder} ${q.id}: scenario ${q.scenario}`).toBeDefined();
      }
    }
  });
});

for (const quiz of quizzes) {
  describe(`${quiz.folder} generators`, () => {
    for (const q of quiz.questions.filter((x) => x.generator)) {
      const name = q.generator as string;
      test(`${q.id} (${name}) is deterministic, fits the question, and varies`, () => {
        const gen = generators[name];
        expect(gen).toBeTypeOf('function');
        const keys: GeneratedKey[] = [];
        for (const seed of SEEDS) {
          const key = gen!(seed);
          expect(gen!(seed), `${name}: seed ${seed} gave two different keys`).toEqual(key);
          keys.push(key);
          const ids = 'options' in q && q.options ? q.options.map((o) => o.id) : [];
          const where = `${name} seed ${seed} answered ${JSON.stringify(key.answer)}`;
          if (q.kind === 'single' || (q.kind === 'predict' && q.answerKind === 'single')) {
            expect(ids, where).toContain(key.answer);
          } else if (q.kind === 'multiple') {
            expect(Array.isArray(key.answer), where).toBe(true);
            const answer = key.answer as readonly string[];
            expect(answer.length, where).toBeGreaterThan(0);
            for (const a of answer) expect(ids, where).toContain(a);
          } else {
            expect(typeof key.answer === 'number' && Number.isFinite(key.answer), where).toBe(true);
          }
          for (const p of placeholders(q)) expect(key.params, `${name} gives no "${p}" param`).toHaveProperty(p);
          // A variant may open its own run (chapter 7's version-vector variants open ch07-version-vectors);
          // it must be a registered scenario of the quiz's own chapter.
          if (key.run) {
            expect(scenarios[key.run.scenario], `${where}: run scenario ${key.run.scenario}`).toBeDefined();
            expect(key.run.scenario.slice(0, 4), `${where}: run scenario ${key.run.scenario}`).toBe(`ch${quiz.folder.slice(0, 2)}`);
          }
        }
        if (placeholders(q).size > 0) {
          const distinct = new Set(keys.map((k) => JSON.stringify([k.params, k.answer])));
          expect(distinct.size, `${name}: every seed gives the same numbers`).toBeGreaterThan(1);
        }
      });
    }

    test('resolves for the real variant seeds', () => {
      const parsed = quizSchema.parse(parseYaml(readFileSync(quiz.file, 'utf8')));
      const resolved = resolveQuiz(parsed, generators, variantSeeds(quiz.folder), { source: quiz.folder });
      expect(resolved.questions).toHaveLength(12);
    });
  });
}

// The keys must agree with what the lesson and the explanations teach.
describe('generator keys match the taught reasoning', () => {
  test('ch01.utilisation ≈ rate × mean service ÷ workers', () => {
    for (const seed of SEEDS) {
      const k = generators['ch01.utilisation']!(seed);
      const p = k.params as { workers: number; readPct: number; rate: number };
      const theory = (p.rate * (p.readPct / 100 * 2 + (1 - p.readPct / 100) * 4)) / (10 * p.workers);
      expect(Math.abs((k.answer as number) - theory), `seed ${seed}`).toBeLessThanOrEqual(4);
    }
  });

  test('ch02.resumeLsn = kept + 1 and ch02.entriesReplayed = leaderFinal − kept', () => {
    for (const seed of SEEDS) {
      const r = generators['ch02.resumeLsn']!(seed);
      expect(r.answer).toBe((r.params['kept'] as number) + 1);
      const e = generators['ch02.entriesReplayed']!(seed);
      expect(e.answer).toBe((e.params['leaderFinal'] as number) - (e.params['kept'] as number));
    }
  });

  test('ch02.logOrSnapshot: a follower needs a snapshot exactly when it missed more entries than the leader retains', () => {
    for (const seed of SEEDS) {
      const k = generators['ch02.logOrSnapshot']!(seed);
      const retain = k.params['retain'] as number;
      const needs = (['f1', 'f2'] as const).filter((f) => (k.params[f === 'f1' ? 'missedF1' : 'missedF2'] as number) > retain);
      expect(k.answer, `seed ${seed}`).toEqual(needs.length === 0 ? ['neither'] : needs);
    }
  });

  test('ch01.sheddingAnswered: with shedding no accepted request times out, so answered = arrivals − rejected', () => {
    for (const seed of SEEDS) {
      const k = generators['ch01.sheddingAnswered']!(seed);
      expect(k.answer, `seed ${seed}`).toBe((k.params['arrivals'] as number) - (k.params['shed'] as number));
    }
  });

  test('ch02.lagInEntries ≈ latency ÷ 10 ms and ch02.readThroughput ≈ followers × 100', () => {
    for (const seed of SEEDS) {
      const lag = generators['ch02.lagInEntries']!(seed);
      expect(Math.abs((lag.answer as number) - (lag.params['latency'] as number) / 10)).toBeLessThanOrEqual(1);
      const tp = generators['ch02.readThroughput']!(seed);
      expect(Math.abs((tp.answer as number) - (tp.params['followers'] as number) * 100)).toBeLessThanOrEqual(10);
    }
  });

  test('ch03 keys: drift = delay + skew; redeliveries = processed mod k; naive count = total + redeliveries', () => {
    for (const seed of SEEDS) {
      const d = generators['ch03.nowDrift']!(seed);
      expect(d.answer).toBeCloseTo((d.params['latency'] as number) + (d.params['skew'] as number), 3);
      const r = generators['ch03.redeliveries']!(seed);
      expect(r.answer).toBe((r.params['processed'] as number) % (r.params['k'] as number));
      const n = generators['ch03.naiveCount']!(seed);
      expect(n.answer).toBe((n.params['total'] as number) + ((n.params['processed'] as number) % (n.params['k'] as number)));
      const s = generators['ch03.upgradeStuckAt']!(seed);
      expect(s.answer).toBe(s.params['atUpgrade']);
    }
  });

  test('ch03.whoAgrees: physical and logical ship the value; naive statements re-evaluate it (NOW() off by delay + offset)', () => {
    for (const seed of SEEDS) {
      const k = generators['ch03.whoAgrees']!(seed);
      const p = k.params as Record<string, string | number>;
      let expected: string[];
      if (p['format'] !== 'statement') expected = ['f1', 'f2'];
      else if (p['expr'] === 'RAND()') expected = [];
      else expected = (['f1', 'f2'] as const).filter((f) => (p[`delay${f.toUpperCase()}`] as number) + (p[`offset${f.toUpperCase()}`] as number) === 0);
      expect(k.answer, `seed ${seed}`).toEqual(expected.length === 0 ? ['neither'] : expected);
    }
  });
});
