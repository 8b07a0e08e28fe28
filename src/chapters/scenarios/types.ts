/**
 * What a named scenario is: a documented config factory for one chapter's
 * experiment. `build(seed)` returns a full engine config; the same seed always
 * gives the same run.
 */
import type { SimulationConfig } from '../../engine/index.ts';

export interface Scenario {
  /** Registry key, for example `"ch02-stop-and-restart"`. */
  readonly name: string;
  /** Curriculum chapter, 1–9. */
  readonly chapter: number;
  readonly title: string;
  /** What happens and what to look for, in a sentence or three. */
  readonly description: string;
  readonly build: (seed: number) => SimulationConfig;
}
