/**
 * Build-time check of every name content uses to reach code: the generators
 * and predict-question scenarios in quiz.yaml, the grader (and its entry) in
 * exercise.yaml, and the scenario and checkers of each `<Simulation>` in a
 * lesson. Each name must exist in the chapter registry and belong to the
 * chapter whose folder uses it (`content/chapters/04-…` uses `ch04.…` and
 * `ch04-…`), and every chapter folder must have a manifest in the registry
 * and every manifest a folder. validateContent runs this in its one pass, so
 * a typo fails the build naming the file, the field and what is known.
 */
import { check } from '../engine/index.ts';
import { chapterId, chapterOfName } from '../chapters/define.ts';
import { chapters } from '../chapters/list.ts';
import type { Quiz } from '../schemas/quiz.ts';
import type { Exercise } from '../schemas/exercise.ts';

/** What content may refer to, by name, with the chapter owning each name. */
export interface ReferenceRegistry {
  /** Chapter numbers that have a manifest. */
  readonly chapters: readonly number[];
  /** Scenario name -> chapter. */
  readonly scenarios: ReadonlyMap<string, number>;
  /** Generator name -> chapter. */
  readonly generators: ReadonlyMap<string, number>;
  /** Grader name -> its chapter and the export the learner writes. */
  readonly graders: ReadonlyMap<string, { readonly chapter: number; readonly entry: string }>;
  /** Checker names a `<Simulation checks={[…]}>` may list. */
  readonly checkers: readonly string[];
}

/** The workbook's own registry (src/chapters/index.ts) and the engine's checkers. */
export function workbookReferences(): ReferenceRegistry {
  return {
    chapters: chapters.map((c) => c.number),
    scenarios: new Map(chapters.flatMap((c) => c.scenarios.map((s) => [s.name, c.number] as const))),
    generators: new Map(chapters.flatMap((c) => Object.keys(c.generators).map((g) => [g, c.number] as const))),
    graders: new Map(
      chapters.flatMap((c) => c.graders.map((g) => [g.name, { chapter: c.number, entry: g.entry }] as const)),
    ),
    checkers: Object.keys(check),
  };
}

/** `name` must be registered (in `known`) and owned by `chapter`; returns the problem or undefined. */
function ownership(
  kind: string,
  name: string,
  chapter: number,
  known: ReadonlyMap<string, unknown>,
  owner: number | undefined,
): string | undefined {
  const id = chapterId(chapter);
  if (!known.has(name)) {
    const same = [...known.keys()].filter((k) => chapterOfName(k) === chapter);
    const hint = same.length > 0 ? `${id} has ${same.join(', ')}` : `${id} registers none`;
    return `there is no ${kind} "${name}" (${hint}; ${kind}s are listed in src/chapters/${id}/index.ts)`;
  }
  if (owner !== chapter)
    return `${kind} "${name}" belongs to ${owner === undefined ? 'no chapter' : chapterId(owner)}, not ${id}; a chapter's content uses its own ${kind}s (${id}…)`;
  return undefined;
}

/** The registry's chapters and the content folders agree, one to one; `folders` maps number -> folder as shown. */
export function chapterFolderErrors(folders: ReadonlyMap<number, string>, refs: ReferenceRegistry): string[] {
  const errors: string[] = [];
  for (const [n, folder] of folders)
    if (!refs.chapters.includes(n))
      errors.push(
        `${folder}: registry: chapter ${n} has no manifest; add src/chapters/${chapterId(n)}/index.ts (defineChapter(${n}, …)) and its line in src/chapters/index.ts`,
      );
  for (const n of refs.chapters)
    if (!folders.has(n))
      errors.push(
        `src/chapters/index.ts: ${chapterId(n)}: registered, but there is no content folder content/chapters/${String(n).padStart(2, '0')}-slug/`,
      );
  return errors;
}

/** Problems with the names a quiz uses; `shown` is the file as messages name it. */
export function quizReferenceErrors(quiz: Quiz, chapter: number, shown: string, refs: ReferenceRegistry): string[] {
  const errors: string[] = [];
  quiz.questions.forEach((q, i) => {
    if (q.generator !== undefined) {
      const problem = ownership('generator', q.generator, chapter, refs.generators, refs.generators.get(q.generator));
      if (problem) errors.push(`${shown}: questions[${i}].generator: ${problem}`);
    }
    if (q.kind === 'predict') {
      const problem = ownership('scenario', q.scenario, chapter, refs.scenarios, refs.scenarios.get(q.scenario));
      if (problem) errors.push(`${shown}: questions[${i}].scenario: ${problem}`);
    }
  });
  return errors;
}

/** Problems with the grader an exercise names. */
export function exerciseReferenceErrors(
  exercise: Exercise,
  chapter: number,
  shown: string,
  refs: ReferenceRegistry,
): string[] {
  const grader = refs.graders.get(exercise.grader);
  const problem = ownership('grader', exercise.grader, chapter, refs.graders, grader?.chapter);
  if (problem) return [`${shown}: grader: ${problem}`];
  if (grader && grader.entry !== exercise.entry)
    return [
      `${shown}: entry: is "${exercise.entry}" but grader ${exercise.grader} calls the learner's "${grader.entry}"; make them agree`,
    ];
  return [];
}

const SIMULATION = /<Simulation\b([^>]*)>/g;
const SCENARIO = /\bscenario\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*["']([^"']*)["']\s*\})/;
const CHECKS = /\bchecks\s*=\s*\{\s*\[([^\]]*)\]\s*\}/;

/** Problems with the `<Simulation>` tags in one lesson's text. */
export function lessonReferenceErrors(text: string, chapter: number, shown: string, refs: ReferenceRegistry): string[] {
  const errors: string[] = [];
  for (const m of text.matchAll(SIMULATION)) {
    const line = text.slice(0, m.index).split('\n').length;
    const attrs = m[1] ?? '';
    const attr = SCENARIO.exec(attrs);
    const name = attr ? (attr[1] ?? attr[2] ?? attr[3]) : undefined;
    if (name === undefined) {
      errors.push(
        `${shown}:${line}: <Simulation>: scenario is required, as a plain string like scenario="${chapterId(chapter)}-…"`,
      );
      continue;
    }
    const problem = ownership('scenario', name, chapter, refs.scenarios, refs.scenarios.get(name));
    if (problem) errors.push(`${shown}:${line}: <Simulation scenario="${name}">: ${problem}`);
    const checks = CHECKS.exec(attrs);
    for (const c of checks ? [...(checks[1] ?? '').matchAll(/["']([^"']*)["']/g)].map((x) => x[1] ?? '') : [])
      if (!refs.checkers.includes(c))
        errors.push(
          `${shown}:${line}: <Simulation scenario="${name}"> checks: there is no checker "${c}"; known checkers: ${refs.checkers.join(', ')}`,
        );
  }
  return errors;
}
