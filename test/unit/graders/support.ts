/**
 * Test helpers: the exercises as the site loads them, and a plain evaluator
 * for learner modules (compile with the runner's transpile, run once) so the
 * pure core can be compared with the runner's `grade` path.
 */
import { compileCell } from '../../../src/runner/transpile.ts';
import { createRequire } from '../../../src/runner/require-shim.ts';
import { validateContent, type LoadedExercise } from '../../../src/site/validate-content.ts';
import { learnerModules } from '../../../src/assessment/grading/source.ts';

export interface FoundExercise {
  readonly chapter: string;
  readonly loaded: LoadedExercise;
}

/** Every chapter folder under content/chapters, in order. */
export function chapterFolders(): string[] {
  return validateContent('content')
    .chapters.map((c) => c.folder)
    .sort();
}

export function loadExercises(): { exercises: FoundExercise[]; errors: readonly string[] } {
  const report = validateContent('content');
  const exercises = report.chapters.flatMap((c) => c.exercises.map((loaded) => ({ chapter: c.folder, loaded })));
  return { exercises, errors: report.errors.filter((e) => e.includes('/exercises/')) };
}

/** Compiles and runs learner code once; returns its exported and top-level names. */
export function evaluateModule(code: string, cellId = 'test-module'): Record<string, unknown> {
  const compiled = compileCell(code, cellId);
  if (!compiled.ok) throw new Error(`does not compile: ${compiled.error.message}`);
  const scope: Record<string, unknown> = {};
  const exports: Record<string, unknown> = {};
  const run = new Function(
    '__nb',
    'require',
    'exports',
    'module',
    'console',
    '__nbCode',
    '"use strict"; return eval(__nbCode);',
  );
  run(
    { scope, save: (v: Record<string, unknown>) => void Object.assign(scope, v) },
    createRequire(learnerModules),
    exports,
    { exports },
    console,
    compiled.js,
  );
  return { ...scope, ...exports };
}
