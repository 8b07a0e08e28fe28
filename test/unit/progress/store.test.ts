import { describe, expect, it, vi } from 'vitest';
import {
  NOTICE_TEXT,
  PROGRESS_KEY,
  SET_ASIDE_KEY,
  createProgressStore,
  exerciseStatus,
  mergeProgress,
  parseProgress,
  type ProgressStore,
} from '../../../src/progress/index.ts';
import { FakeStorage, T0, clock, seeds } from './helpers.ts';

function make(
  storage: FakeStorage | null = new FakeStorage(),
  extra: { watch?: (f: (k: string | null) => void) => () => void } = {},
) {
  const store = createProgressStore({ storage, now: clock(), newSeed: seeds(500), ...extra });
  return { store, storage };
}

const attempt = (score: number, variant = 0) => ({ score, max: 120, variant });

describe('progress store: basics', () => {
  it('persists a learner seed once asked, and keeps it across reloads', () => {
    const { store, storage } = make();
    const seed = store.learnerSeed();
    expect(storage?.getItem(PROGRESS_KEY)).toContain(`"learnerSeed":${seed}`);
    const again = createProgressStore({ storage, newSeed: seeds(9999) });
    expect(again.learnerSeed()).toBe(seed);
  });

  it('toggles chapter completion with a timestamp', () => {
    const { store } = make();
    store.setChapterComplete('failover', true);
    const at = store.chapter('failover')?.completedAt;
    expect(at).toBeGreaterThan(T0);
    store.setChapterComplete('failover', true); // no change, keeps the first time
    expect(store.chapter('failover')?.completedAt).toBe(at);
    store.setChapterComplete('failover', false);
    expect(store.chapter('failover')).toBeUndefined();
  });

  it('records two quiz attempts and refuses a third', () => {
    const { store } = make();
    expect(store.recordQuizAttempt('failover', attempt(70)).ok).toBe(true);
    const second = store.recordQuizAttempt('failover', { ...attempt(90, 1), responses: { q1: 'a' } });
    expect(second.ok && second.attempts.map((a) => a.score)).toEqual([70, 90]);
    const third = store.recordQuizAttempt('failover', attempt(120, 2));
    expect(third).toEqual({ ok: false, reason: 'both attempts have been used' });
    expect(store.chapter('failover')?.attempts).toHaveLength(2);
  });

  it('refuses invalid attempts', () => {
    const { store } = make();
    expect(store.recordQuizAttempt('failover', attempt(-1)).ok).toBe(false);
    expect(store.recordQuizAttempt('failover', attempt(121)).ok).toBe(false);
    expect(store.recordQuizAttempt('__proto__', attempt(10)).ok).toBe(false);
    expect(store.chapter('failover')).toBeUndefined();
  });

  it('records exercise runs and reveals; a reveal is never lost', () => {
    const { store } = make();
    store.recordExerciseRun('ch06.elect', false);
    expect(exerciseStatus(store.exercise('ch06.elect'))).toBe('attempted');
    store.recordReveal('ch06.elect');
    expect(exerciseStatus(store.exercise('ch06.elect'))).toBe('revealed');
    store.recordExerciseRun('ch06.elect', true);
    expect(exerciseStatus(store.exercise('ch06.elect'))).toBe('revealed-then-passed');
    expect(store.exercise('ch06.elect')?.runs).toBe(2);

    store.recordExerciseRun('ch07.merge', true);
    store.recordReveal('ch07.merge');
    expect(exerciseStatus(store.exercise('ch07.merge'))).toBe('passed');
  });

  it('saves, reads and clears notebook cell edits', () => {
    const { store, storage } = make();
    expect(store.getCellEdit('ch02-a')).toBeUndefined();
    expect(store.saveCellEdit('ch02-a', 'let x = 1;')).toBe(true);
    expect(store.getCellEdit('ch02-a')).toBe('let x = 1;');
    expect(createProgressStore({ storage }).getCellEdit('ch02-a')).toBe('let x = 1;');
    store.clearCellEdit('ch02-a');
    expect(store.getCellEdit('ch02-a')).toBeUndefined();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(store.saveCellEdit('__proto__', 'x')).toBe(false);
    expect(store.saveCellEdit('big', 'x'.repeat(300_000))).toBe(false);
    vi.restoreAllMocks();
  });

  it('notifies subscribers on every change and stops after unsubscribe', () => {
    const { store } = make();
    const calls: number[] = [];
    const off = store.subscribe(() => calls.push(1));
    store.setChapterComplete('failover', true);
    store.saveCellEdit('c1', 'x');
    off();
    store.setChapterComplete('failover', false);
    expect(calls).toHaveLength(2);
  });

  it('picks up changes made by another tab through the storage event', () => {
    const storage = new FakeStorage();
    let fire: (key: string | null) => void = () => {};
    const { store: tabA } = make(storage, {
      watch: (f) => {
        fire = f;
        return () => {};
      },
    });
    const tabB = createProgressStore({ storage });
    let seen = 0;
    tabA.subscribe(() => seen++);
    tabB.setChapterComplete('failover', true);
    fire(PROGRESS_KEY);
    expect(seen).toBe(1);
    expect(tabA.chapter('failover')?.completedAt).toBeDefined();
  });

  it('does not overwrite what another tab saved in the meantime', () => {
    const storage = new FakeStorage();
    const tabA = createProgressStore({ storage });
    const tabB = createProgressStore({ storage });
    tabA.setChapterComplete('failover', true);
    tabB.saveCellEdit('c1', 'code'); // tabB never saw tabA's change before writing
    const final = createProgressStore({ storage });
    expect(final.chapter('failover')?.completedAt).toBeDefined();
    expect(final.getCellEdit('c1')).toBe('code');
  });
});

describe('progress store: damaged storage', () => {
  it('sets unreadable text aside, keeps the valid parts and raises a human notice', () => {
    const storage = new FakeStorage();
    const raw = JSON.stringify({
      version: 1,
      learnerSeed: 3,
      chapters: { failover: { completedAt: T0, attempts: [{ score: 999, max: 120, variant: 0, at: T0 }] } },
      cells: { c1: { code: 'kept', savedAt: T0 } },
    });
    storage.setItem(PROGRESS_KEY, raw);
    const { store } = make(storage);
    expect(store.chapter('failover')?.completedAt).toBe(T0);
    expect(store.chapter('failover')?.attempts).toEqual([]);
    expect(store.getCellEdit('c1')).toBe('kept');
    const notices = store.notices();
    expect(notices).toHaveLength(1);
    expect(notices[0]?.message).toBe(
      'Some saved progress could not be read and was set aside; your other progress is kept.',
    );
    expect(notices[0]?.details?.length).toBeGreaterThan(0);
    // The raw text is kept under the backup key; the main key now holds the cleaned document.
    expect(store.setAsideEntries()[0]?.raw).toBe(raw);
    expect(JSON.parse(storage.getItem(SET_ASIDE_KEY) ?? '{}').entries[0].raw).toBe(raw);
    expect(parseProgress(storage.getItem(PROGRESS_KEY), { newSeed: seeds() }).problems).toEqual([]);
    // A reload does not raise the problem again as new, but the notice stays until dismissed.
    const reload = createProgressStore({ storage });
    expect(reload.notices().map((n) => n.kind)).toEqual(['set-aside']);
    reload.dismissSetAside();
    expect(reload.notices()).toEqual([]);
    expect(reload.setAsideEntries()).toHaveLength(1); // still downloadable
    reload.discardSetAside();
    expect(reload.setAsideEntries()).toHaveLength(0);
  });

  it('sets corrupt JSON aside and starts fresh', () => {
    const storage = new FakeStorage();
    storage.setItem(PROGRESS_KEY, '{"version":1,"chapters":{');
    const { store } = make(storage);
    expect(store.get().chapters).toEqual({});
    expect(store.notices()[0]?.kind).toBe('set-aside');
    expect(store.setAsideEntries()[0]?.raw).toBe('{"version":1,"chapters":{');
  });

  it('keeps at most three set-aside entries, newest first', () => {
    const storage = new FakeStorage();
    for (let i = 0; i < 5; i++) {
      storage.setItem(PROGRESS_KEY, `broken ${i}`);
      createProgressStore({ storage }).get();
    }
    const entries = createProgressStore({ storage }).setAsideEntries();
    expect(entries.map((e) => e.raw)).toEqual(['broken 4', 'broken 3', 'broken 2']);
  });

  it('survives a corrupt backup key', () => {
    const storage = new FakeStorage();
    storage.setItem(SET_ASIDE_KEY, '{{{');
    storage.setItem(PROGRESS_KEY, 'broken');
    const { store } = make(storage);
    expect(store.setAsideEntries().map((e) => e.raw)).toEqual(['broken']);
  });

  it('falls back to memory when storage is unavailable, with a notice', () => {
    const storage = new FakeStorage();
    storage.blocked = true;
    const { store } = make(storage);
    expect(store.persistent()).toBe(false);
    expect(store.notices().map((n) => n.message)).toEqual([NOTICE_TEXT['memory-only']]);
    store.setChapterComplete('failover', true);
    expect(store.chapter('failover')?.completedAt).toBeDefined();

    const none = make(null).store;
    expect(none.notices()[0]?.kind).toBe('memory-only');
    expect(createProgressStore({ storage: null, quiet: true }).notices()).toEqual([]);
  });

  it('falls back to memory when the quota is exceeded, keeping the progress of this visit', () => {
    const storage = new FakeStorage();
    const { store } = make(storage);
    store.setChapterComplete('one-database', true);
    storage.full = true;
    store.setChapterComplete('failover', true);
    expect(store.notices()[0]?.kind).toBe('write-failed');
    expect(store.chapter('failover')?.completedAt).toBeDefined();
    expect(store.chapter('one-database')?.completedAt).toBeDefined();
    expect(store.persistent()).toBe(false);
  });
});

describe('progress store: export, import, reset', () => {
  function withProgress(): ProgressStore {
    const { store } = make();
    store.setChapterComplete('one-database', true);
    store.recordQuizAttempt('one-database', attempt(80));
    store.recordExerciseRun('ch01.admit', true);
    store.recordReveal('ch02.apply');
    store.saveCellEdit('c1', 'code one');
    return store;
  }

  it('round-trips through an export file into a fresh browser', () => {
    const a = withProgress();
    const file = a.exportFile();
    expect(file.name).toMatch(/^replication-workbook-progress-\d{4}-\d{2}-\d{2}\.json$/);
    const b = make(new FakeStorage()).store;
    const result = b.importText(file.text);
    expect(result.ok).toBe(true);
    expect(JSON.parse(JSON.stringify(b.get()))).toEqual(JSON.parse(JSON.stringify(a.get())));
  });

  it('refuses bad files with a reason and leaves current progress untouched', () => {
    const { store, storage } = make();
    store.setChapterComplete('failover', true);
    store.saveCellEdit('c1', 'mine');
    const before = storage?.getItem(PROGRESS_KEY);
    const bad: [string, RegExp][] = [
      ['', /empty/],
      ['   ', /empty/],
      ['{not json', /not valid JSON/],
      ['[1,2,3]', /not a Replication Workbook progress export/],
      ['{"theme":"dark"}', /not a Replication Workbook progress export/],
      ['{"format":"something-else","progress":{}}', /not a Replication Workbook progress export/],
      ['{"format":"replication-workbook-progress","progress":7}', /no progress/],
      ['{"format":"replication-workbook-progress","progress":{"version":9,"chapters":{}}}', /newer version/],
      [
        '{"format":"replication-workbook-progress","progress":{"version":1,"chapters":{"x":"y"}}}',
        /Nothing in the file/,
      ],
      [
        '{"format":"replication-workbook-progress","progress":{"version":1,"learnerSeed":1,"chapters":{}}}',
        /holds no progress/,
      ],
    ];
    for (const [text, reason] of bad) {
      const r = store.importText(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) {
        expect(r.reason).toMatch(reason);
        expect(r.reason).toMatch(/not changed/);
      }
      expect(storage?.getItem(PROGRESS_KEY)).toBe(before);
    }
  });

  it('imports the readable part of a partly damaged file and says what was skipped', () => {
    const { store } = make();
    const text = JSON.stringify({
      format: 'replication-workbook-progress',
      progress: { version: 1, learnerSeed: 1, chapters: { failover: { completedAt: T0, attempts: [] }, bad: 5 } },
    });
    const r = store.importText(text);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.skipped).toHaveLength(1);
      expect(r.message).toMatch(/skipped/);
    }
    expect(store.chapter('failover')?.completedAt).toBe(T0);
  });

  it('merges keeping the best of both', () => {
    const a = withProgress(); // one-database: complete, attempt 80; admit passed; apply revealed; c1 'code one'
    const b = createProgressStore({ storage: new FakeStorage(), now: clock(T0 + 60_000), newSeed: seeds(7000) });
    b.recordQuizAttempt('one-database', attempt(100, 1));
    b.recordQuizAttempt('one-database', attempt(40, 2));
    b.recordExerciseRun('ch02.apply', true);
    b.saveCellEdit('c1', 'newer code'); // saved later on the other clock
    b.recordQuizAttempt('failover', attempt(60));
    const r = b.importText(a.exportFile().text);
    expect(r.ok).toBe(true);
    const one = b.chapter('one-database');
    expect(one?.completedAt).toBeDefined();
    expect(one?.attempts.map((x) => x.score).sort()).toEqual([100, 80].sort()); // 3 attempts -> the two best
    expect(b.chapter('failover')?.attempts).toHaveLength(1);
    expect(b.getCellEdit('c1')).toBe('newer code'); // the more recent edit wins
    expect(exerciseStatus(b.exercise('ch01.admit'))).toBe('passed');
    // The reveal recorded in the file is kept, even though this browser passed on its own.
    expect(b.exercise('ch02.apply')?.revealedAt).toBeDefined();
    expect(b.learnerSeed()).not.toBe(a.learnerSeed()); // b had attempts: keeps its own seed
  });

  it('merge is idempotent and a fresh browser adopts the imported seed', () => {
    const a = withProgress();
    const merged = mergeProgress(a.get(), a.get());
    expect(JSON.parse(JSON.stringify(merged))).toEqual(JSON.parse(JSON.stringify(a.get())));
    const fresh = make(new FakeStorage()).store;
    fresh.importText(a.exportFile().text);
    expect(fresh.learnerSeed()).toBe(a.learnerSeed());
  });

  it('resets everything after confirmation (the UI asks), keeping set-aside data', () => {
    const storage = new FakeStorage();
    storage.setItem(PROGRESS_KEY, 'broken');
    const { store } = make(storage);
    store.setChapterComplete('failover', true);
    store.reset();
    expect(store.get().chapters).toEqual({});
    expect(store.setAsideEntries()).toHaveLength(1);
  });
});

describe('progress store: saving is never silent, two tabs, bounded edits, safe imports', () => {
  it('two tabs cannot both submit attempt 1', () => {
    const storage = new FakeStorage();
    const tabA = make(storage).store;
    const tabB = make(storage).store;
    expect(tabA.chapter('one-database')).toBeUndefined();
    expect(tabB.chapter('one-database')).toBeUndefined();
    expect(tabA.recordQuizAttempt('one-database', { ...attempt(80), attempt: 1 })).toMatchObject({ ok: true });
    const second = tabB.recordQuizAttempt('one-database', { ...attempt(50), attempt: 1 });
    expect(second).toMatchObject({ ok: false });
    expect(second.ok ? '' : second.reason).toMatch(/already submitted, in another tab/);
    expect(
      make(storage)
        .store.chapter('one-database')
        ?.attempts.map((a) => a.score),
    ).toEqual([80]);
    // attempt 2, honestly numbered, is fine
    expect(tabB.recordQuizAttempt('one-database', { ...attempt(90, 1), attempt: 2 })).toMatchObject({ ok: true });
  });

  it('an attempt or an exercise pass that storage refuses says so, and is kept for the tab', () => {
    const storage = new FakeStorage();
    const { store } = make(storage);
    expect(store.recordQuizAttempt('one-database', attempt(80))).toMatchObject({ ok: true, saved: true });
    storage.full = true;
    const r = store.recordQuizAttempt('one-database', attempt(90, 1));
    expect(r).toMatchObject({ ok: true, saved: false });
    expect(store.chapter('one-database')?.attempts).toHaveLength(2);
    expect(store.recordExerciseRun('ch01.admit', true)).toBe(false);
    expect(store.exercise('ch01.admit')?.passedAt).toBeDefined();
    expect(store.notices()[0]?.kind).toBe('write-failed');
  });

  it('bounds the total size of saved cell edits', () => {
    const { store } = make();
    for (let i = 0; i < 5; i++) expect(store.saveCellEdit(`c${i}`, 'x'.repeat(199_000))).toBe(true);
    expect(store.saveCellEdit('c5', 'x'.repeat(10_000))).toBe(false);
    expect(store.getCellEdit('c5')).toBeUndefined();
    // replacing an edit counts its new size, not both
    expect(store.saveCellEdit('c0', 'y'.repeat(199_500))).toBe(true);
  });

  it('refuses an import whose merge the next page load could not read', () => {
    const a = make().store;
    const b = make().store;
    for (let i = 0; i < 1500; i++) a.saveCellEdit(`a${i}`, 'a');
    for (let i = 0; i < 1500; i++) b.saveCellEdit(`b${i}`, 'b');
    const r = b.importText(a.exportFile().text);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.reason).toMatch(/cannot be merged/);
    expect(b.getCellEdit('a1')).toBeUndefined();
    expect(parseProgress(JSON.stringify(b.get()), { newSeed: () => 1 }).problems).toEqual([]);
  });
});
