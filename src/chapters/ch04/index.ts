/**
 * Chapter 4 (to wait or not to wait): its manifest. Everything the chapter contributes beyond
 * its content folder lives in this folder and is listed here once; the one
 * registry (src/chapters/index.ts) names this file. Quiz-key generators only
 * run at build time, so browser bundles get none (see ../build-time.ts).
 */
import { BUILD_TIME } from '../build-time.ts';
import { defineChapter } from '../define.ts';
import { ch04Generators } from './generators.ts';
import { ackPolicy } from './grader.ts';
import { ch04Scenarios } from './scenarios.ts';

export default defineChapter(4, {
  scenarios: ch04Scenarios,
  generators: BUILD_TIME ? ch04Generators : {},
  graders: [ackPolicy],
});
