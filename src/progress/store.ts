/**
 * The progress store: the one place that reads and writes browser storage.
 *
 * - Reads go through the defensive parser; anything unreadable is set aside
 *   under SET_ASIDE_KEY (never silently deleted) and a notice is raised.
 * - Storage that is unavailable (private mode, blocked) or full falls back to
 *   memory for the visit, with a notice saying so.
 * - Every change re-reads storage first, so two tabs do not overwrite each
 *   other's progress, and notifies subscribers, so islands on one page update
 *   together; the `storage` event does the same across tabs.
 *
 * The store is created with an injected storage so it is testable in Node;
 * `getProgressStore()` returns the page's shared instance.
 */
import { mergeProgress } from './merge.ts';
import { parseProgress, serializeProgress } from './parse.ts';
import { exportFileName, readImportText, toExportText } from './file.ts';
import {
  LIMITS,
  MAX_QUIZ_ATTEMPTS,
  PROGRESS_KEY,
  SET_ASIDE_KEY,
  emptyProgress,
  isId,
  isSlug,
  own,
  withEntry,
  type ChapterProgress,
  type ExerciseProgress,
  type ProgressData,
  type QuizAttempt,
} from './schema.ts';
import { readAttempt } from './validate.ts';

/** The subset of the Web Storage API the store needs. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export type NoticeKind = 'set-aside' | 'memory-only' | 'write-failed';

/** A problem the learner should know about; shown by the StorageNotice banner. */
export interface Notice {
  readonly kind: NoticeKind;
  readonly message: string;
  /** What exactly was dropped (set-aside only). */
  readonly details?: readonly string[];
}

export const NOTICE_TEXT: Readonly<Record<NoticeKind, string>> = {
  'set-aside': 'Some saved progress could not be read and was set aside; your other progress is kept.',
  'memory-only':
    'This browser is not letting the workbook save progress (private browsing or blocked storage). Your progress lasts only while this tab is open; use Export progress to keep a copy.',
  'write-failed':
    'Saving progress failed because browser storage is full or blocked. Your progress is kept only while this tab is open; use Export progress to keep a copy.',
};

/** Raw text that could not be read, kept so nothing is lost. */
export interface SetAsideEntry {
  readonly at: number;
  /** What was wrong, one problem per line. */
  readonly reason: string;
  readonly raw: string;
  readonly truncated?: boolean;
}

interface SetAsideDoc {
  seen: boolean;
  entries: SetAsideEntry[];
}

const MAX_SET_ASIDE = 3;
const MAX_SET_ASIDE_RAW = 1_000_000;

export type QuizAttemptInput = Omit<QuizAttempt, 'at'> & {
  readonly at?: number;
  /**
   * The 1-based attempt number the learner was answering. When given, the
   * attempt is refused unless it is the next one in storage as re-read now, so
   * two tabs cannot both submit attempt 1.
   */
  readonly attempt?: number;
};

export type RecordAttemptResult =
  | {
      readonly ok: true;
      readonly attempts: readonly QuizAttempt[];
      /** False when storage refused the write: the attempt lives only in this tab (say so, offer Export). */
      readonly saved: boolean;
    }
  | { readonly ok: false; readonly reason: string };

export type ImportResult =
  | { readonly ok: true; readonly message: string; readonly skipped: readonly string[] }
  | { readonly ok: false; readonly reason: string };

export interface ProgressStore {
  /** The current document. Treat it as immutable; it is replaced on every change. */
  get(): ProgressData;
  /** Called after every change (this tab or another). Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Problems to show the learner (empty when all is well). */
  notices(): readonly Notice[];
  /** Hides the set-aside notice (the set-aside data stays until discarded). */
  dismissSetAside(): void;
  /** Raw text set aside, newest first, so the learner can download it. */
  setAsideEntries(): readonly SetAsideEntry[];
  /** Deletes the set-aside raw text. */
  discardSetAside(): void;
  /** Whether progress survives closing the tab. */
  persistent(): boolean;

  learnerSeed(): number;
  chapter(slug: string): ChapterProgress | undefined;
  setChapterComplete(slug: string, complete: boolean): void;
  /** Records a submitted attempt; refuses a third one. */
  recordQuizAttempt(slug: string, attempt: QuizAttemptInput): RecordAttemptResult;
  exercise(id: string): ExerciseProgress | undefined;
  /** Records a graded run of an exercise; false when it could not be saved (kept in this tab only). */
  recordExerciseRun(id: string, passed: boolean): boolean;
  /** Records that the learner revealed the reference solution. */
  recordReveal(id: string): void;
  saveCellEdit(cellId: string, code: string): boolean;
  getCellEdit(cellId: string): string | undefined;
  clearCellEdit(cellId: string): void;

  /** Text of an export file and a file name for it. */
  exportFile(): { readonly name: string; readonly text: string };
  /** Merges a chosen file into the current progress, or refuses it (current progress untouched). */
  importText(text: string): ImportResult;
  /** Deletes all progress (set-aside data is kept until discarded). */
  reset(): void;
}

export interface StoreOptions {
  /** Browser storage, or null when it is unavailable. */
  readonly storage: StorageLike | null;
  /** Cross-tab change feed (the `storage` event); returns an unsubscribe function. */
  readonly watch?: (onChange: (key: string | null) => void) => () => void;
  readonly now?: () => number;
  readonly newSeed?: () => number;
  /** No notice for missing storage (server-side rendering). */
  readonly quiet?: boolean;
}

/** A random 32-bit seed (not security relevant; crypto when available). */
export function randomSeed(): number {
  try {
    const a = new Uint32Array(1);
    globalThis.crypto.getRandomValues(a);
    return a[0] ?? 0;
  } catch {
    return Math.floor(Math.random() * 0x100000000) >>> 0;
  }
}

function probe(storage: StorageLike): boolean {
  try {
    const k = 'workbook:probe';
    storage.setItem(k, '1');
    storage.removeItem(k);
    return true;
  } catch {
    return false;
  }
}

function readSetAside(text: string | null): SetAsideDoc {
  if (!text) return { seen: true, entries: [] };
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null) throw new Error('bad');
    const o = v as { seen?: unknown; entries?: unknown };
    const entries = Array.isArray(o.entries)
      ? o.entries.filter(
          (e): e is SetAsideEntry =>
            typeof e === 'object' &&
            e !== null &&
            typeof e.at === 'number' &&
            typeof e.reason === 'string' &&
            typeof e.raw === 'string',
        )
      : [];
    return { seen: o.seen === true, entries: entries.slice(0, MAX_SET_ASIDE) };
  } catch {
    return { seen: true, entries: [] };
  }
}

export function createProgressStore(options: StoreOptions): ProgressStore {
  const now = options.now ?? (() => Date.now());
  const newSeed = options.newSeed ?? randomSeed;
  let storage = options.storage && probe(options.storage) ? options.storage : null;
  let data: ProgressData = emptyProgress(newSeed());
  let lastRaw: string | null | undefined; // undefined: never read
  let seedStored = false;
  let memoryAside: SetAsideDoc = { seen: true, entries: [] };
  let lastProblems: readonly string[] = [];
  let failure: NoticeKind | null = storage || options.quiet ? null : 'memory-only';
  const listeners = new Set<() => void>();

  const notify = () => {
    for (const l of [...listeners]) {
      try {
        l();
      } catch (e) {
        console.error('progress listener failed', e);
      }
    }
  };

  const goMemory = (why: NoticeKind) => {
    storage = null;
    failure = why;
  };

  const getAside = (): SetAsideDoc => {
    if (!storage) return memoryAside;
    try {
      return readSetAside(storage.getItem(SET_ASIDE_KEY));
    } catch {
      return memoryAside;
    }
  };

  const putAside = (doc: SetAsideDoc) => {
    memoryAside = doc;
    if (!storage) return;
    try {
      storage.setItem(SET_ASIDE_KEY, JSON.stringify(doc));
    } catch {
      // Storage full: keep the reasons at least, without the raw text.
      try {
        storage.setItem(
          SET_ASIDE_KEY,
          JSON.stringify({ ...doc, entries: doc.entries.map((e) => ({ ...e, raw: '', truncated: true })) }),
        );
      } catch {
        /* the in-memory copy stays available for download */
      }
    }
  };

  const setAside = (raw: string, problems: readonly string[]) => {
    const truncated = raw.length > MAX_SET_ASIDE_RAW;
    const entry: SetAsideEntry = {
      at: now(),
      reason: problems.slice(0, 50).join('\n'),
      raw: truncated ? raw.slice(0, MAX_SET_ASIDE_RAW) : raw,
      ...(truncated ? { truncated } : {}),
    };
    const doc = getAside();
    putAside({ seen: false, entries: [entry, ...doc.entries].slice(0, MAX_SET_ASIDE) });
    lastProblems = problems;
  };

  /** Writes `next` (or only keeps it in memory). */
  const write = (next: ProgressData) => {
    const text = serializeProgress(next);
    data = next;
    if (storage) {
      try {
        storage.setItem(PROGRESS_KEY, text);
        seedStored = true;
      } catch {
        goMemory('write-failed');
      }
    }
    lastRaw = text;
  };

  /** Brings `data` up to date with storage; returns true when it changed. */
  const load = (): boolean => {
    if (!storage) {
      if (lastRaw === undefined) lastRaw = null;
      return false;
    }
    let raw: string | null;
    try {
      raw = storage.getItem(PROGRESS_KEY);
    } catch {
      goMemory('memory-only');
      return false;
    }
    if (raw === lastRaw) return false;
    const parsed = parseProgress(raw, { newSeed });
    seedStored = raw !== null;
    if (parsed.problems.length > 0 && raw !== null) {
      setAside(raw, parsed.problems);
      write(parsed.data);
    } else {
      data = parsed.data;
      lastRaw = raw;
    }
    return true;
  };

  /** Applies `change` to freshly re-read progress; returns whether the result is in storage (not only memory). */
  const mutate = (change: (d: ProgressData) => ProgressData): boolean => {
    load();
    const next = change(data);
    if (next === data) return storage !== null;
    write(next);
    notify();
    return storage !== null;
  };

  options.watch?.((key) => {
    if (key === null || key === PROGRESS_KEY || key === SET_ASIDE_KEY) {
      load();
      notify();
    }
  });

  load();

  const chapter = (slug: string) => own(data.chapters, slug);

  const updateChapter = (slug: string, f: (c: ChapterProgress) => ChapterProgress | undefined): boolean =>
    mutate((d) => {
      const before = own(d.chapters, slug) ?? { attempts: [] };
      const after = f(before);
      if (after === before) return d;
      const keep = after && (after.completedAt !== undefined || after.attempts.length > 0) ? after : undefined;
      return { ...d, chapters: withEntry(d.chapters, slug, keep) };
    });

  const updateExercise = (id: string, f: (e: ExerciseProgress) => ExerciseProgress): boolean => {
    if (!isId(id)) {
      console.warn(`progress: ignored invalid exercise id ${JSON.stringify(id)}`);
      return false;
    }
    return mutate((d) => ({ ...d, exercises: withEntry(d.exercises, id, f(own(d.exercises, id) ?? { runs: 0 })) }));
  };

  return {
    get: () => {
      load();
      return data;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    notices() {
      const out: Notice[] = [];
      if (failure) out.push({ kind: failure, message: NOTICE_TEXT[failure] });
      const aside = getAside();
      if (!aside.seen && aside.entries.length > 0) {
        const details = lastProblems.length > 0 ? lastProblems : (aside.entries[0]?.reason.split('\n') ?? []);
        out.push({ kind: 'set-aside', message: NOTICE_TEXT['set-aside'], details });
      }
      return out;
    },
    dismissSetAside() {
      putAside({ ...getAside(), seen: true });
      notify();
    },
    setAsideEntries: () => getAside().entries,
    discardSetAside() {
      memoryAside = { seen: true, entries: [] };
      try {
        storage?.removeItem(SET_ASIDE_KEY);
      } catch {
        /* nothing to do */
      }
      notify();
    },
    persistent: () => storage !== null,

    learnerSeed() {
      load();
      if (!seedStored && storage) write(data);
      return data.learnerSeed;
    },
    chapter(slug) {
      load();
      return chapter(slug);
    },
    setChapterComplete(slug, complete) {
      if (!isSlug(slug)) return console.warn(`progress: ignored invalid chapter slug ${JSON.stringify(slug)}`);
      updateChapter(slug, (c) => {
        if (complete === (c.completedAt !== undefined)) return c;
        if (complete) return { ...c, completedAt: now() };
        return { attempts: c.attempts };
      });
    },
    recordQuizAttempt(slug, input) {
      if (!isSlug(slug)) return { ok: false, reason: `"${slug}" is not a chapter slug` };
      const { attempt, ...fields } = input;
      const parsed = readAttempt({ ...fields, at: fields.at ?? now() });
      if (!parsed) return { ok: false, reason: 'the attempt is not valid (score, maximum or variant out of range)' };
      load();
      const before = chapter(slug)?.attempts ?? [];
      if (before.length >= MAX_QUIZ_ATTEMPTS) return { ok: false, reason: `both attempts have been used` };
      if (attempt !== undefined && attempt !== before.length + 1)
        return { ok: false, reason: `attempt ${attempt} was already submitted, in another tab or window` };
      const attempts = [...before, parsed];
      const saved = updateChapter(slug, (c) => ({ ...c, attempts }));
      return { ok: true, attempts: chapter(slug)?.attempts ?? attempts, saved };
    },
    exercise(id) {
      load();
      return own(data.exercises, id);
    },
    recordExerciseRun(id, passed) {
      const t = now();
      return updateExercise(id, (e) => ({
        ...e,
        runs: e.runs + 1,
        lastRunAt: t,
        ...(passed && e.passedAt === undefined ? { passedAt: t } : {}),
      }));
    },
    recordReveal(id) {
      const t = now();
      updateExercise(id, (e) => (e.revealedAt !== undefined ? e : { ...e, revealedAt: t }));
    },
    saveCellEdit(cellId, code) {
      if (!isId(cellId)) {
        console.warn(`progress: ignored invalid cell id ${JSON.stringify(cellId)}`);
        return false;
      }
      if (code.length > LIMITS.cellChars) return false;
      load();
      let others = 0;
      for (const [k, c] of Object.entries(data.cells)) if (k !== cellId) others += c.code.length;
      if (others + code.length > LIMITS.cellsTotalChars) return false;
      mutate((d) => {
        if (own(d.cells, cellId)?.code === code) return d;
        return { ...d, cells: withEntry(d.cells, cellId, { code, savedAt: now() }) };
      });
      return true;
    },
    getCellEdit(cellId) {
      load();
      return own(data.cells, cellId)?.code;
    },
    clearCellEdit(cellId) {
      mutate((d) => (own(d.cells, cellId) ? { ...d, cells: withEntry(d.cells, cellId, undefined) } : d));
    },

    exportFile() {
      load();
      const t = now();
      return { name: exportFileName(t), text: toExportText(data, t) };
    },
    importText(text) {
      const check = readImportText(text, newSeed);
      if (!check.ok) return check;
      load();
      const merged = mergeProgress(data, check.data);
      // never write a document the next page load would set aside
      const reread = serializeProgress(merged);
      const problems =
        reread.length > LIMITS.rawChars
          ? ['it would be too large to save']
          : parseProgress(reread, { newSeed }).problems.slice(0, 3);
      if (problems.length > 0)
        return { ok: false, reason: `the file cannot be merged with this browser's progress: ${problems.join('; ')}` };
      const saved = mutate(() => merged);
      const n = (r: object) => Object.keys(r).length;
      const what = `${n(check.data.chapters)} chapter(s), ${n(check.data.exercises)} exercise(s) and ${n(check.data.cells)} notebook cell(s)`;
      const message =
        check.skipped.length > 0
          ? `Imported ${what}, keeping the best of the file and this browser. ${check.skipped.length} damaged part(s) of the file were skipped.`
          : `Imported ${what}, keeping the best of the file and this browser.`;
      return {
        ok: true,
        message: saved
          ? message
          : `${message} It could not be saved in this browser (storage is full or blocked): it lasts only while this tab is open, so use Export progress to keep a copy.`,
        skipped: check.skipped,
      };
    },
    reset() {
      mutate(() => emptyProgress(newSeed()));
    },
  };
}

let shared: ProgressStore | undefined;

/** The page's shared store (localStorage when available; memory during server rendering). */
export function getProgressStore(): ProgressStore {
  if (shared) return shared;
  if (typeof window === 'undefined') {
    return createProgressStore({ storage: null, quiet: true });
  }
  let storage: StorageLike | null = null;
  try {
    storage = window.localStorage;
  } catch {
    storage = null;
  }
  shared = createProgressStore({
    storage,
    watch(onChange) {
      const handler = (e: StorageEvent) => {
        if (e.storageArea === null || e.storageArea === storage) onChange(e.key);
      };
      window.addEventListener('storage', handler);
      return () => window.removeEventListener('storage', handler);
    },
  });
  return shared;
}

/** Saved code of a notebook cell, or undefined when the learner has not edited it. */
export const getCellEdit = (cellId: string): string | undefined => getProgressStore().getCellEdit(cellId);
/** Saves the learner's code of a notebook cell (debounce calls while typing). */
export const saveCellEdit = (cellId: string, code: string): boolean => getProgressStore().saveCellEdit(cellId, code);
/** Forgets the learner's edit of a cell (back to the lesson's code). */
export const clearCellEdit = (cellId: string): void => getProgressStore().clearCellEdit(cellId);
