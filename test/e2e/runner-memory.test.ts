/**
 * Runaway memory. Code that grows an array in a loop can exhaust the heap
 * before the watchdog fires, and then the browser kills the whole tab (the
 * worker shares the page's renderer). Nothing may be lost: the cell's code is
 * saved before the run, and when the page is opened again the cell says what
 * happened. Chromium runs here with a small heap so the crash comes at once.
 */
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, CHROMIUM_ARGS, CHROMIUM_PATH } from './support/browser.ts';
import { cell, hydrated, typeIntoCell } from './support/learner.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--js-flags=--max-old-space-size=256'],
    headless: true,
  });
});
afterAll(async () => {
  await browser?.close();
});

const CHAPTER_2 = '/chapters/leaders-and-followers/';

describe('runaway memory', () => {
  it('a cell that exhausts memory loses nothing, and the reopened page says what happened', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    let crashed = false;
    page.on('crash', () => (crashed = true));
    await page.goto(baseUrl() + CHAPTER_2);
    const first = cell(page, 0);
    await typeIntoCell(
      page,
      first,
      'const hoard: number[][] = [];\nwhile (true) hoard.push(new Array(1_000_000).fill(0.5));',
    );
    // run at once, before the usual pause that saves an edit
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(() => crashed, { timeout: 20_000 }).toBe(true);

    const again = await context.newPage();
    await again.goto(baseUrl() + CHAPTER_2);
    const reopened = cell(again, 0);
    await hydrated(reopened.locator('.nb-toolbar'));
    await expect.poll(() => reopened.locator('.nb-notice').innerText()).toMatch(/too much memory/);
    await expect.poll(() => reopened.locator('[data-nb-static]').innerText()).toContain('hoard.push');
    await context.close();
  });
});
