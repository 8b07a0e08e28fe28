/**
 * Test configuration. Three projects: `unit` (logic, engine, content; runs in
 * Node, fast), `e2e` (a person's view: Playwright drives Debian's Chromium
 * against the built site in dist/, served by test/e2e/support/global-setup.ts)
 * and `server` (the cohort server on SQLite and a throwaway PostgreSQL, its
 * load and fault tests, and Chromium against it; see test/server/support/).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/content/**/*.test.ts', 'test/lint/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One Chromium at a time: the machine has two cores.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'server',
          include: ['test/server/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/server/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // The load, fault and browser tests each want the two cores to themselves.
          fileParallelism: false,
        },
      },
    ],
  },
});
