/**
 * Content validation: the shipped content is valid, a known-good fixture is
 * valid, and every malformed fixture fails with a message naming its file and
 * field — both from the validator and through the Astro integration that makes
 * the build fail.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contentValidation } from '../../src/site/content-integration.ts';
import { validateContent } from '../../src/site/validate-content.ts';
import type { ReferenceRegistry } from '../../src/site/validate-references.ts';
import { check } from '../../src/engine/index.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const MALFORMED = join(FIXTURES, 'malformed');

/**
 * What the fixtures may name: chapter 1's (which the valid fixture uses) and a
 * few of chapter 2's, so a fixture can name another chapter's part.
 */
const FIXTURE_REFS: ReferenceRegistry = {
  chapters: [1],
  scenarios: new Map([
    ['ch01-sample-run', 1],
    ['ch02-other-run', 2],
  ]),
  generators: new Map([
    ['ch01.sampleCount', 1],
    ['ch02.otherCount', 2],
  ]),
  graders: new Map([
    ['ch01.echo', { chapter: 1, entry: 'echo' }],
    ['ch02.shout', { chapter: 2, entry: 'shout' }],
  ]),
  checkers: Object.keys(check),
};

/** A copy of the valid fixture with one case's files laid over it. */
function malformedRoot(caseName: string): string {
  const root = mkdtempSync(join(tmpdir(), `content-${caseName}-`));
  cpSync(join(FIXTURES, 'valid'), join(root, 'content'), { recursive: true });
  cpSync(join(MALFORMED, caseName), join(root, 'content'), { recursive: true, filter: (src) => !src.endsWith('expect.txt') });
  return root;
}

function expectations(caseName: string): string[] {
  return readFileSync(join(MALFORMED, caseName, 'expect.txt'), 'utf8').split('\n').filter(Boolean);
}

describe('content validation', () => {
  it('accepts the valid fixture and reads its quiz and exercise', () => {
    const report = validateContent(join(FIXTURES, 'valid'), join(FIXTURES, 'valid'), FIXTURE_REFS);
    expect(report.errors).toEqual([]);
    expect(report.chapters).toHaveLength(1);
    expect(report.chapters[0]?.quiz?.questions).toHaveLength(12);
    expect(report.chapters[0]?.exercises[0]?.wrongCode).toHaveLength(2);
  });

  it('accepts the workbook content', () => {
    const report = validateContent('content', 'content');
    expect(report.errors).toEqual([]);
    expect(report.chapters.length).toBeGreaterThanOrEqual(1);
  });

  const cases = readdirSync(MALFORMED).sort();
  it('has malformed fixtures to test', () => expect(cases.length).toBeGreaterThanOrEqual(10));

  describe.each(cases)('malformed fixture %s', (caseName) => {
    it('is rejected with a message naming the file and the field', () => {
      const report = validateContent(join(malformedRoot(caseName), 'content'), 'content', FIXTURE_REFS);
      const all = report.errors.join('\n');
      expect(report.errors.length, `no error reported for ${caseName}`).toBeGreaterThan(0);
      for (const expected of expectations(caseName)) expect(all).toContain(expected);
    });

    it('fails the build through the Astro integration', () => {
      const root = malformedRoot(caseName);
      const hook = contentValidation({ strict: true, references: FIXTURE_REFS }).hooks[
        'astro:config:setup'
      ] as unknown as (o: object) => void;
      const logger = { info: () => {}, warn: () => {} };
      expect(() => hook({ config: { root: pathToFileURL(root + '/') }, logger })).toThrow(expectations(caseName)[0]);
    });
  });

  it('reports a registered chapter that has no content folder', () => {
    const refs = { ...FIXTURE_REFS, chapters: [1, 3] };
    const report = validateContent(join(FIXTURES, 'valid'), 'content', refs);
    expect(report.errors).toEqual([
      'src/chapters/index.ts: ch03: registered, but there is no content folder content/chapters/03-slug/',
    ]);
  });

  it('checks the workbook content against the workbook registry', () => {
    // The shipped content names real parts; the fixture's names are unknown to the real registry.
    expect(validateContent(join(FIXTURES, 'valid')).errors.join('\n')).toContain(
      'questions[0].generator: there is no generator "ch01.sampleCount"',
    );
  });

  it('only warns when drafting', () => {
    const root = malformedRoot('missing-title');
    const warnings: string[] = [];
    const hook = contentValidation({ strict: false }).hooks['astro:config:setup'] as unknown as (o: object) => void;
    hook({ config: { root: pathToFileURL(root + '/') }, logger: { info: () => {}, warn: (m: string) => warnings.push(m) } });
    expect(warnings.join('\n')).toContain('title is required');
  });

  it('reports a missing chapters folder', () => {
    const empty = mkdtempSync(join(tmpdir(), 'content-empty-'));
    expect(existsSync(join(empty, 'chapters'))).toBe(false);
    expect(validateContent(empty).errors[0]).toContain('folder missing');
  });
});
