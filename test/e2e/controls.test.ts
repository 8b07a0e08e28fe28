/**
 * The controls a learner uses have accessible names a screen reader can
 * announce, and the lesson page can be worked with the keyboard alone.
 */
import { describe, expect, it } from 'vitest';
import { baseUrl, fileBrowser, newPage } from './support/browser.ts';
import { cell, hydrated, startAttemptIfAsked } from './support/learner.ts';

const browser = fileBrowser();

describe('controls', () => {
  it('have accessible names on a lesson page', async () => {
    const { context, page } = await newPage(browser());
    await page.goto(baseUrl() + '/chapters/leaders-and-followers/');
    await hydrated(cell(page, 0).locator('.nb-toolbar'));
    for (const name of ['Run', 'Run all', 'Reset', 'Restore original']) {
      expect(await cell(page, 0).getByRole('button', { name, exact: true }).count(), name).toBe(1);
    }
    const sim = page.locator('.sim-island').first();
    await hydrated(sim);
    expect(await sim.getByRole('button', { name: 'Play' }).count()).toBeGreaterThan(0);
    expect(await sim.getByRole('button', { name: 'Step forward' }).count()).toBeGreaterThan(0);
    const quiz = page.locator('.quiz');
    await hydrated(quiz);
    await startAttemptIfAsked(page, 1);
    for (const name of ['Next question', 'Previous question', 'Submit attempt 1']) {
      expect(await quiz.getByRole('button', { name }).count(), name).toBe(1);
    }
    const exercise = page.locator('[data-exercise] .ex-island').first();
    await hydrated(exercise);
    for (const name of ['Run checks', 'Submit', 'Reveal reference solution']) {
      expect(await exercise.getByRole('button', { name, exact: true }).count(), name).toBe(1);
    }
    expect(await page.getByRole('button', { name: 'Mark chapter complete' }).count()).toBe(1);
    await context.close();
  });

  it('runs a cell from the keyboard alone', async () => {
    const { context, page } = await newPage(browser());
    await page.goto(baseUrl() + '/chapters/one-database/');
    const first = cell(page, 0);
    await hydrated(first.locator('.nb-toolbar'));
    await first.getByRole('button', { name: 'Run', exact: true }).focus();
    await page.keyboard.press('Enter');
    const output = first.locator('[data-nb-output]');
    await expect.poll(() => output.getAttribute('data-status'), { timeout: 20_000 }).toBe('done');
    // The output is announced politely to screen readers.
    expect(await output.getAttribute('aria-live')).toBe('polite');
    await context.close();
  });
});
