/**
 * The two small storage helpers outside the progress document: the
 * run-in-progress marker (names the cell whose run took the tab down) and the
 * quiz attempt in progress (survives a reload, ignores anything unreadable).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { markRunFinished, markRunStarted, RUN_MARKER_KEY, takeCrashedRun } from '../../../src/progress/run-marker.ts';
import { clearDraft, loadDraft, saveDraft } from '../../../src/components/quiz/draft.ts';

class MemoryStorage {
  map = new Map<string, string>();
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

let local: MemoryStorage;
let session: MemoryStorage;
beforeEach(() => {
  local = new MemoryStorage();
  session = new MemoryStorage();
  vi.stubGlobal('localStorage', local);
  vi.stubGlobal('sessionStorage', session);
});
afterEach(() => vi.unstubAllGlobals());

describe('run marker', () => {
  it('a finished run leaves nothing; an unfinished one is reported once, to its own cell', () => {
    markRunStarted('c2', 5);
    markRunFinished();
    expect(takeCrashedRun('c2')).toBeNull();
    markRunStarted('c2', 7);
    expect(takeCrashedRun('c1')).toBeNull();
    expect(takeCrashedRun('c2')).toEqual({ cell: 'c2', at: 7 });
    expect(takeCrashedRun('c2')).toBeNull();
  });
  it('ignores junk', () => {
    local.setItem(RUN_MARKER_KEY, '{not json');
    expect(takeCrashedRun('c2')).toBeNull();
  });
});

describe('quiz draft', () => {
  const draft = {
    attempt: 1,
    variant: 0,
    answers: { q1: 'a', q2: ['x', 'y'], q3: 4, q4: null },
    touched: { q2: true },
    index: 3,
  };
  it('round-trips, and clears', () => {
    saveDraft('one-database', draft);
    expect(loadDraft('one-database')).toEqual(draft);
    expect(loadDraft('failover')).toBeNull();
    clearDraft('one-database');
    expect(loadDraft('one-database')).toBeNull();
  });
  it('drops unreadable drafts and unreadable answers', () => {
    session.setItem('workbook:quiz-draft:one-database', '{"attempt":"1"}');
    expect(loadDraft('one-database')).toBeNull();
    session.setItem(
      'workbook:quiz-draft:one-database',
      JSON.stringify({ ...draft, answers: { q1: { evil: true }, q2: 'ok' }, touched: { q1: 'yes' } }),
    );
    expect(loadDraft('one-database')).toMatchObject({ answers: { q2: 'ok' }, touched: {} });
  });
});
