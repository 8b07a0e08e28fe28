/**
 * Stopping code: the Run button of a running cell turns into Stop (focus stays
 * on it), a running Submit has a Stop button and focus comes back to Submit,
 * and a loop in a cell above is named as the cell that did not finish.
 */
import { describe, expect, it } from 'vitest';
import { baseUrl, fileBrowser, newPage } from './support/browser.ts';
import { cell, hydrated } from './support/learner.ts';
import { encodeShareHash } from '../../src/components/notebook/share.ts';

const browser = fileBrowser();

const CHAPTER_2 = '/chapters/leaders-and-followers/';

describe('Stop', () => {
  it('stops a running cell at once from the button that started it', async () => {
    const { context, page } = await newPage(browser());
    await page.goto(baseUrl() + CHAPTER_2);
    const id = (await cell(page, 0).getAttribute('data-cell-id')) ?? '';
    await page.goto(baseUrl() + CHAPTER_2 + encodeShareHash(id, 'while (true) {}'));
    await page.reload();
    const first = cell(page, 0);
    await hydrated(first.locator('.nb-toolbar'));
    const button = first.locator('[data-nb-run]');
    await button.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => button.innerText()).toBe('Stop');
    await page.waitForTimeout(300);
    const pressed = Date.now();
    await page.keyboard.press('Enter');
    const output = first.locator('[data-nb-output]');
    await expect.poll(() => output.getAttribute('data-status'), { timeout: 5_000 }).toBe('error');
    expect(Date.now() - pressed).toBeLessThan(1_500);
    expect(await output.locator('[data-nb-error]').innerText()).toMatch(/you pressed Stop/);
    expect(await button.innerText()).toBe('Run');
    expect(await button.evaluate((b) => b === document.activeElement)).toBe(true);
    await context.close();
  });

  it('names the cell above that did not finish when a later cell is run', async () => {
    const { context, page } = await newPage(browser());
    await page.goto(baseUrl() + CHAPTER_2);
    const id = (await cell(page, 0).getAttribute('data-cell-id')) ?? '';
    const title = (await cell(page, 0).getAttribute('data-cell-title')) ?? '';
    await page.goto(baseUrl() + CHAPTER_2 + encodeShareHash(id, 'let n = 0;\nwhile (true) { n++; }'));
    await page.reload();
    const second = cell(page, 1);
    await hydrated(second.locator('.nb-toolbar'));
    await second.getByRole('button', { name: 'Run', exact: true }).click();
    const output = second.locator('[data-nb-output]');
    await expect.poll(() => output.getAttribute('data-status'), { timeout: 15_000 }).toBe('error');
    const text = await output.locator('[data-nb-error]').innerText();
    expect(text).toContain(`The cell ${title} above did not finish`);
    expect(text).toMatch(/Stopped after 2 s/);
    await context.close();
  });

  it('stops a running Submit and gives focus back to Submit', async () => {
    const { context, page } = await newPage(browser());
    await page.goto(baseUrl() + CHAPTER_2);
    const textarea = page.locator('#ex-apply-batch-textarea');
    await hydrated(textarea);
    await textarea.evaluate((el) => {
      (el as HTMLTextAreaElement).value =
        'export function applyBatch(): void {\n  const until = Date.now() + 1500;\n  while (Date.now() < until) {}\n}';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const island = page.locator('.ex-island').filter({ has: textarea });
    const submit = island.getByRole('button', { name: 'Submit' });
    await submit.focus();
    await page.keyboard.press('Enter');
    const stop = island.getByRole('button', { name: 'Stop' });
    await stop.waitFor({ timeout: 10_000 });
    await expect.poll(() => stop.evaluate((b) => b === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => island.locator('.ex-result').innerText(), { timeout: 5_000 }).toMatch(/pressed Stop/);
    await expect.poll(() => submit.evaluate((b) => b === document.activeElement)).toBe(true);
    await context.close();
  });
});
