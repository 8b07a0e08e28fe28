/**
 * Chapter 7 (many leaders): its manifest. Everything the chapter contributes beyond
 * its content folder lives in this folder and is listed here once; the one
 * registry (src/chapters/index.ts) names this file. Quiz-key generators only
 * run at build time, so browser bundles get none (see ../build-time.ts).
 */
import { BUILD_TIME } from '../build-time.ts';
import { defineChapter } from '../define.ts';
import { ch07Generators } from './generators.ts';
import { mergeGrader } from './grader.ts';
import { ch07Scenarios } from './scenarios.ts';

export default defineChapter(7, {
  scenarios: ch07Scenarios,
  generators: BUILD_TIME ? ch07Generators : {},
  graders: [mergeGrader],
});
