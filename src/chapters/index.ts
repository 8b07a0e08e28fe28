/**
 * The one chapter registry: a line per chapter, naming its manifest
 * (src/chapters/chNN/index.ts, made with `defineChapter`). Adding a chapter
 * is its content folder, its src/chapters/chNN/ folder and one line here;
 * every list of scenarios, generators and graders (src/chapters/list.ts and
 * the views built on it) is derived from these lines, and the tests check
 * that the registry and content/chapters/* agree.
 */
export { default as ch01 } from './ch01/index.ts';
export { default as ch02 } from './ch02/index.ts';
export { default as ch03 } from './ch03/index.ts';
export { default as ch04 } from './ch04/index.ts';
export { default as ch05 } from './ch05/index.ts';
export { default as ch06 } from './ch06/index.ts';
export { default as ch07 } from './ch07/index.ts';
export { default as ch08 } from './ch08/index.ts';
export { default as ch09 } from './ch09/index.ts';
