/**
 * `defineChapter(N, parts)`: one chapter's manifest, the single place that
 * says what the chapter contributes to the engine-backed parts of the
 * workbook (its named scenarios, quiz-key generators and exercise graders).
 *
 * The chapter's id is `chNN` (two digits) and every name the chapter owns
 * starts with it, so any name seen in content (`generator: ch04.asyncLost`,
 * `grader: ch04.ackPolicy`, `<Simulation scenario="ch04-semi-sync">`) says
 * which folder defines it: `content/chapters/04-…` ↔ `src/chapters/ch04/`.
 * The manifest checks that when the module loads, so a misnamed or duplicated
 * part fails every test and the build at once, naming the chapter and the part.
 *
 * @example
 * export default defineChapter(4, { scenarios: ch04Scenarios, generators: ch04Generators, graders: [ackPolicy] });
 */
import type { ExerciseGrader } from './grader-types.ts';
import type { Scenario } from './scenarios/types.ts';
import type { GeneratorRegistry } from './types.ts';

/** What a chapter contributes. Every part may be empty. */
export interface ChapterParts {
  /** Named experiments, each `chNN-kebab-name`, with `chapter` set to this chapter's number. */
  readonly scenarios: readonly Scenario[];
  /** Quiz-key generators by name, each `chNN.camelName`. Build-time only (quiz keys are computed at build). */
  readonly generators: GeneratorRegistry;
  /** Exercise graders, each named `chNN.camelName`, replaying under a `chNN-…` scenario name. */
  readonly graders: readonly ExerciseGrader[];
}

/** A chapter's manifest: its number, its id and its parts. */
export interface ChapterManifest extends ChapterParts {
  /** Curriculum number, as in the content folder `NN-slug` and the lesson's frontmatter. */
  readonly number: number;
  /** `ch` and the two-digit number, for example `ch04`: the prefix of every name the chapter owns. */
  readonly id: string;
}

/** The id of chapter `n`: `ch04` for 4. */
export function chapterId(n: number): string {
  return `ch${String(n).padStart(2, '0')}`;
}

/** The chapter a name belongs to by its prefix (`ch04.ackPolicy`, `ch04-semi-sync` -> 4), or undefined. */
export function chapterOfName(name: string): number | undefined {
  const m = /^ch(\d{2})[.-]/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** Builds and checks a chapter's manifest; throws naming the chapter and the offending part. */
export function defineChapter(n: number, parts: ChapterParts): ChapterManifest {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new Error(`defineChapter: ${n} is not a chapter number (1 to 99)`);
  const id = chapterId(n);
  const problems: string[] = [];
  const seen = new Set<string>();
  const claim = (kind: string, name: string, separator: '.' | '-') => {
    if (!name.startsWith(`${id}${separator}`) || name.length <= id.length + 1)
      problems.push(`${kind} "${name}" must be named ${id}${separator}… (the chapter's id, then "${separator}")`);
    if (seen.has(`${kind}:${name}`)) problems.push(`${kind} "${name}" is listed twice`);
    seen.add(`${kind}:${name}`);
  };
  for (const s of parts.scenarios) {
    claim('scenario', s.name, '-');
    if (s.chapter !== n) problems.push(`scenario "${s.name}" says chapter ${s.chapter}, but it is listed in ${id}`);
  }
  for (const name of Object.keys(parts.generators)) claim('generator', name, '.');
  for (const g of parts.graders) {
    claim('grader', g.name, '.');
    if (!g.scenario.startsWith(`${id}-`))
      problems.push(`grader "${g.name}" replays as scenario "${g.scenario}", which must start with ${id}-`);
  }
  if (problems.length > 0) throw new Error(`chapter ${n} (src/chapters/${id}/index.ts): ${problems.join('; ')}`);
  return Object.freeze({
    number: n,
    id,
    scenarios: Object.freeze([...parts.scenarios]),
    generators: Object.freeze({ ...parts.generators }),
    graders: Object.freeze([...parts.graders]),
  });
}
