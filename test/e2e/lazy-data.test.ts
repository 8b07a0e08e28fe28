/**
 * The quiz and the reference solutions are fetched from /data/, not carried in
 * the page: the quiz shows a loading state, then its questions; a failed fetch
 * shows an error with "Try again" and loses no answer; the reference arrives
 * only when the learner reveals it, and a failed fetch there can be retried too.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { baseUrl, fileBrowser, newPage } from './support/browser.ts';
import { hydrated, startAttemptIfAsked } from './support/learner.ts';

const browser = fileBrowser();

const CHAPTER_2 = '/chapters/leaders-and-followers/';
const REFERENCE = readFileSync('content/chapters/02-leaders-and-followers/exercises/apply-batch/reference.ts', 'utf8');

describe('lazily loaded quiz and reference', () => {
  it('keeps an attempt in progress through a failed quiz fetch and loads it on Try again', async () => {
    const { context, page } = await newPage(browser());
    await page.goto(baseUrl() + CHAPTER_2 + '#quiz');
    const quiz = page.locator('.quiz');
    await hydrated(quiz);
    await startAttemptIfAsked(page, 1);
    await quiz.getByRole('button', { name: /^Question 1,/ }).click();
    await quiz.locator('.quiz-question input').first().check();
    await expect.poll(() => quiz.innerText()).toContain('1 of 12 answered');

    await page.route('**/data/quiz.*.json', (route) => route.abort());
    await page.reload();
    await hydrated(page.locator('.quiz'));
    const alert = page.locator('.quiz [role="alert"]');
    await expect.poll(() => alert.innerText(), { timeout: 15_000 }).toMatch(/could not be loaded/);

    await page.unroute('**/data/quiz.*.json');
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => page.locator('.quiz').innerText(), { timeout: 15_000 }).toContain('1 of 12 answered');
    expect(await page.locator('.quiz-meta').innerText()).toContain('Attempt 1 of 2');
    await context.close();
  });

  it('fetches the reference solution only on reveal, and retries a failed fetch', async () => {
    const { context, page, errors } = await newPage(browser());
    const fetched: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/data/reference.')) fetched.push(r.url());
    });
    const response = await page.goto(baseUrl() + CHAPTER_2);
    expect(await response?.text()).not.toContain(REFERENCE.trim().split('\n').slice(-3).join('\n'));
    const island = page.locator('[data-exercise="apply-batch"] .ex-island');
    await hydrated(island.locator('.ex-toolbar'));
    expect(fetched).toEqual([]);

    await page.route('**/data/reference.*.json', (route) => route.abort());
    await island.getByRole('button', { name: 'Reveal reference solution' }).click();
    await island.getByRole('button', { name: 'Yes, reveal it' }).click();
    const alert = island.locator('.ex-reveal [role="alert"]');
    await expect.poll(() => alert.innerText(), { timeout: 15_000 }).toMatch(/could not be loaded/);
    // not seen, so not recorded
    expect(await page.evaluate(() => localStorage.getItem('workbook:progress') ?? '')).not.toContain('revealedAt');

    await page.unroute('**/data/reference.*.json');
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => island.locator('.ex-reference').textContent(), { timeout: 15_000 }).toBe(REFERENCE);
    await expect
      .poll(async () => (await page.evaluate(() => localStorage.getItem('workbook:progress'))) ?? '')
      .toContain('revealedAt');
    expect(fetched.length).toBeGreaterThanOrEqual(1);
    expect(errors.filter((e) => !/Failed to load resource|ERR_FAILED/.test(e))).toEqual([]);
    await context.close();
  });
});
