/**
 * The scenario registry: every named, documented experiment, one or more per
 * chapter. Lessons, quiz answer generators, graders and the CLI
 * (`npm run simulate -- --list`) all look scenarios up here by name.
 *
 * @example
 * import { scenarios } from '../chapters/scenarios/index.ts';
 * const trace = runSimulation(scenarios['ch2-stop-and-restart']!.build(42));
 */
import type { Scenario } from './types.ts';
import { ch1Scenarios } from './ch1.ts';
import { ch2Scenarios } from './ch2.ts';
import { ch3Scenarios } from './ch3.ts';
import { ch4Scenarios } from './ch4.ts';
import { ch5Scenarios } from './ch5.ts';
import { ch6Scenarios } from './ch6.ts';
import { ch7Scenarios } from './ch7.ts';
import { ch8Scenarios } from './ch8.ts';
import { ch9Scenarios } from './ch9.ts';

export type { Scenario } from './types.ts';
export { singleNode, type Ch1Options } from './ch1.ts';
export { leaderFollowers, unreliableReplication, type Ch2Options } from './ch2.ts';
export { nondeterministic, cdcSearchIndex } from './ch3.ts';
export { leaderCrash } from './ch4.ts';
export { laggyReads } from './ch5.ts';
export { leaderFailure, falseSuspicion, slowNetwork } from './ch6.ts';
export {
  concurrentWriters,
  regionalCounter,
  offlineDevice,
  cartMerge,
  unionMerge,
  threeRegions,
  type Ch7Options,
} from './ch7.ts';
export { quorumStore, type Ch8Options } from './ch8.ts';
export { globalSingleLeader, globalMultiLeader, globalLeaderless } from './ch9.ts';

const all: readonly Scenario[] = [
  ...ch1Scenarios,
  ...ch2Scenarios,
  ...ch3Scenarios,
  ...ch4Scenarios,
  ...ch5Scenarios,
  ...ch6Scenarios,
  ...ch7Scenarios,
  ...ch8Scenarios,
  ...ch9Scenarios,
];

/** Scenario name -> scenario. */
export const scenarios: Readonly<Record<string, Scenario>> = Object.fromEntries(all.map((s) => [s.name, s]));

/** All scenarios in chapter order. */
export const scenarioList: readonly Scenario[] = all;

/** The scenarios of one chapter. */
export function scenariosForChapter(chapter: number): readonly Scenario[] {
  return all.filter((s) => s.chapter === chapter);
}
