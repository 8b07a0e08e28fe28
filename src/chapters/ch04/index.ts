/**
 * Chapter 4 (to wait or not to wait): its manifest. Everything the chapter contributes
 * beyond its content folder is in this folder and listed here once; the
 * registry (src/chapters/index.ts) names this file and nothing else in it.
 */
import { defineChapter } from '../define.ts';
import { ch04Generators } from './generators.ts';
import { ackPolicy } from './grader.ts';
import { ch04Scenarios } from './scenarios.ts';

export default defineChapter(4, { scenarios: ch04Scenarios, generators: ch04Generators, graders: [ackPolicy] });
