/**
 * Build-time validation of everything under content/: folder names, lesson
 * frontmatter and statechart tags, quizzes and exercises. Runs before Astro builds a page (see
 * astro.config.mjs) and in the content tests, so a malformed file fails fast
 * with messages that name the file, the field and how to fix it.
 *
 * Returns what it read as well as the errors, so the site and the tests share
 * one loader instead of parsing the same files twice.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { chapterSchema, type ChapterMeta } from '../schemas/chapter.ts';
import { exerciseSchema, type Exercise } from '../schemas/exercise.ts';
import { quizSchema, type Quiz } from '../schemas/quiz.ts';
import { machines } from '../engine/index.ts';
import { formatIssues } from './format-issues.ts';
import { statechartErrors } from './validate-statecharts.ts';
import {
  chapterFolderErrors,
  exerciseReferenceErrors,
  lessonReferenceErrors,
  quizReferenceErrors,
  workbookReferences,
  type ReferenceRegistry,
} from './validate-references.ts';

const CHAPTER_FOLDER = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

export interface LoadedExercise {
  readonly exercise: Exercise;
  /** Folder of the exercise relative to the content root. */
  readonly dir: string;
  readonly starterCode: string;
  readonly referenceCode: string;
  readonly wrongCode: readonly {
    readonly file: string;
    readonly property: string;
    readonly why: string;
    readonly code: string;
  }[];
}

export interface LoadedChapter {
  readonly folder: string;
  readonly meta: ChapterMeta;
  readonly quiz: Quiz | undefined;
  readonly exercises: readonly LoadedExercise[];
}

export interface ContentReport {
  readonly chapters: readonly LoadedChapter[];
  readonly errors: readonly string[];
}

/**
 * Reads and validates the content root (the folder holding `chapters/`). Never throws for bad content.
 * `refs` is what content may name (scenarios, generators, graders, checkers): the workbook's registry,
 * or a fixture's in the tests.
 */
export function validateContent(
  root: string,
  displayRoot = root,
  refs: ReferenceRegistry = workbookReferences(),
): ContentReport {
  const errors: string[] = [];
  const chapters: LoadedChapter[] = [];
  const show = (path: string) => join(displayRoot, relative(root, path));
  const chaptersDir = join(root, 'chapters');
  if (!existsSync(chaptersDir))
    return { chapters, errors: [`${show(chaptersDir)}: folder missing: lessons live in content/chapters/NN-slug/`] };

  const numbers = new Map<number, string>();
  /** Chapter number (from the folder name) -> the folder as messages show it, for the registry check. */
  const folders = new Map<number, string>();
  for (const folder of readdirSync(chaptersDir).sort()) {
    const dir = join(chaptersDir, folder);
    if (!statSync(dir).isDirectory()) continue;
    const match = CHAPTER_FOLDER.exec(folder);
    if (!match) {
      errors.push(`${show(dir)}: folder name: chapter folders are named NN-slug, like \`02-leaders-and-followers\``);
      continue;
    }
    const [, nn, folderSlug] = match;
    folders.set(Number(nn), show(dir));
    const lessonFile = join(dir, 'lesson.mdx');
    if (!existsSync(lessonFile)) {
      errors.push(`${show(lessonFile)}: file missing: every chapter folder needs a lesson.mdx`);
      continue;
    }
    const lessonText = readFileSync(lessonFile, 'utf8');
    errors.push(...statechartErrors(lessonText, show(lessonFile), Object.keys(machines)));
    errors.push(...lessonReferenceErrors(lessonText, Number(nn), show(lessonFile), refs));
    const frontmatter = readFrontmatter(lessonFile, show(lessonFile), errors);
    if (frontmatter === undefined) continue;
    const meta = check(chapterSchema, frontmatter, show(lessonFile), errors);
    if (!meta) continue;
    if (meta.number !== Number(nn))
      errors.push(`${show(lessonFile)}: number: is ${meta.number} but the folder says ${Number(nn)}; make them agree`);
    if (meta.slug !== folderSlug)
      errors.push(`${show(lessonFile)}: slug: is "${meta.slug}" but the folder says "${folderSlug}"; make them agree`);
    const clash = numbers.get(meta.number);
    if (clash) errors.push(`${show(lessonFile)}: number: chapter ${meta.number} is also used by ${clash}`);
    numbers.set(meta.number, folder);

    const quizFile = join(dir, 'quiz.yaml');
    let quiz: Quiz | undefined;
    if (!existsSync(quizFile))
      errors.push(`${show(quizFile)}: file missing: every chapter needs a 12-question quiz.yaml`);
    else {
      const raw = readYaml(quizFile, show(quizFile), errors);
      if (raw !== undefined) quiz = check(quizSchema, raw, show(quizFile), errors);
      if (quiz) errors.push(...quizReferenceErrors(quiz, Number(nn), show(quizFile), refs));
    }
    const exercises = loadExercises(join(dir, 'exercises'), show, errors);
    for (const ex of exercises)
      errors.push(...exerciseReferenceErrors(ex.exercise, Number(nn), `${ex.dir}/exercise.yaml`, refs));
    chapters.push({ folder, meta, quiz, exercises });
  }
  errors.push(...chapterFolderErrors(folders, refs));
  return { chapters, errors };
}

function loadExercises(dir: string, show: (p: string) => string, errors: string[]): LoadedExercise[] {
  if (!existsSync(dir)) return [];
  const loaded: LoadedExercise[] = [];
  for (const folder of readdirSync(dir).sort()) {
    const exDir = join(dir, folder);
    if (!statSync(exDir).isDirectory()) continue;
    const file = join(exDir, 'exercise.yaml');
    if (!existsSync(file)) {
      errors.push(`${show(file)}: file missing: every exercise folder needs an exercise.yaml`);
      continue;
    }
    const raw = readYaml(file, show(file), errors);
    if (raw === undefined) continue;
    const exercise = check(exerciseSchema, raw, show(file), errors);
    if (!exercise) continue;
    if (exercise.id !== folder)
      errors.push(`${show(file)}: id: is "${exercise.id}" but the folder is "${folder}"; make them agree`);
    const read = (name: string, field: string): string | undefined => {
      const path = join(exDir, name);
      if (existsSync(path)) return readFileSync(path, 'utf8');
      errors.push(`${show(file)}: ${field}: file "${name}" does not exist beside exercise.yaml`);
      return undefined;
    };
    const starterCode = read(exercise.starter, 'starter');
    const referenceCode = read(exercise.reference, 'reference');
    const wrongCode = exercise.wrong.map((w, i) => ({ ...w, code: read(w.file, `wrong[${i}].file`) ?? '' }));
    if (starterCode === undefined || referenceCode === undefined) continue;
    loaded.push({ exercise, dir: show(exDir), starterCode, referenceCode, wrongCode });
  }
  return loaded;
}

function check<T>(schema: z.ZodType<T>, data: unknown, file: string, errors: string[]): T | undefined {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  errors.push(...formatIssues(file, result.error.issues));
  return undefined;
}

function readYaml(path: string, shown: string, errors: string[]): unknown {
  try {
    return parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const line = error.linePos?.[0]?.line;
      errors.push(`${shown}:${line ?? '?'}: YAML syntax: ${error.message.split('\n')[0]}`);
    } else errors.push(`${shown}: could not be read: ${String(error)}`);
    return undefined;
  }
}

function readFrontmatter(path: string, shown: string, errors: string[]): unknown {
  const text = readFileSync(path, 'utf8');
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  if (!match) {
    errors.push(
      `${shown}: frontmatter: missing; start the file with a --- block holding number, slug, title, summary and goals`,
    );
    return undefined;
  }
  try {
    return parseYaml(match[1] ?? '') ?? {};
  } catch (error) {
    const line = error instanceof YAMLParseError ? (error.linePos?.[0]?.line ?? 0) + 1 : '?';
    errors.push(`${shown}:${line}: frontmatter YAML syntax: ${String((error as Error).message).split('\n')[0]}`);
    return undefined;
  }
}

/** Formats a failed report as one error for the build, with a hint on what to do. */
export function contentErrorMessage(report: ContentReport): string {
  return [
    `Content is invalid (${report.errors.length} problem${report.errors.length === 1 ? '' : 's'}):`,
    ...report.errors.map((e) => `  - ${e}`),
    'Fix each file and field named above; the schemas with every field documented are in src/schemas/.',
  ].join('\n');
}
