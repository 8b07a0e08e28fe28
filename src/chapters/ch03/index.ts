/**
 * Chapter 3 (what the log carries): its manifest. Everything the chapter contributes beyond
 * its content folder lives in this folder and is listed here once; the one
 * registry (src/chapters/index.ts) names this file. Quiz-key generators only
 * run at build time, so browser bundles get none (see ../build-time.ts).
 */
import { BUILD_TIME } from '../build-time.ts';
import { defineChapter } from '../define.ts';
import { ch03Generators } from './generators.ts';
import { cdcConsumer } from './grader.ts';
import { ch03Scenarios } from './scenarios.ts';

export default defineChapter(3, {
  scenarios: ch03Scenarios,
  generators: BUILD_TIME ? ch03Generators : {},
  graders: [cdcConsumer],
});
