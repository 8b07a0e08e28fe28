import { describe, expect, it } from 'vitest';
import { LIMITS, PROGRESS_VERSION, exerciseStatus, own, type ProgressData } from '../../../src/progress/schema.ts';
import { parseProgress, serializeProgress, type Migration } from '../../../src/progress/parse.ts';
import { T0, seeds } from './helpers.ts';

const opts = () => ({ newSeed: seeds(42) });
const attempt = (score: number, at: number, variant = 0) => ({ score, max: 120, variant, at });

const good = {
  version: 1,
  learnerSeed: 7,
  chapters: {
    'leaders-and-followers': { completedAt: T0, attempts: [attempt(70, T0 + 1), attempt(100, T0 + 2, 1)] },
    'one-database': { attempts: [{ ...attempt(50, T0), responses: { q1: 'a', q2: ['a', 'b'], q3: 12.5, q4: null } }] },
  },
  exercises: { 'ch01.admit': { runs: 3, lastRunAt: T0, passedAt: T0 } },
  cells: { 'ch02-cell-1': { code: 'console.log(1)', savedAt: T0 } },
};

describe('parseProgress: good input', () => {
  it('treats missing or empty text as a fresh start without problems', () => {
    for (const raw of [null, undefined, '']) {
      const r = parseProgress(raw, opts());
      expect(r.problems).toEqual([]);
      expect(r.data.version).toBe(PROGRESS_VERSION);
      expect(r.data.learnerSeed).toBe(42);
      expect(Object.keys(r.data.chapters)).toEqual([]);
    }
  });

  it('reads a valid document completely and round-trips it', () => {
    const r = parseProgress(JSON.stringify(good), opts());
    expect(r.problems).toEqual([]);
    expect(r.data.learnerSeed).toBe(7);
    expect(own(r.data.chapters, 'leaders-and-followers')?.attempts.map((a) => a.score)).toEqual([70, 100]);
    expect(own(r.data.chapters, 'one-database')?.attempts[0]?.responses).toEqual({
      q1: 'a',
      q2: ['a', 'b'],
      q3: 12.5,
      q4: null,
    });
    expect(own(r.data.cells, 'ch02-cell-1')?.code).toBe('console.log(1)');
    const again = parseProgress(serializeProgress(r.data), opts());
    expect(again.problems).toEqual([]);
    expect(JSON.parse(serializeProgress(again.data))).toEqual(JSON.parse(serializeProgress(r.data)));
  });
});

describe('parseProgress: damaged input never throws and keeps valid parts', () => {
  it('sets corrupt JSON aside', () => {
    for (const raw of ['{', 'not json', '{"version":1,', '\u0000\u0001', 'undefined']) {
      const r = parseProgress(raw, opts());
      expect(r.problems.length).toBeGreaterThan(0);
      expect(Object.keys(r.data.chapters)).toEqual([]);
    }
  });

  it('sets foreign JSON aside', () => {
    for (const raw of ['[]', '42', '"text"', 'null', 'true', '{"theme":"dark"}', '{"a":{"b":1}}']) {
      const r = parseProgress(raw, opts());
      expect(r.problems.length, raw).toBeGreaterThan(0);
      expect(r.data.version).toBe(PROGRESS_VERSION);
    }
  });

  it('drops wrong types, negative scores and bad times but keeps the neighbours', () => {
    const raw = JSON.stringify({
      version: 1,
      learnerSeed: -5,
      chapters: {
        good: { completedAt: T0, attempts: [attempt(60, T0)] },
        negative: { attempts: [attempt(-10, T0)] },
        'too-high': { attempts: [{ score: 130, max: 120, variant: 0, at: T0 }] },
        'over-its-max': { attempts: [{ score: 90, max: 80, variant: 0, at: T0 }] },
        fractional: { attempts: [attempt(5.5, T0)] },
        'bad-time': { completedAt: 'yesterday', attempts: [attempt(10, T0)] },
        'not-object': 'complete',
        'attempts-not-list': { attempts: 'many' },
        'Bad Slug': { completedAt: T0, attempts: [] },
      },
      exercises: { ok: { runs: 1 }, 'neg-runs': { runs: -1 }, str: 'passed' },
      cells: { a: { code: 1, savedAt: T0 }, b: { code: 'x', savedAt: T0 } },
    });
    const r = parseProgress(raw, opts());
    expect(r.problems.length).toBeGreaterThanOrEqual(10);
    expect(Object.keys(r.data.chapters).sort()).toEqual(['bad-time', 'good']);
    expect(own(r.data.chapters, 'bad-time')).toEqual({ attempts: [attempt(10, T0)] });
    expect(Object.keys(r.data.exercises)).toEqual(['ok']);
    expect(Object.keys(r.data.cells)).toEqual(['b']);
    expect(r.data.learnerSeed).toBe(42); // invalid seed replaced
    expect(r.problems.join('\n')).toMatch(/learnerSeed/);
  });

  it('keeps an attempt whose remembered answers are damaged, without the answers', () => {
    const raw = JSON.stringify({
      version: 1,
      learnerSeed: 1,
      chapters: { c: { attempts: [{ ...attempt(80, T0), responses: { q1: { evil: true } } }] } },
    });
    const r = parseProgress(raw, opts());
    expect(own(r.data.chapters, 'c')?.attempts).toEqual([attempt(80, T0)]);
    expect(r.problems).toHaveLength(1);
  });

  it('keeps only the two best of more than two attempts, in time order', () => {
    const raw = JSON.stringify({
      version: 1,
      learnerSeed: 1,
      chapters: {
        c: { attempts: [attempt(90, T0 + 3), attempt(20, T0 + 1), attempt(110, T0 + 2), attempt(30, T0 + 4)] },
      },
    });
    const r = parseProgress(raw, opts());
    expect(own(r.data.chapters, 'c')?.attempts.map((a) => a.score)).toEqual([110, 90]);
    expect(r.problems.join()).toMatch(/only 2 are allowed/);
  });

  it('refuses to parse enormous text and drops huge strings inside entries', () => {
    const huge = 'x'.repeat(LIMITS.rawChars + 1);
    const r1 = parseProgress(huge, opts());
    expect(r1.problems[0]).toMatch(/too large/);

    const raw = JSON.stringify({
      version: 1,
      learnerSeed: 1,
      cells: { big: { code: 'y'.repeat(LIMITS.cellChars + 1), savedAt: T0 }, small: { code: 'ok', savedAt: T0 } },
      exercises: { ['e'.repeat(500)]: { runs: 1 } },
    });
    const r2 = parseProgress(raw, opts());
    expect(Object.keys(r2.data.cells)).toEqual(['small']);
    expect(Object.keys(r2.data.exercises)).toEqual([]);
    expect(r2.problems.join('\n').length).toBeLessThan(2000); // problem messages do not echo huge keys
  });

  it('caps the number of entries', () => {
    const cells: Record<string, unknown> = {};
    for (let i = 0; i < LIMITS.cells + 10; i++) cells[`c${i}`] = { code: '', savedAt: T0 };
    const r = parseProgress(JSON.stringify({ version: 1, learnerSeed: 1, cells }), opts());
    expect(Object.keys(r.data.cells)).toHaveLength(LIMITS.cells);
    expect(r.problems.join()).toMatch(/only the first/);
  });

  it('resists prototype pollution', () => {
    const raw =
      '{"version":1,"learnerSeed":1,"__proto__":{"polluted":"yes"},' +
      '"chapters":{"__proto__":{"completedAt":1700000000000,"attempts":[]},"constructor":{"completedAt":1700000000000,"attempts":[]},' +
      '"ok":{"completedAt":1700000000000,"attempts":[{"score":1,"max":120,"variant":0,"at":1700000000000,"__proto__":{"polluted":"yes"}}]}},' +
      '"exercises":{"__proto__":{"runs":1},"prototype":{"runs":1}},' +
      '"cells":{"__proto__":{"code":"x","savedAt":1700000000000},"toString":{"code":"x","savedAt":1700000000000}}}';
    const r = parseProgress(raw, opts());
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.keys(r.data.chapters)).toEqual(['ok']);
    expect(Object.getPrototypeOf(r.data.chapters)).toBeNull();
    expect(own(r.data.chapters, 'constructor')).toBeUndefined();
    expect(Object.keys(r.data.exercises)).toEqual([]);
    // `toString` is a legal id and is stored as data, not confused with the inherited method.
    expect(own(r.data.cells, 'toString')?.code).toBe('x');
    expect(own(r.data.cells, 'valueOf')).toBeUndefined();
    expect(own(r.data.chapters, 'ok')?.attempts[0]).not.toHaveProperty('polluted');
    expect(r.problems.join('\n')).toMatch(/__proto__/);
  });
});

describe('parseProgress: versions', () => {
  it('reads a document from a newer workbook as far as it can and flags it', () => {
    const r = parseProgress(JSON.stringify({ ...good, version: 99, shinyNewField: {} }), opts());
    expect(r.problems.join('\n')).toMatch(/newer version/);
    expect(Object.keys(r.data.chapters)).toHaveLength(2);
  });

  it('flags a document without a version but keeps its readable fields', () => {
    const { version: _v, ...noVersion } = good;
    const r = parseProgress(JSON.stringify(noVersion), opts());
    expect(r.problems.join()).toMatch(/no version/);
    expect(Object.keys(r.data.chapters)).toHaveLength(2);
  });

  it('migrates an older version step by step', () => {
    // Pretend the current version is 3: v1 stored `completed: [slugs]`, v2 renamed `seed` to `learnerSeed`.
    const migrations: Record<number, Migration> = {
      1: ({ completed, ...rest }) => ({
        ...rest,
        chapters: Object.fromEntries(
          (Array.isArray(completed) ? completed : []).map((slug) => [slug, { completedAt: T0, attempts: [] }]),
        ),
      }),
      2: ({ seed, ...rest }) => ({ ...rest, learnerSeed: seed }),
    };
    const old = JSON.stringify({ version: 1, seed: 99, completed: ['one-database', 'failover'] });
    const r = parseProgress(old, { newSeed: seeds(), migrations, currentVersion: 3 });
    expect(r.problems).toEqual([]);
    expect(r.data.learnerSeed).toBe(99);
    expect(Object.keys(r.data.chapters).sort()).toEqual(['failover', 'one-database']);
  });

  it('survives a missing or throwing migration step', () => {
    const throwing: Record<number, Migration> = {
      1: () => {
        throw new Error('boom');
      },
    };
    const doc = JSON.stringify({ ...good, version: 1 });
    const a = parseProgress(doc, { newSeed: seeds(), migrations: throwing, currentVersion: 2 });
    expect(a.problems.join()).toMatch(/failed/);
    expect(Object.keys(a.data.chapters)).toHaveLength(2);
    const b = parseProgress(doc, { newSeed: seeds(), migrations: {}, currentVersion: 2 });
    expect(b.problems.join()).toMatch(/no migration/);
    expect(Object.keys(b.data.chapters)).toHaveLength(2);
  });

  it('rejects nonsense version numbers', () => {
    for (const version of [0, -1, 1.5, '1', null]) {
      const r = parseProgress(JSON.stringify({ ...good, version }), opts());
      expect(r.problems.join(), String(version)).toMatch(/invalid version/);
    }
  });
});

describe('exerciseStatus', () => {
  const at = (n: number) => T0 + n;
  it('distinguishes every status, including a pass after a reveal', () => {
    expect(exerciseStatus(undefined)).toBe('not-started');
    expect(exerciseStatus({ runs: 0 })).toBe('not-started');
    expect(exerciseStatus({ runs: 2, lastRunAt: at(1) })).toBe('attempted');
    expect(exerciseStatus({ runs: 2, passedAt: at(1) })).toBe('passed');
    expect(exerciseStatus({ runs: 0, revealedAt: at(1) })).toBe('revealed');
    expect(exerciseStatus({ runs: 3, revealedAt: at(1), passedAt: at(2) })).toBe('revealed-then-passed');
    // Passed first, looked at the reference afterwards: still a pass on one's own.
    expect(exerciseStatus({ runs: 3, passedAt: at(1), revealedAt: at(2) })).toBe('passed');
  });
});

// Type-level check that ProgressData stays JSON-serialisable.
const _typecheck: ProgressData | undefined = undefined;
void _typecheck;
