/**
 * Chapter 6 (failover): its manifest. Everything the chapter contributes
 * beyond its content folder is in this folder and listed here once; the
 * registry (src/chapters/index.ts) names this file and nothing else in it.
 */
import { defineChapter } from '../define.ts';
import { ch06Generators } from './generators.ts';
import { electLeader } from './grader.ts';
import { ch06Scenarios } from './scenarios.ts';

export default defineChapter(6, { scenarios: ch06Scenarios, generators: ch06Generators, graders: [electLeader] });
