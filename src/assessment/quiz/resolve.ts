/**
 * Build-time resolution of a quiz: runs the engine-backed generators for every
 * variant seed and produces the plain-JSON `ResolvedQuiz` the Quiz island gets
 * as a prop. Never import this from an island (it would drag generators, and
 * through them the engine, onto the page).
 *
 * Errors are thrown with the quiz source, question id and generator name, so a
 * broken quiz fails the build with a message an author can act on.
 */
import type { GeneratedKey, GeneratorRegistry, PromptParams } from '../../chapters/types.ts';
import type { Question, Quiz } from '../../schemas/quiz.ts';
import type {
  ChoiceVariant,
  NumericVariant,
  OrderingVariant,
  ResolvedOption,
  ResolvedQuestion,
  ResolvedQuiz,
  RunRef,
} from './types.ts';
import { POINTS_PER_QUESTION } from './types.ts';

export class QuizResolveError extends Error {
  override name = 'QuizResolveError';
}

export interface ResolveOptions {
  /** Where the quiz came from, e.g. `content/chapters/02-leaders-and-followers/quiz.yaml`, for error messages. */
  readonly source?: string;
}

const PLACEHOLDER = /\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Fills `{name}` placeholders from `params`; `{{` and `}}` stand for literal
 * braces. An unknown placeholder is an error (it would show as `{name}`).
 */
export function fillPlaceholders(text: string, params: PromptParams, where: string): string {
  return text.replace(PLACEHOLDER, (match, name: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    if (name === undefined) return match;
    if (!Object.prototype.hasOwnProperty.call(params, name)) {
      const known = Object.keys(params);
      throw new QuizResolveError(
        `${where}: the text uses {${name}}, but the generator gives no "${name}" (it gives: ${known.length > 0 ? known.join(', ') : 'nothing'}). Fix the placeholder or the generator's params; write {{ and }} for literal braces.`,
      );
    }
    return String(params[name]);
  });
}

function fillOptions(
  options: readonly { id: string; text: string; explanation: string; correct?: boolean | undefined }[],
  params: PromptParams | null,
  correct: (id: string, staticCorrect: boolean) => boolean,
  where: string,
): ResolvedOption[] {
  return options.map((o) => ({
    id: o.id,
    text: params ? fillPlaceholders(o.text, params, `${where}, option "${o.id}"`) : o.text,
    explanation: params
      ? fillPlaceholders(o.explanation, params, `${where}, option "${o.id}" explanation`)
      : o.explanation,
    correct: correct(o.id, o.correct === true),
  }));
}

function describe(answer: unknown): string {
  return JSON.stringify(answer) ?? String(answer);
}

function resolveQuestion(
  q: Question,
  generators: GeneratorRegistry,
  seeds: readonly number[],
  source: string,
): ResolvedQuestion {
  const where = `${source}, question "${q.id}"`;

  if (!q.generator) {
    // Static question: passes through unchanged (one variant).
    const base = { prompt: q.prompt, ...(q.explanation !== undefined ? { explanation: q.explanation } : {}) };
    switch (q.kind) {
      case 'single':
      case 'multiple':
        return {
          id: q.id,
          kind: q.kind,
          generated: false,
          variants: [{ ...base, options: fillOptions(q.options, null, (_, c) => c, where) }],
        };
      case 'ordering':
        return {
          id: q.id,
          kind: 'ordering',
          generated: false,
          variants: [{ ...base, items: q.items.map((i) => ({ ...i })) }],
        };
      case 'numeric':
        if (q.answer === undefined)
          throw new QuizResolveError(`${where}: a numeric question needs \`answer:\` or \`generator:\``);
        return {
          id: q.id,
          kind: 'numeric',
          generated: false,
          ...(q.unit !== undefined ? { unit: q.unit } : {}),
          variants: [{ ...base, answer: q.answer, tolerance: q.tolerance }],
        };
      case 'predict':
        throw new QuizResolveError(`${where}: a predict question needs \`generator:\``);
    }
  }

  const name = q.generator;
  const gen = Object.prototype.hasOwnProperty.call(generators, name) ? generators[name] : undefined;
  if (!gen) {
    const known = Object.keys(generators).sort();
    throw new QuizResolveError(
      `${where} names generator "${name}", which is not registered. Register it in src/chapters (registered: ${known.length > 0 ? known.join(', ') : 'none'}) or fix the name.`,
    );
  }
  if (seeds.length === 0) throw new QuizResolveError(`${where}: no variant seeds given`);

  const keys = seeds.map((seed) => {
    let key: GeneratedKey;
    try {
      key = gen(seed);
    } catch (e) {
      throw new QuizResolveError(
        `${where}: generator "${name}" failed for seed ${seed}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    if (!key || typeof key !== 'object' || typeof key.params !== 'object' || key.params === null) {
      throw new QuizResolveError(`${where}: generator "${name}" returned no { params, answer } for seed ${seed}`);
    }
    return { seed, key };
  });

  const bad = (seed: number, expected: string, answer: unknown) =>
    new QuizResolveError(
      `${where}: generator "${name}" (seed ${seed}) must answer ${expected}, but answered ${describe(answer)}`,
    );

  const textsOf = (seed: number, key: GeneratedKey, extra: PromptParams = {}) => {
    const params = { ...extra, ...key.params };
    const at = `${where} (generator "${name}", seed ${seed})`;
    return {
      params,
      at,
      base: {
        prompt: fillPlaceholders(q.prompt, params, `${at}, prompt`),
        ...(q.explanation !== undefined
          ? { explanation: fillPlaceholders(q.explanation, params, `${at}, explanation`) }
          : {}),
      },
    };
  };

  const choice = (options: NonNullable<(Question & { kind: 'single' })['options']>, multiple: boolean) =>
    keys.map(({ seed, key }): ChoiceVariant & { run: RunRef } => {
      const ids = options.map((o) => o.id);
      let correct: string[];
      if (multiple) {
        const a = key.answer;
        if (
          !Array.isArray(a) ||
          a.length === 0 ||
          !a.every((x) => typeof x === 'string' && ids.includes(x)) ||
          new Set(a).size !== a.length
        ) {
          throw bad(seed, `a non-empty list of distinct option ids (${ids.join(', ')})`, a);
        }
        correct = [...(a as readonly string[])];
      } else {
        if (typeof key.answer !== 'string' || !ids.includes(key.answer))
          throw bad(seed, `one option id (${ids.join(', ')})`, key.answer);
        correct = [key.answer];
      }
      const { params, at, base } = textsOf(seed, key);
      return {
        ...base,
        options: fillOptions(options, params, (id) => correct.includes(id), at),
        run: key.run ?? { scenario: q.kind === 'predict' ? q.scenario : '', seed },
      };
    });

  const numeric = () =>
    keys.map(({ seed, key }): NumericVariant & { run: RunRef } => {
      if (typeof key.answer !== 'number' || !Number.isFinite(key.answer))
        throw bad(seed, 'a finite number', key.answer);
      const { base } = textsOf(seed, key, { answer: key.answer });
      const tolerance = q.kind === 'numeric' || q.kind === 'predict' ? q.tolerance : 0;
      return {
        ...base,
        answer: key.answer,
        tolerance,
        run: key.run ?? { scenario: q.kind === 'predict' ? q.scenario : '', seed },
      };
    });

  const strip = <T extends { run: RunRef }>(v: T): Omit<T, 'run'> => {
    const { run: _run, ...rest } = v;
    return rest;
  };

  switch (q.kind) {
    case 'single':
      return { id: q.id, kind: 'single', generated: true, variants: choice(q.options, false).map(strip) };
    case 'multiple':
      return { id: q.id, kind: 'multiple', generated: true, variants: choice(q.options, true).map(strip) };
    case 'ordering':
      return {
        id: q.id,
        kind: 'ordering',
        generated: true,
        variants: keys.map(({ seed, key }): OrderingVariant => {
          const ids = q.items.map((i) => i.id);
          const a = key.answer;
          if (!Array.isArray(a) || a.length !== ids.length || !ids.every((id) => a.includes(id))) {
            throw bad(seed, `every item id exactly once, in the correct order (${ids.join(', ')})`, a);
          }
          const { params, at, base } = textsOf(seed, key);
          return {
            ...base,
            items: (a as readonly string[]).map((id) => {
              const item = q.items.find((i) => i.id === id);
              if (!item) throw bad(seed, 'item ids', a);
              return {
                id,
                text: fillPlaceholders(item.text, params, `${at}, item "${id}"`),
                explanation: fillPlaceholders(item.explanation, params, `${at}, item "${id}" explanation`),
              };
            }),
          };
        }),
      };
    case 'numeric':
      return {
        id: q.id,
        kind: 'numeric',
        generated: true,
        ...(q.unit !== undefined ? { unit: q.unit } : {}),
        variants: numeric().map(strip),
      };
    case 'predict':
      if (q.answerKind === 'single') {
        if (!q.options || q.options.length < 2)
          throw new QuizResolveError(
            `${where}: a predict question with \`answerKind: single\` needs at least 2 options`,
          );
        return {
          id: q.id,
          kind: 'predict',
          answerKind: 'single',
          scenario: q.scenario,
          generated: true,
          variants: choice(q.options, false),
        };
      }
      return {
        id: q.id,
        kind: 'predict',
        answerKind: 'numeric',
        scenario: q.scenario,
        generated: true,
        ...(q.unit !== undefined ? { unit: q.unit } : {}),
        variants: numeric(),
      };
  }
}

/**
 * Resolves a validated quiz for the given variant seeds (see `variantSeeds`).
 * Static questions pass through with one variant; each engine-backed question
 * gets one variant per seed.
 */
export function resolveQuiz(
  quiz: Quiz,
  generators: GeneratorRegistry,
  seeds: readonly number[],
  options: ResolveOptions = {},
): ResolvedQuiz {
  const source = options.source ?? 'quiz';
  if (seeds.length === 0) throw new QuizResolveError(`${source}: resolveQuiz needs at least one variant seed`);
  const questions = quiz.questions.map((q) => resolveQuestion(q, generators, seeds, source));
  return {
    variantSeeds: [...seeds],
    pointsPerQuestion: POINTS_PER_QUESTION,
    maxScore: questions.length * POINTS_PER_QUESTION,
    questions,
  };
}
