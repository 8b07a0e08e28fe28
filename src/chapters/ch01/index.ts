/**
 * Chapter 1 (one database): its manifest. Everything the chapter contributes beyond
 * its content folder lives in this folder and is listed here once; the one
 * registry (src/chapters/index.ts) names this file. Quiz-key generators only
 * run at build time, so browser bundles get none (see ../build-time.ts).
 */
import { BUILD_TIME } from '../build-time.ts';
import { defineChapter } from '../define.ts';
import { ch01Generators } from './generators.ts';
import { loadShedding } from './grader.ts';
import { ch01Scenarios } from './scenarios.ts';

export default defineChapter(1, {
  scenarios: ch01Scenarios,
  generators: BUILD_TIME ? ch01Generators : {},
  graders: [loadShedding],
});
