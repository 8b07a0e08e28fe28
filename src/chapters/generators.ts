/**
 * The registry of engine-backed quiz answer generators: name -> generator.
 * A quiz question names one with `generator: chNN.camelName`; the build
 * computes its key (and the prompt's `{placeholders}`) from a seed, and the
 * second attempt uses another seed. Every name used in a quiz.yaml must be here
 * (test/content/generators.test.ts checks it).
 */
import type { GeneratorRegistry } from './types.ts';
import { ch01Generators } from './ch01/generators.ts';
import { ch02Generators } from './ch02/generators.ts';
import { ch03Generators } from './ch03/generators.ts';
import { ch04Generators } from './ch04/generators.ts';
import { ch05Generators } from './ch05/generators.ts';
import { ch06Generators } from './ch06/generators.ts';
import { ch07Generators } from './ch07/generators.ts';
import { ch08Generators } from './ch08/generators.ts';
import { ch09Generators } from './ch09/generators.ts';

export const generators: GeneratorRegistry = {
  ...ch01Generators,
  ...ch02Generators,
  ...ch03Generators,
  ...ch04Generators,
  ...ch05Generators,
  ...ch06Generators,
  ...ch07Generators,
  ...ch08Generators,
  ...ch09Generators,
};
