/**
 * Chapter 2 (leaders and followers): its manifest. Everything the chapter contributes
 * beyond its content folder is in this folder and listed here once; the
 * registry (src/chapters/index.ts) names this file and nothing else in it.
 */
import { defineChapter } from '../define.ts';
import { ch02Generators } from './generators.ts';
import { applyBatch } from './grader.ts';
import { ch02Scenarios } from './scenarios.ts';

export default defineChapter(2, { scenarios: ch02Scenarios, generators: ch02Generators, graders: [applyBatch] });
