/**
 * The registry of engine-backed quiz answer generators, name -> generator: a
 * view of the chapter registry (each chapter's manifest lists its own). A
 * quiz question names one with `generator: chNN.camelName`; the build
 * computes its key (and the prompt's `{placeholders}`) from a seed, and the
 * second attempt uses another seed. Content validation checks every name a
 * quiz.yaml uses is here and belongs to that quiz's chapter.
 */
import type { GeneratorRegistry } from './types.ts';
import { chapters } from './list.ts';

export const generators: GeneratorRegistry = Object.freeze(
  Object.assign({}, ...chapters.map((c) => c.generators)) as GeneratorRegistry,
);
