/**
 * Steps a learner takes, shared by the browser tests: waiting for islands to
 * hydrate, running a notebook cell, typing into the Monaco editor, and
 * answering a quiz question.
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Islands ignore clicks until hydrated; Astro removes `ssr` when they are. */
export async function hydrated(scope: Locator): Promise<void> {
  await scope.scrollIntoViewIfNeeded();
  await expect
    .poll(async () => scope.locator('xpath=ancestor-or-self::astro-island[@ssr]').count(), { timeout: 15_000 })
    .toBe(0);
}

export function cell(page: Page, index = 0): Locator {
  return page.locator('section[data-nb-cell]').nth(index);
}

/** Clicks Run in a cell and waits for it to finish; returns the output region. */
export async function runCell(target: Locator): Promise<Locator> {
  await hydrated(target.locator('.nb-toolbar'));
  await target.getByRole('button', { name: 'Run', exact: true }).click();
  const output = target.locator('[data-nb-output]');
  await expect.poll(() => output.getAttribute('data-status'), { timeout: 20_000 }).toMatch(/^(done|error)$/);
  return output;
}

/** Opens the cell's editor (Monaco, loaded on demand) and replaces its code by typing. */
export async function typeIntoCell(page: Page, target: Locator, code: string): Promise<void> {
  await hydrated(target.locator('.nb-toolbar'));
  const editorReady = target.locator('[data-nb-editor][data-state="ready"]');
  if (!(await editorReady.isVisible())) await target.locator('[data-nb-static]').click();
  await target.locator('[data-nb-editor][data-state="ready"]').waitFor({ state: 'visible', timeout: 30_000 });
  // Monaco 0.57 edits through an EditContext element, not a textarea: click into the text to focus it.
  await target.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // Monaco auto-closes brackets as you type; typing line by line without indentation keeps it predictable.
  for (const line of code.split('\n')) {
    await page.keyboard.type(line.trimStart());
    await page.keyboard.press('Enter');
    await page.keyboard.press('Home');
  }
}

/** Waits for the quiz to be ready, starts attempt `n` if the quiz asks for that, and waits for its first question. */
export async function startAttemptIfAsked(page: Page, n: number): Promise<void> {
  const start = page.getByRole('button', { name: `Start attempt ${n}` });
  const question = page.locator('.quiz-qhead');
  // The quiz reads saved progress before it shows either a question or a start button.
  await expect
    .poll(async () => (await start.count()) + (await question.count()), { timeout: 15_000 })
    .toBeGreaterThan(0);
  if (await start.count()) await start.click();
  await question.first().waitFor({ state: 'visible' });
}
