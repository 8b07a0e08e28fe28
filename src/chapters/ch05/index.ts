/**
 * Chapter 5 (lag and its anomalies): its manifest. Everything the chapter contributes beyond
 * its content folder lives in this folder and is listed here once; the one
 * registry (src/chapters/index.ts) names this file. Quiz-key generators only
 * run at build time, so browser bundles get none (see ../build-time.ts).
 */
import { BUILD_TIME } from '../build-time.ts';
import { defineChapter } from '../define.ts';
import { ch05Generators } from './generators.ts';
import { routeRead } from './grader.ts';
import { ch05Scenarios } from './scenarios.ts';

export default defineChapter(5, {
  scenarios: ch05Scenarios,
  generators: BUILD_TIME ? ch05Generators : {},
  graders: [routeRead],
});
