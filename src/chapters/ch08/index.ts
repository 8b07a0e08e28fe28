/**
 * Chapter 8 (no leader): its manifest. Everything the chapter contributes
 * beyond its content folder is in this folder and listed here once; the
 * registry (src/chapters/index.ts) names this file and nothing else in it.
 */
import { defineChapter } from '../define.ts';
import { ch08Generators } from './generators.ts';
import { reconcile } from './grader.ts';
import { ch08Scenarios } from './scenarios.ts';

export default defineChapter(8, { scenarios: ch08Scenarios, generators: ch08Generators, graders: [reconcile] });
