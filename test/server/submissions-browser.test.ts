/**
 * The browser halves of submissions, in Node: the cohort submission client
 * (src/server/client/submission-client.ts) against the app itself, with a
 * Map as localStorage; the submission log a Submit writes
 * (src/components/exercise/submission-log.ts), including a full storage;
 * and the bundle the Progress page builds, which must parse with the very
 * schema `cohort verify` uses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { submitForVerification, type VerificationStatus } from '../../src/server/client/submission-client.ts';
import { writeSession, type KeyValue } from '../../src/server/client/session.ts';
import { parseBundle } from '../../src/server/bundle.ts';
import {
  MAX_PER_EXERCISE,
  SUBMISSIONS_KEY,
  SUBMISSIONS_SET_ASIDE_KEY,
  logSubmission,
  readSubmissionLog,
} from '../../src/components/exercise/submission-log.ts';
import { buildSubmissionBundle, bundleFileName } from '../../src/components/progress/submission-bundle.ts';
import { CONTENT_DIR, doc, T0, testApp, type TestApp } from './support/fixtures.ts';

class MemoryStorage implements KeyValue {
  map = new Map<string, string>();
  full = false;
  getItem = (k: string) => this.map.get(k) ?? null;
  setItem = (k: string, v: string) => {
    if (this.full) throw new DOMException('quota', 'QuotaExceededError');
    this.map.set(k, v);
  };
  removeItem = (k: string) => void this.map.delete(k);
}

const WRONG = readFileSync(
  join(CONTENT_DIR, 'chapters/01-one-database/exercises/load-shedding/wrong-always-accept.ts'),
  'utf8',
);

describe('the cohort submission client', () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("sends only the code and reports the server's verdict", async () => {
    t = await testApp('sqlite', { grading: true });
    const joined = (await (await t.post('/api/join', { code: t.cohort.joinCode, displayName: 'Ada' })).json()) as {
      token: string;
      person: { id: string };
    };
    const storage = new MemoryStorage();
    const bodies: string[] = [];
    const fetchFn = (async (url: string, init?: RequestInit) => {
      if (typeof init?.body === 'string') bodies.push(init.body);
      return t.request(new URL(url, 'http://cohort.test').pathname, init);
    }) as unknown as typeof fetch;
    const seen: VerificationStatus[] = [];
    const options = {
      exercise: 'load-shedding',
      code: WRONG,
      onStatus: (s: VerificationStatus) => seen.push(s),
      fetch: fetchFn,
      storage,
      base: '/',
      pollMs: 50,
      sleep: async (ms: number) => {
        await t.grading?.queue.idle();
        await new Promise((r) => setTimeout(r, ms));
      },
    };
    // Not signed in: nothing is sent.
    expect((await submitForVerification(options)).state).toBe('not-signed-in');
    expect(bodies).toEqual([]);
    writeSession(storage, {
      token: joined.token,
      role: 'learner',
      personId: joined.person.id,
      displayName: 'Ada',
      cohortName: 'Spring cohort',
      epoch: 0,
    });
    const final = await submitForVerification(options);
    expect(bodies).toEqual([JSON.stringify({ code: WRONG })]);
    expect(seen.map((s) => s.state)).toEqual(['not-signed-in', 'sending', 'queued', 'verified']);
    expect(final).toMatchObject({ state: 'verified', passed: false });
    expect(final.text).toMatch(/^Verified by the cohort server: failed: latency-budget \(seed \d+, step \d+\)/);
    // An unknown exercise is refused with the server's sentence.
    const refused = await submitForVerification({ ...options, exercise: 'nope' });
    expect(refused.state).toBe('refused');
    expect(refused.text).toContain('there is no exercise named "nope"');
  });
});

describe('the submission log and the bundle', () => {
  it('keeps every submission, bounded per exercise, and says when it cannot save', () => {
    const s = new MemoryStorage();
    expect(logSubmission(s, { exercise: 'a', code: 'pass', submittedAt: T0, passed: true })).toBeNull();
    for (let i = 1; i <= MAX_PER_EXERCISE + 2; i++)
      expect(logSubmission(s, { exercise: 'a', code: `fail ${i}`, submittedAt: T0 + i, passed: false })).toBeNull();
    const log = readSubmissionLog(s);
    expect(log).toHaveLength(MAX_PER_EXERCISE);
    // The passing one survives; the oldest failing ones went first.
    expect(log[0]?.code).toBe('pass');
    expect(log.at(-1)?.code).toBe(`fail ${MAX_PER_EXERCISE + 2}`);
    s.full = true;
    expect(logSubmission(s, { exercise: 'b', code: 'x', submittedAt: T0, passed: false })).toMatch(
      /could not be saved in this browser/,
    );
    expect(readSubmissionLog(s)).toHaveLength(MAX_PER_EXERCISE);
  });

  it('sets aside a log it cannot read instead of deleting it', () => {
    const s = new MemoryStorage();
    s.map.set(SUBMISSIONS_KEY, '{not json');
    expect(readSubmissionLog(s)).toEqual([]);
    expect(s.map.get(SUBMISSIONS_SET_ASIDE_KEY)).toBe('{not json');
  });

  it('builds a bundle that the verify schema accepts', () => {
    const progress = doc({
      chapters: {
        'one-database': { attempts: [{ score: 10, max: 20, variant: 0, at: T0, responses: { q1: 'a', q2: 3 } }] },
      },
    });
    const bundle = buildSubmissionBundle({
      learnerName: ' Ada Lovelace ',
      cohortId: 'spring-2027',
      progress: progress as Parameters<typeof buildSubmissionBundle>[0]['progress'],
      submissions: [{ exercise: 'load-shedding', code: WRONG, submittedAt: T0, passed: false }],
      now: T0 + 5,
    });
    const parsed = parseBundle(JSON.stringify(bundle));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.bundle.learnerName).toBe('Ada Lovelace');
      expect(parsed.bundle.submissions[0]).toMatchObject({ exercise: 'load-shedding', claimedPassed: false });
      expect(parsed.bundle.quizAttempts[0]).toMatchObject({
        chapter: 'one-database',
        variant: 0,
        responses: { q1: 'a', q2: 3 },
        claimedScore: 10,
        claimedMax: 20,
      });
    }
    expect(bundleFileName('Ada Lovelace')).toBe('submissions-ada-lovelace.json');
  });
});
