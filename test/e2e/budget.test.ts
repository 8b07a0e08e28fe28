/**
 * The lesson page budget: opened and left alone, a lesson loads at most 30 KB
 * of JavaScript (gzip), and none of the heavy parts — Monaco, the runner or
 * the engine worker — until the learner uses them.
 */
import { readdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser } from './support/browser.ts';
import { jsBeforeInteraction } from './support/page-js.ts';

const BUDGET_BYTES = 30 * 1024;
const HEAVY = /monaco|editor\.api|ts\.worker|worker|SimulationApp|engine/i;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('lesson page budget', () => {
  it.each(readdirSync('dist/chapters'))(
    '%s loads <= 30 KB of JavaScript and nothing heavy before interaction',
    async (slug) => {
      const { bytes, urls } = await jsBeforeInteraction(browser, `${baseUrl()}/chapters/${slug}/`);
      expect(bytes, `${slug}: ${(bytes / 1024).toFixed(1)} KB`).toBeLessThanOrEqual(BUDGET_BYTES);
      expect(urls.filter((u) => HEAVY.test(u))).toEqual([]);
    },
  );
});
