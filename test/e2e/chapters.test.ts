/**
 * Every chapter, end to end, as a learner: open it, run a cell, drive the
 * simulation one step, answer a quiz question, and submit the exercise —
 * first a wrong solution (rejected, naming the property, seed and step), then
 * the reference (passed, and still passed after a reload).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { validateContent } from '../../src/site/validate-content.ts';
import { baseUrl, fileBrowser, newPage } from './support/browser.ts';
import { cell, hydrated, runCell, startAttemptIfAsked } from './support/learner.ts';

const browser = fileBrowser();

const chapters = validateContent('content').chapters;

async function setExerciseCode(page: Page, id: string, code: string): Promise<void> {
  // Set the plain textarea directly: focusing it would swap in the Monaco editor.
  await page.locator(`#ex-${id}-textarea`).evaluate((el, value) => {
    (el as HTMLTextAreaElement).value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, code);
}

async function submit(page: Page, id: string, button: 'Submit' | 'Run checks'): Promise<string> {
  const island = page.locator(`[data-exercise="${id}"] .ex-island`);
  await island.getByRole('button', { name: button, exact: true }).click();
  const result = island.locator('.ex-results .ex-result');
  await result.waitFor({ state: 'visible', timeout: 30_000 });
  return result.innerText();
}

describe.each(chapters.map((c) => [c.folder, c] as const))('chapter %s', (_folder, chapter) => {
  it('reads, runs a cell, steps the simulation, answers a question and passes the exercise', async () => {
    const { context, page, errors } = await newPage(browser());
    await page.goto(`${baseUrl()}/chapters/${chapter.meta.slug}/`);
    expect(await page.locator('h1').innerText()).toBe(chapter.meta.title);

    const output = await runCell(cell(page, 0));
    expect(await output.getAttribute('data-status'), await output.innerText()).toBe('done');

    const sim = page.locator('.sim-island').first();
    await hydrated(sim);
    await sim.getByRole('button', { name: 'Step forward' }).first().click();
    const seek = sim.locator('.sim-app input[type="range"]');
    await seek.waitFor({ state: 'visible', timeout: 20_000 });
    await expect.poll(async () => Number(await seek.inputValue()), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);

    const quiz = page.locator('.quiz');
    await hydrated(quiz);
    await startAttemptIfAsked(page, 1);
    await quiz.getByRole('button', { name: /^Question 1,/ }).click();
    const choice = quiz
      .locator(
        '.quiz-question input[type="radio"], .quiz-question input[type="checkbox"], .quiz-question input[type="number"]',
      )
      .first();
    if ((await choice.getAttribute('type')) === 'number') await choice.fill('1');
    else if (await choice.count()) await choice.check();
    else
      await quiz
        .getByRole('button', { name: /^Move down/ })
        .first()
        .click();
    await expect.poll(() => quiz.innerText()).toContain('1 of 12 answered');

    for (const loaded of chapter.exercises) {
      const id = loaded.exercise.id;
      await hydrated(page.locator(`[data-exercise="${id}"] .ex-toolbar`));
      const wrong = loaded.wrongCode[0]!;
      await setExerciseCode(page, id, wrong.code);
      const rejected = await submit(page, id, 'Submit');
      expect(rejected).toContain(wrong.property);
      expect(rejected).toMatch(/seed \d+/);
      expect(rejected).toMatch(/step \d+/);

      await setExerciseCode(page, id, loaded.referenceCode);
      const passed = await submit(page, id, 'Submit');
      expect(passed).toMatch(/passed on all \d+ seeds/);
      await page.reload();
      await expect
        .poll(() => page.locator(`[data-exercise="${id}"] .ex-badge`).innerText(), { timeout: 15_000 })
        .toMatch(/Passed/);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('runs every cell with Run all and opens every simulation without an error', async () => {
    const { context, page, errors } = await newPage(browser());
    await page.goto(`${baseUrl()}/chapters/${chapter.meta.slug}/`);
    const cells = page.locator('section[data-nb-cell]');
    const count = await cells.count();
    expect(count, 'a chapter has at least three cells').toBeGreaterThanOrEqual(3);
    const last = cells.nth(count - 1);
    await hydrated(last.locator('.nb-toolbar'));
    await last.getByRole('button', { name: 'Run all', exact: true }).click();
    for (let i = 0; i < count; i++) {
      // Cells hydrate when scrolled into view; an island off screen still shows its build-time state.
      await cells.nth(i).scrollIntoViewIfNeeded();
      const output = cells.nth(i).locator('[data-nb-output]');
      await expect.poll(() => output.getAttribute('data-status'), { timeout: 30_000 }).toMatch(/^(done|error)$/);
      expect(await output.getAttribute('data-status'), `cell ${i + 1}: ${await output.innerText()}`).toBe('done');
    }

    const sims = page.locator('.sim-island');
    const simCount = await sims.count();
    expect(simCount).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < simCount; i++) {
      const sim = sims.nth(i);
      await hydrated(sim);
      await sim.getByRole('button', { name: 'Step forward' }).first().click();
      const seek = sim.locator('.sim-app input[type="range"]');
      await seek.waitFor({ state: 'visible', timeout: 20_000 });
      expect(Number(await seek.getAttribute('max')), `simulation ${i + 1} has a trace`).toBeGreaterThan(10);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
