/**
 * The headers the README recommends keep the site working: under the page
 * CSP and the runner worker's own CSP (connect-src 'none'), a cell runs, an
 * exercise grades, the editor opens, and the browser reports no violation;
 * and code in the runner worker cannot fetch.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, fileBrowser, newPage } from './support/browser.ts';
import { cell, hydrated, runCell, typeIntoCell } from './support/learner.ts';
import { COMMON_HEADERS, PAGE_CSP, RUNNER_WORKER_CSP, RUNNER_WORKER_PATH } from './support/hosting-headers.ts';

const browser = fileBrowser();

/** Serves every response with the recommended headers added. */
async function withHeaders(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
  });
  await page.route('**/*', async (route) => {
    try {
      const response = await route.fetch();
      const url = new URL(route.request().url());
      const type = response.headers()['content-type'] ?? '';
      const csp = RUNNER_WORKER_PATH.test(url.pathname)
        ? RUNNER_WORKER_CSP
        : type.includes('text/html')
          ? PAGE_CSP
          : null;
      await route.fulfill({
        response,
        headers: { ...response.headers(), ...COMMON_HEADERS, ...(csp ? { 'Content-Security-Policy': csp } : {}) },
      });
    } catch {
      // the test ended while a request (say, the favicon) was still in flight
    }
  });
  return violations;
}

describe('hosting headers', () => {
  it('a cell runs, the editor opens and an exercise grades under the recommended CSP', async () => {
    const { context, page } = await newPage(browser());
    const violations = await withHeaders(page);
    await page.goto(baseUrl() + '/chapters/leaders-and-followers/');
    const first = cell(page, 0);
    await typeIntoCell(page, first, "console.log('under csp', 6 * 7)");
    const output = await runCell(first);
    expect(await output.locator('[data-nb-console]').innerText()).toContain('under csp 42');

    const textarea = page.locator('#ex-apply-batch-textarea');
    await hydrated(textarea);
    const island = page.locator('.ex-island').filter({ has: textarea });
    await island.getByRole('button', { name: 'Run checks' }).click();
    await island.locator('.ex-result').waitFor({ timeout: 30_000 });
    expect(await island.locator('.ex-result').innerText()).not.toMatch(/could not/);
    expect(violations).toEqual([]);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await context.close();
  });

  it("the runner worker's policy forbids network requests", async () => {
    const { context, page } = await newPage(browser());
    await withHeaders(page);
    // a probe script at a runner-worker path, served with the runner worker's policy, tries to fetch
    const probe = '/_astro/worker-csp-probe.js';
    await page.route(`**${probe}`, (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        headers: { 'Content-Security-Policy': RUNNER_WORKER_CSP },
        body: "fetch('/').then(() => postMessage('fetched'), () => postMessage('blocked'));",
      }),
    );
    expect(RUNNER_WORKER_PATH.test(probe)).toBe(true);
    await page.goto(baseUrl() + '/chapters/leaders-and-followers/');
    const result = await page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const w = new Worker(url);
          w.onmessage = (e) => resolve(String(e.data));
          w.onerror = () => resolve('error');
        }),
      probe,
    );
    expect(result).toBe('blocked');
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await context.close();
  });
});
