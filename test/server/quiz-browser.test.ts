/**
 * A learner taking a chapter quiz in Chromium on a cohort server, against the
 * real build (dist/; run `npm run build` first): nothing the page loads before
 * submitting (page source, every same-origin response) carries a key, an
 * explanation or a numeric answer; the server scores the attempt and the page
 * shows its review; local progress records the server's score. Without a
 * cohort sign-in the quiz points to the sign-in page and calls no API.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { variantOf } from '../../src/assessment/quiz/score.ts';
import type { ResolvedQuiz } from '../../src/assessment/quiz/types.ts';
import { cohortBrowserSuite, DIST } from './support/cohort-browser.ts';

const CHAPTER = 'one-database';

function fullQuiz(): ResolvedQuiz {
  const file = readdirSync(join(DIST, 'data')).find((f) => f.startsWith(`quiz.${CHAPTER}.`));
  if (!file) throw new Error(`no quiz file for ${CHAPTER} in dist/data`);
  return JSON.parse(readFileSync(join(DIST, 'data', file), 'utf8')) as ResolvedQuiz;
}

/** Text that would give a key away: key fields, and every explanation (its first 60 characters). */
function needles(quiz: ResolvedQuiz): string[] {
  const out = new Set<string>(['"correct":true', '"correct":false', '"explanation"', '"tolerance"', '"answer":']);
  const add = (s: string | undefined) => {
    const t = s?.trim();
    if (t && t.length >= 24) out.add(t.slice(0, 60));
  };
  for (const q of quiz.questions)
    for (const v of q.variants) {
      add(v.explanation);
      if ('options' in v) for (const o of v.options) add(o.explanation);
      if ('items' in v) for (const i of v.items) add(i.explanation);
    }
  return [...out];
}

describe('a cohort quiz in the browser', () => {
  const suite = cohortBrowserSuite('Quiz class');

  async function device() {
    const context = await suite.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const bodies: { url: string; text: string }[] = [];
    const api: string[] = [];
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      if (r.url().includes('/api/')) api.push(`${r.method()} ${r.url()}`);
    });
    page.on('response', (r) => {
      if (!r.url().startsWith(suite.server.url)) return;
      const type = r.headers()['content-type'] ?? '';
      if (!/json|javascript|html|text/.test(type)) return;
      void r
        .text()
        .then((text) => bodies.push({ url: r.url(), text }))
        .catch(() => undefined);
    });
    return { page, bodies, api, errors };
  }

  async function quizSection(page: Page) {
    const quiz = page.locator('section.quiz');
    await quiz.scrollIntoViewIfNeeded();
    return quiz;
  }

  it('serves every quiz file of the real build without key material, by any path', async () => {
    const files = readdirSync(join(DIST, 'data')).filter((f) => /^quiz\.[a-z0-9-]+\.[0-9a-f]+\.json$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(9);
    for (const f of files) {
      const full = JSON.parse(readFileSync(join(DIST, 'data', f), 'utf8')) as ResolvedQuiz;
      for (const path of [
        `data/${f}`,
        `data/${f}?v=1`,
        `data//${f}`,
        `data/./${f}`,
        `_astro/../data/${f}`,
        `data/%71uiz${f.slice(4)}`,
      ]) {
        const r = await fetch(`${suite.server.url}${path}`);
        if (r.status !== 200) continue;
        const text = await r.text();
        const hits = needles(full).filter((n) => text.includes(n));
        expect(hits, `${path}`).toEqual([]);
        const pub = JSON.parse(text) as { questions: { variants: { items?: { id: string }[] }[] }[] };
        for (const [qi, q] of pub.questions.entries())
          for (const [vi, v] of q.variants.entries()) {
            const key = full.questions[qi]?.variants[vi];
            if (v.items && key && 'items' in key)
              expect(
                v.items.map((i) => i.id),
                `${f} ${full.questions[qi]?.id}: items in the key's order`,
              ).not.toEqual(key.items.map((i) => i.id));
          }
      }
      expect((await fetch(`${suite.server.url}data/${f}`)).status).toBe(200);
    }
  });

  it('without a cohort sign-in, the quiz points to the sign-in page and calls no API', async () => {
    const d = await device();
    await d.page.goto(`${suite.server.url}chapters/${CHAPTER}/`);
    const quiz = await quizSection(d.page);
    const link = quiz.getByRole('link', { name: 'Sign in to the cohort' });
    await expect.poll(() => link.count(), { timeout: 15_000 }).toBe(1);
    expect(await link.getAttribute('href')).toBe('/cohort/signin/');
    expect(await quiz.getByRole('button', { name: /Submit attempt/ }).count()).toBe(0);
    expect(d.api).toEqual([]);
  });

  it('shows no key before submitting, then the server scores the attempt and the page shows its review', async () => {
    const quiz = fullQuiz();
    const d = await device();
    await d.page.goto(`${suite.server.url}cohort/join/#${suite.cohort.joinCode}`);
    await d.page.getByLabel('Display name').fill('Noor Haddad');
    await d.page.getByRole('button', { name: 'Join' }).click();
    await expect.poll(() => d.page.locator('#personal-link').count()).toBe(1);

    await d.page.goto(`${suite.server.url}chapters/${CHAPTER}/`);
    const section = await quizSection(d.page);
    const submit = section.getByRole('button', { name: 'Submit attempt 1' });
    await expect.poll(() => submit.count(), { timeout: 20_000 }).toBe(1);
    await d.page.waitForTimeout(500); // let the last responses be read

    // Nothing fetched so far, nor the page's own markup, carries key material.
    const seen = [...d.bodies, { url: 'page content', text: await d.page.content() }];
    expect(seen.some((b) => b.url.includes(`/data/quiz.${CHAPTER}.`))).toBe(true);
    const found = needles(quiz).flatMap((n) => seen.filter((b) => b.text.includes(n)).map((b) => `${n} in ${b.url}`));
    expect(found).toEqual([]);
    // The same search finds plenty in the full file the server keeps (so it can find a leak).
    const full = readFileSync(
      join(DIST, 'data', readdirSync(join(DIST, 'data')).find((f) => f.startsWith(`quiz.${CHAPTER}.`)) ?? ''),
      'utf8',
    );
    expect(needles(quiz).filter((n) => full.includes(n)).length).toBeGreaterThan(20);
    // The server assigned the variant (the start call's answer).
    const started = d.bodies.find((b) => b.url.endsWith(`/api/quiz/${CHAPTER}/start`));
    expect(started, d.api.join('\n')).toBeDefined();
    const variant = (JSON.parse(started?.text ?? '{}') as { variant: number }).variant;

    // Answer question 1 with its right option (known to the test from the full file only), submit the rest blank.
    const q1 = quiz.questions[0];
    const v1 = q1 ? variantOf(q1, variant) : undefined;
    const right = v1 && 'options' in v1 ? v1.options.find((o) => o.correct) : undefined;
    expect(right, 'question 1 is a choice question').toBeDefined();
    await section.getByRole('radio', { name: right?.text.replace(/`/g, '') ?? '' }).check();
    // The first submit is lost on the way (offline): a clear message, and the answer is still there.
    await d.page.route('**/api/quiz/*/submit', (route) => route.abort('internetdisconnected'));
    await submit.click();
    await section.getByRole('button', { name: 'Submit anyway' }).click();
    await expect
      .poll(() => section.getByRole('alert').textContent(), { timeout: 15_000 })
      .toMatch(/not submitted: the cohort server cannot be reached.*answers are kept/);
    await d.page.unroute('**/api/quiz/*/submit');
    await section.getByRole('button', { name: 'Question 1, answered' }).click();
    expect(await section.getByRole('radio', { name: right?.text.replace(/`/g, '') ?? '' }).isChecked()).toBe(true);
    await section.getByRole('button', { name: 'Submit attempt 1' }).click();
    await section.getByRole('button', { name: 'Submit anyway' }).click();
    const summary = section.locator('.quiz-summary h3');
    await expect.poll(() => summary.textContent(), { timeout: 15_000 }).toBe('Attempt 1 of 2: 10 / 120');
    // The review shows the key and the explanations now.
    await expect.poll(() => section.locator('.quiz-verdict').textContent()).toContain('Correct');
    expect(await section.textContent()).toContain((right?.explanation ?? '').replace(/`/g, '').slice(0, 30));
    // The submit's answer was the first response to carry the key.
    await expect
      .poll(() => d.bodies.some((b) => b.url.endsWith('/submit') && b.text.includes('"correct":true')))
      .toBe(true);
    // Local progress has the server's score, so the chapter's status matches the verified grade.
    const local = await d.page.evaluate(() => localStorage.getItem('workbook:progress'));
    expect(local).toContain('"score":10');
    expect(d.errors).toEqual([]);

    // The learner forges a claim in another chapter; the instructor's dashboard flags it.
    const token = await d.page.evaluate(
      () => (JSON.parse(localStorage.getItem('workbook:cohort') ?? '{}') as { token?: string }).token ?? '',
    );
    const forged = await fetch(`${suite.server.url}api/sync`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({
        updateId: 'forged-claim-1',
        epoch: 0,
        progress: {
          version: 1,
          learnerSeed: 7,
          chapters: {
            'leaders-and-followers': { attempts: [{ score: 120, max: 120, variant: 0, at: Date.now() }] },
          },
          exercises: {},
          cells: {},
        },
      }),
    });
    expect(forged.status, await forged.clone().text()).toBe(200);
    const t = await device();
    await t.page.goto(`${suite.server.url}cohort/signin/#${suite.cohort.instructorSigninCode}`);
    await t.page.waitForURL(/cohort\/dashboard\/$/);
    const row = t.page.locator('tr.learner', { hasText: 'Noor Haddad' });
    const flag = row.locator('td.quiz-flag');
    await expect.poll(() => flag.count(), { timeout: 15_000 }).toBe(1);
    expect(await flag.textContent()).toContain('⚠ claimed 120, verified none');
    // The verified chapter shows the server's 10, unflagged.
    expect(await row.textContent()).toContain('10/120');
  });
});
