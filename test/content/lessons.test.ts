/**
 * Authoring rules for every chapter's lesson that the schema cannot see:
 * every <Simulation> names a registered scenario and offers only fault kinds
 * the viewer supports; every imported diagram exists; the lesson ends with
 * "## Key takeaways"; there are no HTML comments (invalid in MDX); and prose
 * outside code has no stray `{` or `<` that MDX would try to parse.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { scenarios } from '../../src/chapters/scenarios/index.ts';
import { FAULT_KINDS } from '../../src/components/sim/model/faults.ts';

const CHAPTERS = join(import.meta.dirname, '../../content/chapters');
// Every chapter folder, so a new chapter is checked without being listed here.
const FOLDERS = readdirSync(CHAPTERS, { withFileTypes: true })
  .filter((d) => d.isDirectory() && /^\d\d-/.test(d.name))
  .map((d) => d.name)
  .sort();

/** The lesson without frontmatter, fenced code and inline code. */
function prose(mdx: string): string {
  return mdx
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1\s*$/gm, '')
    .replace(/`[^`\n]*`/g, '');
}

describe.each(FOLDERS)('%s lesson', (folder) => {
  const file = join(CHAPTERS, folder, 'lesson.mdx');
  const mdx = readFileSync(file, 'utf8');

  test('simulations name registered scenarios and supported faults', () => {
    const sims = [...mdx.matchAll(/<Simulation\s+scenario="([^"]+)"(?:\s+faults=\{\[([^\]]*)\]\})?/g)];
    expect(sims.length).toBeGreaterThan(0);
    for (const [, name, faults] of sims) {
      expect(scenarios[name as string], `unknown scenario ${name}`).toBeDefined();
      for (const f of (faults ?? '').split(',').map((x) => x.trim().replace(/"/g, '')).filter(Boolean)) {
        expect(FAULT_KINDS as readonly string[], `fault "${f}" in ${name}`).toContain(f);
      }
    }
  });

  test('imported diagrams exist', () => {
    const imports = [...mdx.matchAll(/^import \w+ from '([^']+\.astro)';$/gm)];
    expect(imports.length).toBeGreaterThan(0);
    for (const [, path] of imports) expect(existsSync(resolve(dirname(file), path as string)), path).toBe(true);
  });

  test('ends with Key takeaways and has no HTML comments or stray braces', () => {
    const h2 = [...mdx.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(h2.at(-1)).toBe('Key takeaways');
    expect(mdx).not.toContain('<!--');
    const text = prose(mdx);
    for (const line of text.split('\n')) {
      if (/^\s*(<|import |\{\/\*)/.test(line)) continue; // JSX elements and imports are MDX on purpose
      expect(line, 'escape { and } in prose').not.toMatch(/[{}]/);
      expect(line, 'a < in prose starts a JSX tag in MDX').not.toMatch(/<(?!\/?[A-Z])/);
    }
  });
});
