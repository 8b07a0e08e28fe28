/**
 * Chapter 8 (no leader): its manifest. Everything the chapter contributes beyond
 * its content folder lives in this folder and is listed here once; the one
 * registry (src/chapters/index.ts) names this file. Quiz-key generators only
 * run at build time, so browser bundles get none (see ../build-time.ts).
 */
import { BUILD_TIME } from '../build-time.ts';
import { defineChapter } from '../define.ts';
import { ch08Generators } from './generators.ts';
import { reconcile } from './grader.ts';
import { ch08Scenarios } from './scenarios.ts';

export default defineChapter(8, {
  scenarios: ch08Scenarios,
  generators: BUILD_TIME ? ch08Generators : {},
  graders: [reconcile],
});
