/**
 * "Replay this run" on a failed exercise opens the learner's own failing run
 * (their code, that seed) in the simulation dialog at the failing step, with
 * the failure named and fault injection / re-seeding switched off.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { axeProblems, baseUrl, fileBrowser, newPage } from './support/browser.ts';
import { hydrated } from './support/learner.ts';

const browser = fileBrowser();

const WRONG = readFileSync(
  'content/chapters/02-leaders-and-followers/exercises/apply-batch/wrong-no-dedupe.ts',
  'utf8',
);

/** Runs the quick checks on the wrong solution and waits for its applied-in-order failure. */
async function failAppliedInOrder() {
  const { context, page, errors } = await newPage(browser());
  await page.goto(baseUrl() + '/chapters/leaders-and-followers/');
  const textarea = page.locator('#ex-apply-batch-textarea');
  await hydrated(textarea);
  // Set the code without focusing the textarea (focus would swap in the Monaco editor).
  await textarea.evaluate((el, code) => {
    (el as HTMLTextAreaElement).value = code;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, WRONG);
  const island = page.locator('.ex-island').filter({ has: textarea });
  await island.getByRole('button', { name: 'Run checks' }).click();
  const failure = island.locator('.ex-failure').filter({ hasText: 'applied-in-order' });
  await failure.waitFor({ timeout: 30_000 });
  return { context, page, errors, failure };
}

describe('exercise replay', () => {
  it('opens the failing run with the learner code at the failing step', async () => {
    const { context, page, errors, failure } = await failAppliedInOrder();

    const head = await failure.locator('.ex-failure__head').innerText();
    const m = /seed (\d+)\s+step (\d+)/.exec(head);
    expect(m, head).not.toBeNull();
    const [seed, step] = [Number(m![1]), Number(m![2])];

    await failure.getByRole('button', { name: /^Replay the full run: applied-in-order/ }).click();
    const dialog = page.locator('#workbook-run-dialog');
    await dialog.locator('.sim-failure').waitFor({ timeout: 30_000 });
    await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);

    // The failure, prominently: property in the heading and the banner, with the grader's message.
    await expect.poll(() => dialog.locator('h2').innerText()).toContain(`applied-in-order failed at step ${step}`);
    await expect.poll(() => dialog.locator('.sim-failure-property').innerText()).toBe('applied-in-order');
    expect(await dialog.locator('.sim-failure-msg').innerText()).toContain(
      `applied-in-order failed on seed ${seed} at step ${step}`,
    );
    // The learner's run, at the failing step (the cursor is just after the failing event).
    await expect.poll(() => dialog.getByRole('slider', { name: 'Seek' }).inputValue()).toBe(String(step + 1));
    expect(await dialog.locator('.sim-meta').innerText()).toContain(`Seed ${seed}`);
    // The violation is drawn at that step.
    const markers = await dialog
      .locator('.sim-st-marker')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    expect(markers.some((l) => l.startsWith(`Violation of applied-in-order at step ${step},`))).toBe(true);
    // A fixed run: no fault injection, no other seeds.
    expect(await dialog.locator('.sim-faults').count()).toBe(0);
    expect(await dialog.getByRole('button', { name: 'Run seed' }).count()).toBe(0);
    await expect.poll(() => dialog.locator('.sim-fixed-note').innerText()).toContain('faults and seeds are fixed');

    expect(await axeProblems(page)).toEqual([]);
    // Closing the dialog gives focus back to the replay button that opened it.
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
    await expect
      .poll(() =>
        page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName),
      )
      .toMatch(/^Replay the full run: applied-in-order/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the smallest failing run first and replays it at its own step', async () => {
    const { context, page, errors, failure } = await failAppliedInOrder();
    const smaller = await failure.locator('.ex-failure__smaller').innerText();
    const m = /at step (\d+) of a smaller run/.exec(smaller);
    expect(m, smaller).not.toBeNull();
    const step = Number(m![1]);
    expect(smaller).toMatch(/failed on seed \d+ at step \d+ of a smaller run/);

    await failure.getByRole('button', { name: /^Replay the smallest failing run: applied-in-order/ }).click();
    const dialog = page.locator('#workbook-run-dialog');
    await dialog.locator('.sim-failure').waitFor({ timeout: 30_000 });
    await expect.poll(() => dialog.locator('h2').innerText()).toContain(`applied-in-order failed at step ${step}`);
    await expect.poll(() => dialog.getByRole('slider', { name: 'Seek' }).inputValue()).toBe(String(step + 1));
    // Rebuilt at its scale, the small run fails where grading said: no "did not fail the same way" note.
    expect(await dialog.locator('.sim-failure').innerText()).not.toContain('did not fail the same way');
    expect(await axeProblems(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(errors).toEqual([]);
    await context.close();
  });
});
