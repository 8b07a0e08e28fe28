/**
 * Chapter 6 (failover): its manifest. Everything the chapter contributes beyond
 * its content folder lives in this folder and is listed here once; the one
 * registry (src/chapters/index.ts) names this file. Quiz-key generators only
 * run at build time, so browser bundles get none (see ../build-time.ts).
 */
import { BUILD_TIME } from '../build-time.ts';
import { defineChapter } from '../define.ts';
import { ch06Generators } from './generators.ts';
import { electLeader } from './grader.ts';
import { ch06Scenarios } from './scenarios.ts';

export default defineChapter(6, {
  scenarios: ch06Scenarios,
  generators: BUILD_TIME ? ch06Generators : {},
  graders: [electLeader],
});
