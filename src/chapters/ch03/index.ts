/**
 * Chapter 3 (what the log carries): its manifest. Everything the chapter contributes
 * beyond its content folder is in this folder and listed here once; the
 * registry (src/chapters/index.ts) names this file and nothing else in it.
 */
import { defineChapter } from '../define.ts';
import { ch03Generators } from './generators.ts';
import { cdcConsumer } from './grader.ts';
import { ch03Scenarios } from './scenarios.ts';

export default defineChapter(3, { scenarios: ch03Scenarios, generators: ch03Generators, graders: [cdcConsumer] });
