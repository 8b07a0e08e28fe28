/**
 * Huge output never freezes the page: 1,000 console lines of 100 KB and a
 * nested array with a million leaves both come back bounded by the worker,
 * say what was cut, and the value view renders only what is expanded.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, fileBrowser, newPage } from './support/browser.ts';
import { cell, hydrated, runCell } from './support/learner.ts';
import { encodeShareHash } from '../../src/components/notebook/share.ts';

const browser = fileBrowser();

const CHAPTER_2 = '/chapters/leaders-and-followers/';

async function withCode(page: Page, code: string) {
  await page.goto(baseUrl() + CHAPTER_2);
  const id = (await cell(page, 0).getAttribute('data-cell-id')) ?? '';
  await page.goto(baseUrl() + CHAPTER_2 + encodeShareHash(id, code));
  await page.reload();
  const first = cell(page, 0);
  await hydrated(first.locator('.nb-toolbar'));
  return first;
}

/** The longest the page's main thread was blocked while `during` ran, ms (long-task observer). */
async function longestTask(page: Page, during: () => Promise<unknown>): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { __longest: number };
    w.__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
    }).observe({ type: 'longtask' });
  });
  await during();
  return page.evaluate(() => (window as unknown as { __longest: number }).__longest);
}

describe('output bounds', () => {
  it('1,000 lines of 100 KB are clipped and counted, and the page stays responsive', async () => {
    const { context, page } = await newPage(browser());
    const first = await withCode(
      page,
      "const s = 'x'.repeat(100_000);\nfor (let i = 0; i < 1000; i++) console.log(s);",
    );
    let output = first.locator('[data-nb-output]');
    const blocked = await longestTask(page, async () => {
      output = await runCell(first);
    });
    await expect.poll(() => output.getAttribute('data-status')).toBe('done');
    const text = await output.locator('[data-nb-console]').innerText();
    expect(text).toMatch(/more characters not shown/);
    expect(text).toMatch(/more lines not shown/);
    expect(text.length).toBeLessThan(400_000);
    expect(blocked).toBeLessThan(1_000);
    await context.close();
  });

  it('a million-leaf nested array shows a summary and expands on demand', async () => {
    const { context, page } = await newPage(browser());
    const first = await withCode(
      page,
      'Array.from({ length: 100 }, () => Array.from({ length: 100 }, () => Array(100).fill(1)))',
    );
    let output = first.locator('[data-nb-output]');
    const blocked = await longestTask(page, async () => {
      output = await runCell(first);
    });
    await expect.poll(() => output.getAttribute('data-status')).toBe('done');
    const value = output.locator('[data-nb-value]');
    expect(await value.innerText()).toContain('Array(100)');
    expect(await value.locator('*').count()).toBeLessThan(1_500);
    // open the first inner array: its rows appear only now
    const inner = value.locator('details details').first();
    const before = await inner.locator('li').count();
    await inner.locator('summary').first().click();
    await expect.poll(() => inner.locator('li').count()).toBeGreaterThan(before);
    expect(blocked).toBeLessThan(1_000);
    await context.close();
  });
});
