/**
 * The lesson page budget: its HTML stays under HTML_BUDGET (the quiz and the
 * reference solutions are fetched, not carried); opened and left alone, a
 * lesson loads at most 30 KB of JavaScript (gzip), and none of the heavy
 * parts — Monaco, the runner or the engine worker — until the learner uses them.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { baseUrl, fileBrowser } from './support/browser.ts';
import { jsBeforeInteraction } from './support/page-js.ts';
import { HTML_BUDGET, htmlWeight, kb } from '../../scripts/page-weight.mjs';

const BUDGET_BYTES = 30 * 1024;
const HEAVY = /monaco|editor\.api|ts\.worker|worker|SimulationApp|engine/i;

const browser = fileBrowser();

describe('lesson page budget', () => {
  it.each(readdirSync('dist/chapters'))('%s HTML stays within the page-weight budget', (slug) => {
    const file = `dist/chapters/${slug}/index.html`;
    const { raw, gzip } = htmlWeight(file);
    expect(raw, `${slug}: ${kb(raw)} KB raw`).toBeLessThanOrEqual(HTML_BUDGET.raw);
    expect(gzip, `${slug}: ${kb(gzip)} KB gzip`).toBeLessThanOrEqual(HTML_BUDGET.gzip);
    // what moved to /data/ must not creep back into the islands' props
    const props = [...readFileSync(file, 'utf8').matchAll(/<astro-island\b[^>]*\sprops="([^"]*)"/g)].map((m) => m[1]);
    expect(props.filter((p) => /&quot;(?:questions|reference|explanation)&quot;/.test(p ?? ''))).toEqual([]);
  });

  it.each(readdirSync('dist/chapters'))(
    '%s loads <= 30 KB of JavaScript and nothing heavy before interaction',
    async (slug) => {
      const { bytes, urls } = await jsBeforeInteraction(browser(), `${baseUrl()}/chapters/${slug}/`);
      expect(bytes, `${slug}: ${(bytes / 1024).toFixed(1)} KB`).toBeLessThanOrEqual(BUDGET_BYTES);
      expect(urls.filter((u) => HEAVY.test(u))).toEqual([]);
    },
  );
});
