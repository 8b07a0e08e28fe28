/**
 * A learner's progress in a real browser: taking a quiz twice (the second
 * attempt shows other engine-derived numbers), marking a chapter complete,
 * progress surviving a reload, corrupt storage recovered with a message, and
 * export / import on the Progress page (a bad file refused, nothing lost).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, fileBrowser, newPage } from './support/browser.ts';
import { startAttemptIfAsked } from './support/learner.ts';

const browser = fileBrowser();

const CHAPTER_1 = '/chapters/one-database/';

/** The text of all twelve questions of the current attempt, via the question list. */
async function questionTexts(page: Page): Promise<string[]> {
  const texts: string[] = [];
  for (let i = 1; i <= 12; i++) {
    await page.getByRole('button', { name: new RegExp(`^Question ${i},`) }).click();
    await expect.poll(() => page.locator('.quiz-qhead').textContent()).toContain(`Question ${i} of 12`);
    texts.push((await page.locator('.quiz-question').innerText()).replace(/\s+/g, ' '));
  }
  return texts;
}

async function answerFirstAndSubmit(page: Page, attempt: number): Promise<void> {
  await page.getByRole('button', { name: /^Question 1,/ }).click();
  const firstChoice = page.locator('.quiz-question input[type="radio"], .quiz-question input[type="checkbox"]').first();
  if (await firstChoice.count()) await firstChoice.check();
  await page.getByRole('button', { name: `Submit attempt ${attempt}` }).click();
  const anyway = page.getByRole('button', { name: 'Submit anyway' });
  if (await anyway.count()) await anyway.click();
}

describe('quiz', () => {
  it('takes two attempts, with other engine-derived numbers the second time, and keeps them across a reload', async () => {
    const { context, page, errors } = await newPage(browser());
    await page.goto(baseUrl() + CHAPTER_1 + '#quiz');
    await page.locator('.quiz').waitFor({ state: 'visible' });
    await startAttemptIfAsked(page, 1);
    await expect.poll(() => page.locator('.quiz-meta').textContent()).toContain('Attempt 1 of 2');
    const first = await questionTexts(page);
    await answerFirstAndSubmit(page, 1);
    await expect.poll(() => page.locator('.quiz').innerText()).toMatch(/\d+ \/ 120/);
    await expect.poll(() => page.locator('.quiz-meta').textContent()).toContain('1 of 2 attempts used');

    await startAttemptIfAsked(page, 2);
    await expect.poll(() => page.locator('.quiz-meta').textContent()).toContain('Attempt 2 of 2');
    const second = await questionTexts(page);
    const changed = first.filter((text, i) => text !== second[i]);
    expect(changed.length, 'engine-derived questions should show new numbers in attempt 2').toBeGreaterThan(0);
    await answerFirstAndSubmit(page, 2);
    await expect.poll(() => page.locator('.quiz-meta').textContent()).toContain('2 of 2 attempts used');
    expect(await page.getByRole('button', { name: 'Start attempt 3' }).count()).toBe(0);

    await page.reload();
    await page.locator('.quiz').waitFor({ state: 'visible' });
    await expect.poll(() => page.locator('.quiz-meta').textContent()).toContain('2 of 2 attempts used');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('progress', () => {
  it('marks a chapter complete and shows it after a reload and on the home page', async () => {
    const { context, page } = await newPage(browser());
    await page.goto(baseUrl() + CHAPTER_1);
    const button = page.getByRole('button', { name: 'Mark chapter complete' });
    await button.scrollIntoViewIfNeeded();
    await expect.poll(() => button.isEnabled()).toBe(true);
    await button.click();
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true');
    await page.reload();
    const again = page.getByRole('button', { name: 'Mark chapter complete' });
    await again.scrollIntoViewIfNeeded();
    await expect.poll(() => again.getAttribute('aria-pressed')).toBe('true');
    await page.goto(baseUrl() + '/');
    await expect.poll(() => page.locator('[data-chapter="one-database"]').innerText()).toContain('Complete');
    await context.close();
  });

  it('recovers from corrupt storage with a visible message and a working page', async () => {
    const { context, page, errors } = await newPage(browser());
    await page.goto(baseUrl() + '/');
    await page.evaluate(() =>
      localStorage.setItem('workbook:progress', '{"version":1,"chapters":{"one-database":{"completedAt":'),
    );
    await page.reload();
    expect(await page.locator('.chapter-list > li').count()).toBeGreaterThanOrEqual(3);
    await expect.poll(() => page.locator('.storage-notice').innerText()).toMatch(/set aside/i);
    await page.goto(baseUrl() + CHAPTER_1);
    const mark = page.getByRole('button', { name: 'Mark chapter complete' });
    await mark.scrollIntoViewIfNeeded();
    await mark.click();
    await expect.poll(() => mark.getAttribute('aria-pressed')).toBe('true');
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
    await context.close();
  });

  it('exports progress, refuses a bad file without losing anything, and imports the export after a reset', async () => {
    const { context, page } = await newPage(browser());
    await page.goto(baseUrl() + CHAPTER_1);
    const mark = page.getByRole('button', { name: 'Mark chapter complete' });
    await mark.scrollIntoViewIfNeeded();
    await mark.click();
    await expect.poll(() => mark.getAttribute('aria-pressed')).toBe('true');

    await page.goto(baseUrl() + '/progress/');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export progress' }).click(),
    ]);
    const exported = readFileSync((await download.path())!, 'utf8');
    expect(
      JSON.parse(exported).chapters?.['one-database']?.completedAt ??
        JSON.parse(exported).progress?.chapters?.['one-database']?.completedAt,
    ).toBeTruthy();

    await page
      .locator('#progress-import')
      .setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('this is not json') });
    await expect.poll(() => page.locator('.progress-message').innerText()).toMatch(/✗/);
    const stored = await page.evaluate(() => localStorage.getItem('workbook:progress'));
    expect(stored).toContain('one-database');

    await page.getByRole('button', { name: 'Reset progress…' }).click();
    await page.getByRole('button', { name: 'Yes, reset all progress' }).click();
    await expect
      .poll(async () => (await page.evaluate(() => localStorage.getItem('workbook:progress'))) ?? '')
      .not.toContain('completedAt');
    await page
      .locator('#progress-import')
      .setInputFiles({ name: 'progress.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
    await expect.poll(() => page.locator('.progress-message').innerText()).toMatch(/✓/);
    await page.goto(baseUrl() + CHAPTER_1);
    const restored = page.getByRole('button', { name: 'Mark chapter complete' });
    await restored.scrollIntoViewIfNeeded();
    await expect.poll(() => restored.getAttribute('aria-pressed')).toBe('true');
    await context.close();
  });
});
