/**
 * The build-time JSON files the islands fetch (src/site/lazy-data.ts): names
 * carry a hash of the content, so a changed quiz or reference gets a new URL,
 * and URLs sit under the site's `base` when it is hosted on a sub-path.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { validateContent } from '../../../src/site/validate-content.ts';
import { dataFiles, dataUrl, quizFile, referenceFile } from '../../../src/site/lazy-data.ts';

const chapters = validateContent('content').chapters;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('lazy data files', () => {
  it('names each file after its content, one quiz per chapter and one file per reference', () => {
    const files = dataFiles(chapters);
    const exercises = chapters.flatMap((c) => c.exercises).length;
    expect(files).toHaveLength(chapters.filter((c) => c.quiz).length + exercises);
    expect(new Set(files.map((f) => f.name)).size).toBe(files.length);
    for (const f of files) expect(f.name).toMatch(/^(quiz|reference)\.[\w.-]+\.[0-9a-f]{12}$/);
    const chapter = chapters[0]!;
    expect(JSON.parse(quizFile(chapter)!.body).questions).toHaveLength(12);
  });

  it('gives a changed reference a new name', () => {
    const chapter = chapters[0]!;
    const loaded = chapter.exercises[0]!;
    const before = referenceFile(chapter.folder, loaded);
    const after = referenceFile(chapter.folder, { ...loaded, referenceCode: `${loaded.referenceCode}\n// edited` });
    expect(JSON.parse(before.body)).toEqual({ code: loaded.referenceCode });
    expect(after.name).not.toBe(before.name);
  });

  it('puts URLs under the configured base', () => {
    const file = referenceFile(chapters[0]!.folder, chapters[0]!.exercises[0]!);
    expect(dataUrl(file)).toBe(`/data/${file.name}.json`);
    vi.stubEnv('BASE_URL', '/workbook/');
    expect(dataUrl(file)).toBe(`/workbook/data/${file.name}.json`);
  });
});
