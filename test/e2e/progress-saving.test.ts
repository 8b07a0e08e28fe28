/**
 * Saving progress is never silent and never lost by surprise: answers of an
 * attempt in progress survive a reload, two tabs cannot both submit attempt 1,
 * and when storage refuses a write the learner is told at once (for a quiz
 * attempt in the quiz, for anything else in an alert) and offered Export.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, fileBrowser, newPage } from './support/browser.ts';
import { cell, hydrated, startAttemptIfAsked, typeIntoCell } from './support/learner.ts';

const browser = fileBrowser();

const CHAPTER_1 = '/chapters/one-database/';

/** Lets the test make localStorage refuse the progress document, as a full quota does. */
async function quotaSwitch(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (this: Storage, k: string, v: string) {
      if ((window as unknown as { __full?: boolean }).__full && k === 'workbook:progress')
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return setItem.call(this, k, v);
    };
  });
}

async function openQuiz(page: Page) {
  await page.goto(baseUrl() + CHAPTER_1 + '#quiz');
  await page.locator('.quiz').waitFor({ state: 'visible' });
  await startAttemptIfAsked(page, 1);
}

async function answerFirst(page: Page) {
  await page.getByRole('button', { name: /^Question 1,/ }).click();
  const choice = page.locator('.quiz-question input[type="radio"], .quiz-question input[type="checkbox"]').first();
  await choice.check();
}

async function submit(page: Page, n: number) {
  await page.getByRole('button', { name: `Submit attempt ${n}` }).click();
  const anyway = page.getByRole('button', { name: 'Submit anyway' });
  if (await anyway.count()) await anyway.click();
}

describe('progress saving', () => {
  it('keeps the answers of an attempt in progress across a reload', async () => {
    const { context, page } = await newPage(browser());
    await openQuiz(page);
    await answerFirst(page);
    await expect.poll(() => page.getByRole('button', { name: /^Question 1, answered/ }).count()).toBe(1);
    await page.reload();
    await page.locator('.quiz').waitFor({ state: 'visible' });
    await expect
      .poll(() => page.getByRole('button', { name: /^Question 1, answered/ }).count(), { timeout: 15_000 })
      .toBe(1);
    await context.close();
  });

  it('two tabs cannot both submit attempt 1', async () => {
    const { context, page: a } = await newPage(browser());
    const b = await context.newPage();
    await openQuiz(a);
    await openQuiz(b);
    await answerFirst(a);
    await answerFirst(b);
    await submit(a, 1);
    await expect.poll(() => a.locator('.quiz-meta').textContent()).toContain('1 of 2 attempts used');
    await submit(b, 1);
    await expect.poll(() => b.locator('.quiz [role="alert"]').innerText()).toMatch(/already submitted/);
    await context.close();
  });

  it('an attempt storage refuses is shown, kept for the tab, and offers Export', async () => {
    const { context, page } = await newPage(browser());
    await quotaSwitch(context);
    await openQuiz(page);
    await answerFirst(page);
    await page.evaluate(() => ((window as unknown as { __full: boolean }).__full = true));
    await submit(page, 1);
    const unsaved = page.locator('.quiz-unsaved');
    await expect.poll(() => unsaved.innerText()).toMatch(/could not be saved/);
    expect(await page.locator('.quiz-meta').textContent()).toContain('1 of 2 attempts used');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      unsaved.getByRole('button', { name: 'Export progress' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/progress/);
    // and the page-wide alert says it too
    await expect.poll(() => page.locator('.wb-save-alert').count()).toBe(1);
    await context.close();
  });

  it('a mark that storage refuses raises the alert at once', async () => {
    const { context, page } = await newPage(browser());
    await quotaSwitch(context);
    await page.goto(baseUrl() + CHAPTER_1);
    const mark = page.getByRole('button', { name: 'Mark chapter complete' });
    await hydrated(mark);
    await page.evaluate(() => ((window as unknown as { __full: boolean }).__full = true));
    await mark.click();
    const alert = page.locator('.wb-save-alert');
    await expect.poll(() => alert.count()).toBe(1);
    expect(await alert.innerText()).toMatch(/Saving progress failed/);
    expect(await alert.getByRole('button', { name: 'Export progress' }).count()).toBe(1);
    await context.close();
  });

  it('a cell edit storage refuses says it is not saved', async () => {
    const { context, page } = await newPage(browser());
    await quotaSwitch(context);
    await page.goto(baseUrl() + '/chapters/leaders-and-followers/');
    await page.evaluate(() => ((window as unknown as { __full: boolean }).__full = true));
    const first = cell(page, 0);
    await typeIntoCell(page, first, 'const mine = 1;');
    await expect.poll(() => first.locator('.nb-hint').innerText(), { timeout: 5_000 }).toMatch(/Edited, not saved/);
    await context.close();
  });
});
