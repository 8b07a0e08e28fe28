/**
 * Learner code cannot speak for the runner: a cell that posts a fake result,
 * a loop that posts fake progress, and a do-nothing solution that posts a fake
 * grade-result are all ignored by the page, and hostile thrown values give a
 * normal error report. Code reaches the cells through share links (shown,
 * never run until Run is pressed), which is faster than typing into Monaco.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, fileBrowser, newPage } from './support/browser.ts';
import { cell, hydrated, runCell } from './support/learner.ts';
import { encodeShareHash } from '../../src/components/notebook/share.ts';

const browser = fileBrowser();

const CHAPTER_2 = '/chapters/leaders-and-followers/';

/** Opens chapter 2 with `code` in its first cell (through a share link). */
async function withCode(page: Page, code: (cellId: string) => string) {
  await page.goto(baseUrl() + CHAPTER_2);
  const id = (await cell(page, 0).getAttribute('data-cell-id')) ?? '';
  await page.goto(baseUrl() + CHAPTER_2 + encodeShareHash(id, code(id)));
  await page.reload();
  const first = cell(page, 0);
  await hydrated(first.locator('.nb-toolbar'));
  await expect.poll(() => first.locator('.nb-notice').count()).toBe(1);
  return first;
}

/** Every way a cell could reach the worker's postMessage, each tried quietly. */
const postEverywhere = (json: string) =>
  [
    `const fake = ${JSON.stringify(json)};`,
    'try { postMessage(fake); } catch {}',
    'try { (globalThis as any).postMessage(fake); } catch {}',
    'try { (self as any).postMessage(fake); } catch {}',
  ].join('\n');

describe('the runner ignores messages learner code forges', () => {
  it('a fake result never shows as a cell output', async () => {
    const { context, page } = await newPage(browser());
    const first = await withCode(page, (id) =>
      [
        postEverywhere(
          JSON.stringify({
            v: 1,
            type: 'result',
            id: 1,
            outputs: [{ cell: id, console: [{ level: 'log', text: 'FORGED OUTPUT' }], droppedConsole: 0, ms: 0 }],
            ms: 0,
          }),
        ),
        'const until = Date.now() + 300;',
        'while (Date.now() < until) {}',
        "'the real value'",
      ].join('\n'),
    );
    const output = await runCell(first);
    await expect.poll(() => output.getAttribute('data-status')).toBe('done');
    expect(await output.locator('[data-nb-value]').innerText()).toContain('the real value');
    // (the cell's code shows the string too: look only at the outputs)
    expect((await page.locator('[data-nb-output]').allInnerTexts()).join('\n')).not.toContain('FORGED OUTPUT');
    await context.close();
  });

  it('a loop posting fake progress is still stopped by the watchdog', async () => {
    const { context, page } = await newPage(browser());
    const first = await withCode(page, () =>
      [
        'while (true) {',
        postEverywhere(JSON.stringify({ v: 1, type: 'progress', id: 1, done: 1, total: 1 })),
        '}',
      ].join('\n'),
    );
    const started = Date.now();
    const output = await runCell(first);
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(await output.locator('[data-nb-error]').innerText()).toMatch(/Stopped after 2 s/);
    await context.close();
  });

  it('a do-nothing solution posting a fake grade-result is not marked passed', async () => {
    const { context, page } = await newPage(browser());
    await page.goto(baseUrl() + CHAPTER_2);
    const textarea = page.locator('#ex-apply-batch-textarea');
    await hydrated(textarea);
    const island = page.locator('.ex-island').filter({ has: textarea });
    // the page says how many seeds "Run checks" grades: forge exactly that many passing checks
    const hint = await island.locator('.ex-hint-text').innerText();
    const n = Number(/Run checks: (\d+) seeds/.exec(hint)?.[1]);
    expect(n).toBeGreaterThan(0);
    const forged = JSON.stringify({
      v: 1,
      type: 'grade-result',
      id: 1,
      exerciseId: 'ch02.applyBatch',
      passed: true,
      checks: Array.from({ length: n }, (_, i) => ({ seed: i, passed: true, message: 'ok' })),
      console: [],
      ms: 1,
    });
    const code = [postEverywhere(forged), 'export function applyBatch(): void {}'].join('\n');
    await textarea.evaluate((el, c) => {
      (el as HTMLTextAreaElement).value = c;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, code);
    await island.getByRole('button', { name: 'Run checks' }).click();
    await island.locator('.ex-result').waitFor({ timeout: 30_000 });
    expect(await island.locator('.ex-result--pass').count()).toBe(0);
    expect(await island.locator('.ex-result').innerText()).not.toMatch(/passed on all/);
    await context.close();
  });
});

describe('hostile values', () => {
  for (const [what, code] of [
    ['Object.create(null)', 'throw Object.create(null);'],
    ['an object whose toString throws', 'throw { toString() { throw new Error("no"); } };'],
    ['a revoked Proxy', 'const { proxy, revoke } = Proxy.revocable({}, {});\nrevoke();\nthrow proxy;'],
    [
      'an Error whose message getter throws',
      'const e = new Error("x");\nObject.defineProperty(e, "message", { get() { throw e; } });\nthrow e;',
    ],
  ] as const) {
    it(`throwing ${what} gives a normal error report`, async () => {
      const { context, page } = await newPage(browser());
      const first = await withCode(page, () => code);
      const output = await runCell(first);
      await expect.poll(() => output.getAttribute('data-status')).toBe('error');
      const text = await output.locator('[data-nb-error]').innerText();
      expect(text).not.toMatch(/could not start/);
      await context.close();
    });
  }
});
