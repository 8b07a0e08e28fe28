/**
 * Notebook cells as a learner uses them: type into a cell and run it, run an
 * endless loop and see it stopped (then run again), a later cell seeing an
 * earlier cell's names, and edits kept across a reload with a way back.
 */
import { describe, expect, it } from 'vitest';
import { baseUrl, fileBrowser, newPage } from './support/browser.ts';
import { cell, hydrated, runCell, typeIntoCell } from './support/learner.ts';

const browser = fileBrowser();

const CHAPTER_2 = '/chapters/leaders-and-followers/';

describe('notebook cells', () => {
  it('runs code the learner typed, and shows its console output and value', async () => {
    const { context, page, errors } = await newPage(browser());
    await page.goto(baseUrl() + CHAPTER_2);
    const first = cell(page, 0);
    await typeIntoCell(
      page,
      first,
      "const answer: number = 6 * 7;\nconsole.log('typed by a learner', answer);\nanswer",
    );
    const output = await runCell(first);
    await expect.poll(() => output.getAttribute('data-status')).toBe('done');
    expect(await output.locator('[data-nb-console]').innerText()).toContain('typed by a learner 42');
    expect(await output.locator('[data-nb-value]').innerText()).toContain('42');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('stops an endless loop within a few seconds with a clear message, and the next run works', async () => {
    const { context, page } = await newPage(browser());
    await page.goto(baseUrl() + CHAPTER_2);
    const first = cell(page, 0);
    await typeIntoCell(page, first, 'let spins = 0;\nwhile (true) { spins++; }');
    const started = Date.now();
    const output = await runCell(first);
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(await output.locator('[data-nb-error]').innerText()).toMatch(/Stopped after 2 s/);
    // The page stays responsive: the theme toggle still works at once.
    await page.getByRole('button', { name: 'Dark theme' }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await typeIntoCell(page, first, "console.log('alive again')");
    const again = await runCell(first);
    expect(await again.locator('[data-nb-console]').innerText()).toContain('alive again');
    await context.close();
  });

  it('lets a later cell use what an earlier cell defined, keeps edits across a reload and restores the original', async () => {
    const { context, page } = await newPage(browser());
    await page.goto(baseUrl() + CHAPTER_2);
    const first = cell(page, 0);
    const original = await first.locator('[data-nb-static]').innerText();
    await typeIntoCell(page, first, 'const sharedFromCellOne = 123;');
    const second = cell(page, 1);
    await hydrated(second.locator('.nb-toolbar'));
    await typeIntoCell(page, second, 'sharedFromCellOne + 1');
    const output = await runCell(second);
    expect(await output.locator('[data-nb-value]').innerText()).toContain('124');

    await page.waitForTimeout(800); // edits are saved after a short pause in typing
    await page.reload();
    const reloaded = cell(page, 0);
    await hydrated(reloaded.locator('.nb-toolbar'));
    await expect.poll(() => reloaded.innerText()).toContain('sharedFromCellOne');
    await reloaded.getByRole('button', { name: 'Restore original' }).click();
    await expect.poll(() => reloaded.innerText()).not.toContain('sharedFromCellOne');
    expect(original.length).toBeGreaterThan(10);
    await context.close();
  });
});
