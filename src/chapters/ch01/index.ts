/**
 * Chapter 1 (one database): its manifest. Everything the chapter contributes
 * beyond its content folder is in this folder and listed here once; the
 * registry (src/chapters/index.ts) names this file and nothing else in it.
 */
import { defineChapter } from '../define.ts';
import { ch01Generators } from './generators.ts';
import { loadShedding } from './grader.ts';
import { ch01Scenarios } from './scenarios.ts';

export default defineChapter(1, { scenarios: ch01Scenarios, generators: ch01Generators, graders: [loadShedding] });
