/**
 * What JavaScript a page makes the browser fetch before the learner does
 * anything: open it at the top, wait for the network to settle, and weigh
 * (gzip) every script response plus the inline scripts. Shared by the
 * budget test and `npm run bench`.
 */
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';

export interface PageJs {
  /** Gzip bytes of every script fetched plus inline scripts. */
  readonly bytes: number;
  /** URLs of the scripts fetched (same origin and data: URLs excluded). */
  readonly urls: readonly string[];
}

export async function jsBeforeInteraction(browser: Browser, url: string): Promise<PageJs> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const sizes: Promise<number>[] = [];
  const urls: string[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    urls.push(response.url());
    sizes.push(
      response.body().then(
        (b) => gzipSync(b).length,
        () => 0,
      ),
    );
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.waitForTimeout(1000);
  const inline = await page.evaluate(() =>
    [...document.querySelectorAll('script:not([src])')].map((s) => s.textContent ?? ''),
  );
  const bytes =
    (await Promise.all(sizes)).reduce((a, b) => a + b, 0) +
    inline.reduce((a, text) => a + (text.trim() ? gzipSync(text).length : 0), 0);
  await context.close();
  return { bytes, urls };
}
