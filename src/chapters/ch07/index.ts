/**
 * Chapter 7 (many leaders): its manifest. Everything the chapter contributes
 * beyond its content folder is in this folder and listed here once; the
 * registry (src/chapters/index.ts) names this file and nothing else in it.
 */
import { defineChapter } from '../define.ts';
import { ch07Generators } from './generators.ts';
import { mergeGrader } from './grader.ts';
import { ch07Scenarios } from './scenarios.ts';

export default defineChapter(7, { scenarios: ch07Scenarios, generators: ch07Generators, graders: [mergeGrader] });
