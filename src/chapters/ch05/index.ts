/**
 * Chapter 5 (lag and its anomalies): its manifest. Everything the chapter contributes
 * beyond its content folder is in this folder and listed here once; the
 * registry (src/chapters/index.ts) names this file and nothing else in it.
 */
import { defineChapter } from '../define.ts';
import { ch05Generators } from './generators.ts';
import { routeRead } from './grader.ts';
import { ch05Scenarios } from './scenarios.ts';

export default defineChapter(5, { scenarios: ch05Scenarios, generators: ch05Generators, graders: [routeRead] });
