/**
 * The browser grades exactly as `npm run grade` does: for every exercise's
 * reference, starter and every wrong solution (found by walking content/, no
 * list here), the verdict the exercise island shows after Submit — graded in
 * the page's engine worker — equals gradeSource's in a plain Node process:
 * passed, the error kind, and each failing property with its first failure's
 * seed and step (test/shared/plain-grading.ts's `summarise`; a wall-clock
 * time-limit counts by presence only).
 *
 * The island marks each failure with data-property/-seed/-step and an error
 * with data-error-kind, so nothing here parses display text.
 *
 * Speed (2 cores): Chromium grades on one core while the plain process grades
 * the same files on the other; see the figure logged at the end.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { gradeInPlainNode, solutionCases, summarise, type VerdictSummary } from '../shared/plain-grading.ts';
import { baseUrl, fileBrowser, newPage } from './support/browser.ts';
import { hydrated } from './support/learner.ts';
import { validateContent } from '../../src/site/validate-content.ts';

const browser = fileBrowser();

const slugOf = new Map(validateContent('content').chapters.map((c) => [c.folder, c.meta.slug]));

/** Submits `code` to exercise `id` and reads the verdict the island shows, from its data attributes. */
async function submitInBrowser(page: Page, id: string, code: string): Promise<VerdictSummary> {
  const island = page.locator(`[data-exercise="${id}"] .ex-island`);
  // Mark the previous verdict so the wait below cannot read it instead of this one.
  await island
    .locator('.ex-results .ex-result')
    .evaluateAll((els) => els.forEach((e) => e.setAttribute('data-stale', '')));
  // Set the plain textarea directly: focusing it would swap in the Monaco editor.
  await page.locator(`#ex-${id}-textarea`).evaluate((el, value) => {
    (el as HTMLTextAreaElement).value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, code);
  await island.getByRole('button', { name: 'Submit', exact: true }).click();
  const result = island.locator('.ex-results .ex-result:not([data-stale])');
  await result.waitFor({ state: 'visible', timeout: 60_000 });
  return result.evaluate((el) => {
    const kind = el.getAttribute('data-error-kind');
    const failures: Record<string, string> = {};
    if (kind === null)
      for (const li of el.querySelectorAll('li.ex-failure')) {
        const property = li.getAttribute('data-property') as string;
        failures[property] =
          property === 'time-limit'
            ? 'present'
            : `seed ${li.getAttribute('data-seed')}, step ${li.getAttribute('data-step')}`;
      }
    const sorted = Object.fromEntries(Object.entries(failures).sort(([a], [b]) => a.localeCompare(b)));
    return { passed: el.classList.contains('ex-result--pass'), error: kind, failures: sorted };
  });
}

describe('browser verdicts equal npm run grade on every exercise', () => {
  const cases = solutionCases();

  it('reference, starter and every wrong solution: same verdict in the page as in plain gradeSource', async () => {
    const t0 = performance.now();
    const plain = gradeInPlainNode(cases);
    const { context, page, errors } = await newPage(browser());
    const seen: VerdictSummary[] = [];
    let openChapter = '';
    for (const c of cases) {
      if (c.chapter !== openChapter) {
        await page.goto(`${baseUrl()}/chapters/${slugOf.get(c.chapter)}/`);
        openChapter = c.chapter;
      }
      await hydrated(page.locator(`[data-exercise="${c.exercise}"] .ex-toolbar`));
      seen.push(await submitInBrowser(page, c.exercise, c.code));
    }
    const want = (await plain).map(summarise);
    const mismatches = cases.flatMap((c, i) =>
      JSON.stringify(want[i]) === JSON.stringify(seen[i])
        ? []
        : [`${c.label}: npm run grade ${JSON.stringify(want[i])}, browser ${JSON.stringify(seen[i])}`],
    );
    expect(mismatches).toEqual([]);
    // The comparison could fail: references pass, everything else fails, and failures name seeds and steps.
    cases.forEach((c, i) => expect(seen[i]!.passed, c.label).toBe(c.isReference));
    expect(seen.filter((s) => Object.keys(s.failures).length > 0).length).toBeGreaterThan(cases.length / 2);
    expect(errors).toEqual([]);
    await context.close();
    console.log(
      `browser vs npm run grade: ${cases.length} solutions in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
  }, 900_000);
});
