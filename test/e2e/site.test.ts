/**
 * The site shell as a learner meets it: the chapter list, a chapter page, the
 * skip link, the theme toggle, search, a phone-sized screen, and an axe check
 * of every built page.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { axeProblems, baseUrl, fileBrowser, newPage } from './support/browser.ts';
import { validateContent } from '../../src/site/validate-content.ts';

// Every chapter under content/, in order: the course as it is, not a list kept here.
const chapters = validateContent('content')
  .chapters.map((c) => c.meta)
  .sort((a, b) => a.number - b.number);

const browser = fileBrowser();

function builtPages(dir = 'dist'): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name === 'pagefind' || name === '_astro') continue;
      out.push(...builtPages(path));
    } else if (name.endsWith('.html'))
      out.push(
        '/' +
          relative('dist', path)
            .replace(/index\.html$/, '')
            .replace(/\\/g, '/'),
      );
  }
  return out.sort();
}

describe('site shell', () => {
  it('lists the chapters on the home page and opens chapter 1', async () => {
    const { context, page, errors } = await newPage(browser());
    await page.goto(baseUrl() + '/');
    const cards = page.locator('.chapter-list > li');
    expect(await cards.count()).toBeGreaterThanOrEqual(1);
    await cards.first().locator('a').click();
    await page.waitForURL(/\/chapters\//);
    await expect.poll(() => page.locator('h1').textContent()).toBeTruthy();
    expect(await page.locator('nav[aria-label="On this page"] a').count()).toBeGreaterThan(2);
    expect(await page.locator('a[rel="next"]').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lists every chapter on the home page, in order, each with its progress', async () => {
    const { context, page } = await newPage(browser());
    await page.goto(baseUrl() + '/');
    const cards = page.locator('.chapter-list > li');
    expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-chapter')))).toEqual(
      chapters.map((c) => c.slug),
    );
    expect(await cards.locator('.chapter-card__status').count()).toBe(chapters.length);
    await context.close();
  });

  it('finds every chapter with search', async () => {
    const { context, page } = await newPage(browser());
    await page.goto(baseUrl() + '/');
    await page.getByRole('button', { name: 'Search' }).click();
    const input = page.locator('.search-dialog input').first();
    await input.waitFor({ state: 'visible' });
    for (const c of chapters) {
      await input.fill(c.title);
      await expect
        .poll(
          () =>
            page
              .locator('.pagefind-ui__result-link')
              .evaluateAll((links) => links.map((l) => l.getAttribute('href') ?? '')),
          { timeout: 10_000, message: `search for "${c.title}"` },
        )
        .toContainEqual(expect.stringContaining(`/chapters/${c.slug}/`));
    }
    await context.close();
  });

  it('totals every chapter’s quiz on the progress page (120 points each)', async () => {
    const { context, page } = await newPage(browser());
    await page.goto(baseUrl() + '/progress/');
    const summary = page.locator('.progress-summary');
    await expect
      .poll(() => summary.innerText())
      .toContain(
        `0 of ${chapters.length} chapters complete · quizzes 0 of ${(chapters.length * 120).toLocaleString('en-GB')} points`,
      );
    await context.close();
  });

  it('has a working skip link as the first focusable element', async () => {
    const { context, page } = await newPage(browser());
    await page.goto(baseUrl() + '/');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await context.close();
  });

  it('toggles the theme and keeps the choice across reloads', async () => {
    const { context, page } = await newPage(browser(), { colorScheme: 'light' });
    await page.goto(baseUrl() + '/');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    await toggle.click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).not.toBe('rgb(255, 255, 255)');
    await context.close();
  });

  it('finds lesson text with search', async () => {
    const { context, page } = await newPage(browser());
    await page.goto(baseUrl() + '/');
    await page.getByRole('button', { name: 'Search' }).click();
    const input = page.locator('.search-dialog input').first();
    await input.waitFor({ state: 'visible' });
    // A real label, not only a placeholder and a title (axe label-title-only).
    await expect.poll(() => page.getByLabel('Search the lessons').count()).toBe(1);
    await input.fill('replica');
    const result = page.locator('.pagefind-ui__result').first();
    await result.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.locator('.pagefind-ui__result-link').first().getAttribute('href')).toMatch(/\/chapters\//);
    await context.close();
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const { context, page } = await newPage(browser(), { width: 375 });
    for (const path of builtPages()) {
      await page.goto(baseUrl() + path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} is ${overflow}px wider than a 375px screen`).toBeLessThanOrEqual(0);
    }
    await context.close();
  });

  // One test per page and scheme, so nine chapters do not share one time limit.
  it.each(builtPages().flatMap((path) => (['light', 'dark'] as const).map((scheme) => [path, scheme] as const)))(
    'has no serious or critical axe violations on %s (%s)',
    async (path, scheme) => {
      const { context, page } = await newPage(browser(), { colorScheme: scheme });
      await page.goto(baseUrl() + path);
      expect(await axeProblems(page), `${path} (${scheme})`).toEqual([]);
      await context.close();
    },
  );
});
