/**
 * Chapter 9 (choosing a shape): its manifest. Everything the chapter contributes
 * beyond its content folder is in this folder and listed here once; the
 * registry (src/chapters/index.ts) names this file and nothing else in it.
 */
import { defineChapter } from '../define.ts';
import { ch09Generators } from './generators.ts';
import { briefGraders } from './grader.ts';
import { ch09Scenarios } from './scenarios.ts';

export default defineChapter(9, { scenarios: ch09Scenarios, generators: ch09Generators, graders: briefGraders });
