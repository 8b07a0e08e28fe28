/**
 * Chapter 2 (leaders and followers): its manifest. Everything the chapter contributes beyond
 * its content folder lives in this folder and is listed here once; the one
 * registry (src/chapters/index.ts) names this file. Quiz-key generators only
 * run at build time, so browser bundles get none (see ../build-time.ts).
 */
import { BUILD_TIME } from '../build-time.ts';
import { defineChapter } from '../define.ts';
import { ch02Generators } from './generators.ts';
import { applyBatch } from './grader.ts';
import { ch02Scenarios } from './scenarios.ts';

export default defineChapter(2, {
  scenarios: ch02Scenarios,
  generators: BUILD_TIME ? ch02Generators : {},
  graders: [applyBatch],
});
