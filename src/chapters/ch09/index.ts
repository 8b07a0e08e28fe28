/**
 * Chapter 9 (choosing a shape): its manifest. Everything the chapter contributes beyond
 * its content folder lives in this folder and is listed here once; the one
 * registry (src/chapters/index.ts) names this file. Quiz-key generators only
 * run at build time, so browser bundles get none (see ../build-time.ts).
 */
import { BUILD_TIME } from '../build-time.ts';
import { defineChapter } from '../define.ts';
import { ch09Generators } from './generators.ts';
import { briefGraders } from './grader.ts';
import { ch09Scenarios } from './scenarios.ts';

export default defineChapter(9, {
  scenarios: ch09Scenarios,
  generators: BUILD_TIME ? ch09Generators : {},
  graders: briefGraders,
});
