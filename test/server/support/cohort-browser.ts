/**
 * The set-up the cohort browser tests share: the real build (dist/) served by
 * a real cohort server process on a fresh SQLite database holding one cohort,
 * and one Chromium for the suite. Call `cohortBrowserSuite()` inside a
 * `describe`: it registers the suite's beforeAll/afterAll, and its fields are
 * read once those have run (reading them earlier throws, naming the field).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/support/browser-config.ts';
import { openDb } from '../../../src/server/db.ts';
import { createCohort, type CreatedCohort } from '../../../src/server/people.ts';
import { freshDatabase } from './fixtures.ts';
import { ROOT, startServerProcess, type ServerProcess } from './process.ts';

/** The real build the browser tests serve; `npm run build` writes it. */
export const DIST = join(ROOT, 'dist');

export interface CohortBrowserSuite {
  /** The cohort server serving dist/. */
  readonly server: ServerProcess;
  /** The one cohort in its database. */
  readonly cohort: CreatedCohort;
  /** A new browser context (a device), closed when the suite ends. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
}

export function cohortBrowserSuite(cohortName: string): CohortBrowserSuite {
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  let cohort: CreatedCohort | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!existsSync(join(DIST, 'index.html')))
      throw new Error('dist/ is missing: run `npm run build` before the server browser tests');
    const where = await freshDatabase('sqlite');
    const db = await openDb(where);
    cohort = await createCohort(db, cohortName);
    await db.close();
    server = await startServerProcess({ ...where, dist: DIST });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
  });

  // Set in beforeAll: a test that reads one before it has run is a mistake in the test.
  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`cohortBrowserSuite: ${name} is read before beforeAll has run`);
    return value;
  };
  return {
    get server() {
      return ready(server, 'server');
    },
    get cohort() {
      return ready(cohort, 'cohort');
    },
    async newContext(options) {
      const context = await ready(browser, 'browser').newContext(options);
      contexts.push(context);
      return context;
    },
  };
}
