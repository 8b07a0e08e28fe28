/**
 * The code editor is no keyboard trap and shows errors as plain text: Tab
 * passes through an editor the learner has not typed in (and so never edits
 * the code), Escape then Tab leaves it after typing, and a thrown message
 * written as a Markdown image is shown as text in the hover, never fetched.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, fileBrowser, newPage } from './support/browser.ts';
import { cell, hydrated, runCell } from './support/learner.ts';

const browser = fileBrowser();

const CHAPTER_2 = '/chapters/leaders-and-followers/';
const inEditor = (page: Page) => page.evaluate(() => document.activeElement?.closest('.monaco-editor') != null);

async function openEditor(page: Page) {
  await page.goto(baseUrl() + CHAPTER_2);
  const first = cell(page, 0);
  await hydrated(first.locator('.nb-toolbar'));
  await first.locator('[data-nb-static]').click();
  await first.locator('[data-nb-editor][data-state="ready"]').waitFor({ state: 'visible', timeout: 30_000 });
  await expect.poll(() => inEditor(page)).toBe(true);
  return first;
}

describe('editor keyboard', () => {
  it('Tab passes through an editor nobody typed in, and the code is not changed or saved', async () => {
    const { context, page } = await newPage(browser());
    const first = await openEditor(page);
    const before = await first.locator('.monaco-editor .view-lines').innerText();
    await page.keyboard.press('Tab');
    expect(await inEditor(page)).toBe(false);
    expect(await first.locator('.nb-hint').innerText()).not.toContain('Edited');
    await page.waitForTimeout(700); // edits are saved after 400 ms
    await page.reload();
    const again = cell(page, 0);
    await hydrated(again.locator('.nb-toolbar'));
    expect(await again.getByRole('button', { name: 'Restore original' }).isDisabled()).toBe(true);
    expect(before.length).toBeGreaterThan(10);
    await context.close();
  });

  it('after typing, Tab indents; Escape then Tab leaves, as the label says', async () => {
    const { context, page } = await newPage(browser());
    const first = await openEditor(page);
    const label = await first.locator('.monaco-editor [aria-label]').first().getAttribute('aria-label');
    expect(label).toContain('press Escape, then Tab');
    await page.keyboard.press('ControlOrMeta+Home');
    await page.keyboard.type('x');
    await page.keyboard.press('Tab');
    expect(await inEditor(page)).toBe(true);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(await inEditor(page)).toBe(false);
    await context.close();
  });
});

describe('error hover', () => {
  it('shows a thrown Markdown image as text and fetches nothing', async () => {
    const { context, page } = await newPage(browser());
    const requested: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('probe-image')) requested.push(r.url());
    });
    const first = await openEditor(page);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    const probe = `${baseUrl()}/probe-image.png`;
    await page.keyboard.type(`throw new Error("look ![t](${probe}) here");`);
    const output = await runCell(first);
    expect(await output.locator('[data-nb-error]').innerText()).toContain(`![t](${probe})`);
    const line = first.locator('.monaco-editor .view-line').first();
    await line.hover({ position: { x: 30, y: 5 } });
    const hover = page.locator('.monaco-hover-content');
    await hover.first().waitFor({ state: 'visible', timeout: 10_000 });
    await expect.poll(() => hover.first().innerText()).toContain('![t](');
    expect(await page.locator('.monaco-hover img').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(requested).toEqual([]);
    await context.close();
  });
});
