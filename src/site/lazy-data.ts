/**
 * Build-time JSON files the chapter islands fetch on demand instead of
 * carrying in the page: a chapter's resolved quiz (questions, keys,
 * explanations and the four engine-computed variants) and each exercise's
 * reference solution. They were most of a chapter page's HTML, and a reader
 * who never opens the quiz or the reveal does not need them.
 *
 * Each file's name carries a hash of its content, so a host may cache it for
 * ever and a rebuilt quiz is never served stale. The pages build the URLs and
 * src/pages/data/[file].json.ts writes the files, both from here, so a name
 * and its content cannot disagree.
 */
import { createHash } from 'node:crypto';
import { resolvedQuizFor } from './quizzes.ts';
import type { LoadedChapter, LoadedExercise } from './validate-content.ts';

export interface DataFile {
  /** File name without `.json`, for example `quiz.leaders-and-followers.3f2a9c01be4d`. */
  readonly name: string;
  readonly body: string;
}

/** What the exercise island fetches when the learner asks for the reference. */
export interface ReferenceData {
  readonly code: string;
}

function dataFile(stem: string, value: unknown): DataFile {
  const body = JSON.stringify(value);
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { name: `${stem}.${hash}`, body };
}

// Resolving a quiz runs the engine for every variant: once per build, shared by the page and the endpoint.
const quizzes = new Map<string, DataFile | undefined>();

export function quizFile(chapter: LoadedChapter): DataFile | undefined {
  if (!quizzes.has(chapter.folder)) {
    const quiz = resolvedQuizFor(chapter);
    quizzes.set(chapter.folder, quiz && dataFile(`quiz.${chapter.meta.slug}`, quiz));
  }
  return quizzes.get(chapter.folder);
}

/** `chapter` is the chapter folder (exercise ids are unique only within a chapter). */
export function referenceFile(chapter: string, loaded: LoadedExercise): DataFile {
  return dataFile(`reference.${chapter}.${loaded.exercise.id}`, {
    code: loaded.referenceCode,
  } satisfies ReferenceData);
}

export function dataFiles(chapters: readonly LoadedChapter[]): DataFile[] {
  return chapters.flatMap((c) => {
    const quiz = quizFile(c);
    return [...(quiz ? [quiz] : []), ...c.exercises.map((e) => referenceFile(c.folder, e))];
  });
}

/** The file's URL on the built site, under the configured `base`. */
export function dataUrl(file: DataFile): string {
  return `${import.meta.env.BASE_URL.replace(/\/$/, '')}/data/${file.name}.json`;
}
