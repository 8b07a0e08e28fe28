/**
 * People using a cohort server in Chromium, against the real build (dist/):
 * one learner on two devices (two browser contexts) and an instructor on the
 * dashboard downloading the gradebook CSV. Also: the static build carries no
 * cohort code, and a page served without a sign-in makes no API request.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/server/db.ts';
import { createCohort } from '../../src/server/people.ts';
import { fixtureDist, freshDatabase } from './support/fixtures.ts';
import { cohortBrowserSuite, DIST } from './support/cohort-browser.ts';
import { ROOT, startServerProcess } from './support/process.ts';

const SCREENSHOT = process.env.COHORT_SCREENSHOT ?? join(ROOT, '.cache', 'cohort-dashboard.png');

describe('cohort in the browser', () => {
  const suite = cohortBrowserSuite('Autumn replication class');

  /** The chapter's "Mark chapter complete" button, scrolled into view (the island hydrates when visible). */
  async function markButton(page: Page) {
    const button = page.getByRole('button', { name: /Mark chapter complete/ });
    await button.scrollIntoViewIfNeeded();
    await expect.poll(() => button.isEnabled(), { timeout: 15_000 }).toBe(true);
    return button;
  }

  async function device(): Promise<{ page: Page; errors: string[]; api: string[] }> {
    const context = await suite.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    const api: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
    page.on('request', (r) => {
      if (r.url().includes('/api/')) api.push(r.url());
    });
    return { page, errors, api };
  }

  it('the static build has no cohort code; a page without a sign-in calls no API', async () => {
    expect(readFileSync(join(DIST, 'index.html'), 'utf8')).not.toContain('workbook-cohort');
    const { page, api } = await device();
    await page.goto(`${suite.server.url}chapters/one-database/`);
    await page.waitForTimeout(1500);
    expect(api).toEqual([]);
  });

  it('one learner on two devices sees one progress; the instructor sees it and downloads the CSV', async () => {
    const a = await device();
    await a.page.goto(`${suite.server.url}cohort/join/#${suite.cohort.joinCode}`);
    await a.page.getByLabel('Display name').fill('Mika Tanaka');
    await a.page.getByLabel('Email (optional)').fill('mika@example.org');
    await a.page.getByRole('button', { name: 'Join' }).click();
    const link = (await a.page.locator('#personal-link').textContent()) ?? '';
    expect(link).toContain('/cohort/signin/#');
    expect(a.page.url()).not.toContain('#');

    // Device A: chapter 1 complete.
    await a.page.goto(`${suite.server.url}chapters/one-database/`);
    const markA = await markButton(a.page);
    await markA.click();
    await expect.poll(() => markA.getAttribute('aria-pressed')).toBe('true');
    await expect
      .poll(() => a.page.locator('#cohort-status').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('synced');
    await a.page.waitForTimeout(2500); // the next round pushes the change

    // Device B: signs in with the personal link and sees chapter 1 complete; completes chapter 2.
    const b = await device();
    await b.page.goto(link);
    await expect.poll(() => b.page.getByRole('status').first().textContent()).toContain('Signed in as Mika Tanaka');
    await b.page.goto(`${suite.server.url}chapters/one-database/`);
    const seenB = await markButton(b.page);
    await expect.poll(() => seenB.getAttribute('aria-pressed'), { timeout: 15_000 }).toBe('true');
    await b.page.goto(`${suite.server.url}chapters/leaders-and-followers/`);
    const markB = await markButton(b.page);
    await markB.click();
    await expect.poll(() => markB.getAttribute('aria-pressed')).toBe('true');
    await b.page.waitForTimeout(2500);

    // Device A picks it up.
    await a.page.goto(`${suite.server.url}chapters/leaders-and-followers/`);
    const seenA = await markButton(a.page);
    await expect.poll(() => seenA.getAttribute('aria-pressed'), { timeout: 15_000 }).toBe('true');

    // The instructor.
    const t = await device();
    await t.page.goto(`${suite.server.url}cohort/signin/#${suite.cohort.instructorSigninCode}`);
    await t.page.waitForURL(/cohort\/dashboard\/$/);
    const row = t.page.locator('tr.learner', { hasText: 'Mika Tanaka' });
    await expect.poll(() => row.locator('td.ok').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    await t.page.getByRole('button', { name: 'Details of Mika Tanaka' }).click();
    await expect.poll(() => t.page.locator('#detail').textContent()).toContain('leaders-and-followers');
    await t.page.screenshot({ path: SCREENSHOT, fullPage: true });
    const [download] = await Promise.all([
      t.page.waitForEvent('download'),
      t.page.getByRole('button', { name: 'Download gradebook (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('gradebook.csv');
    const csv = readFileSync((await download.path()) ?? '', 'utf8')
      .trim()
      .split('\r\n');
    const header = csv[0]?.split(',') ?? [];
    const mika = csv.find((l) => l.includes('Mika Tanaka'))?.split(',') ?? [];
    expect(csv).toHaveLength(2);
    expect(mika[header.indexOf('Email')]).toBe('mika@example.org');
    expect(mika[header.indexOf('one-database complete')]).toBe('yes');
    expect(mika[header.indexOf('leaders-and-followers complete')]).toBe('yes');
    expect(mika[header.indexOf('Chapters complete')]).toBe('2');
    for (const d of [a, b, t]) expect(d.errors, d.errors.join('\n')).toEqual([]);
  });

  it('works under a sub-path: join, the marker on served pages, sync', async () => {
    const where = await freshDatabase('sqlite');
    const db = await openDb(where);
    const sub = await createCohort(db, 'Sub-path class');
    await db.close();
    const subServer = await startServerProcess({ ...where, dist: fixtureDist(), base: '/courses/replication/' });
    try {
      expect(subServer.url).toMatch(/\/courses\/replication\/$/);
      const d = await device();
      await d.page.goto(`${subServer.url}cohort/join/#${sub.joinCode}`);
      await d.page.getByLabel('Display name').fill('Femi');
      await d.page.getByRole('button', { name: 'Join' }).click();
      await expect.poll(() => d.page.locator('#joined').count()).toBe(1);
      await d.page.goto(`${subServer.url}chapters/one-database/`);
      await expect
        .poll(() => d.page.locator('#cohort-status').getAttribute('data-status'), { timeout: 15_000 })
        .toBe('synced');
      expect(d.api.every((u) => new URL(u).pathname.startsWith('/courses/replication/api/'))).toBe(true);
      expect(d.errors, d.errors.join('\n')).toEqual([]);
    } finally {
      await subServer.stop();
    }
  });
});
