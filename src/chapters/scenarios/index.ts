/**
 * The scenario registry: every named, documented experiment, one or more per
 * chapter, as a view of the chapter registry (each chapter's manifest lists
 * its own, in src/chapters/chNN/scenarios.ts). Lessons, quiz answer
 * generators, graders and the CLI (`npm run simulate -- --list`) all look
 * scenarios up here by name. A chapter's config factories (for example
 * `leaderCrash`) are imported from its own folder.
 *
 * @example
 * import { scenarios } from '../chapters/scenarios/index.ts';
 * const trace = runSimulation(scenarios['ch02-stop-and-restart']!.build(42));
 */
import type { Scenario } from './types.ts';
import { chapters } from '../list.ts';

export type { Scenario } from './types.ts';

const all: readonly Scenario[] = Object.freeze(chapters.flatMap((c) => c.scenarios));

/** Scenario name -> scenario. */
export const scenarios: Readonly<Record<string, Scenario>> = Object.freeze(
  Object.fromEntries(all.map((s) => [s.name, s])),
);

/** All scenarios in chapter order. */
export const scenarioList: readonly Scenario[] = all;

/** The scenarios of one chapter. */
export function scenariosForChapter(chapter: number): readonly Scenario[] {
  return all.filter((s) => s.chapter === chapter);
}
