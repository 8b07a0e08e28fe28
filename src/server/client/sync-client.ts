/**
 * The browser's sync client, loaded only by the cohort marker a cohort server
 * adds to the pages it serves (src/server/static.ts); a static workbook never
 * loads it and so never makes a network request.
 *
 * Offline first: localStorage stays the working copy and the page's progress
 * store (src/progress/store.ts) keeps writing it as before. This client
 * watches that document; when it differs from what the server last
 * acknowledged it pushes the whole document under an update id (kept until
 * acknowledged, so a retry counts once), and merges the server's answer back
 * with the same best-of-both merge (src/progress/merge.ts). While offline
 * nothing is lost: the difference simply stays and is pushed on reconnect.
 * Local progress is only ever replaced by a merge that contains it, except
 * after an instructor's reset, when the old copy is kept aside under
 * BEFORE_RESET_KEY (never deleted).
 */
import { mergeProgress } from '../../progress/merge.ts';
import { parseProgress, serializeProgress } from '../../progress/parse.ts';
import { PROGRESS_KEY, type ProgressData } from '../../progress/schema.ts';
import { basePath, callApi, readSession, writeSession, type KeyValue, type Session } from './session.ts';

export const SYNC_STATE_KEY = 'workbook:cohort:sync';
export const BEFORE_RESET_KEY = 'workbook:cohort:before-reset';

export interface SyncState {
  /** Update id of a push not yet acknowledged (reused by the retry). */
  pendingId: string | null;
  /** Canonical hash of the document the server last acknowledged. */
  syncedHash: string | null;
  revision: number;
  lastSyncAt: number | null;
  lastError: string | null;
}

export type SyncStatus = 'idle' | 'synced' | 'offline' | 'refused' | 'signed-out' | 'reset';

export interface SyncClientOptions {
  readonly storage: KeyValue;
  readonly fetch: typeof fetch;
  readonly base: string;
  readonly now?: () => number;
  readonly newId?: () => string;
  /** Called after the client wrote merged progress (the page re-reads storage). */
  readonly onLocalChange?: () => void;
  readonly onStatus?: (status: SyncStatus, detail: string) => void;
}

/** Stable JSON (sorted keys), so equal documents hash equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** FNV-1a over the canonical text: enough to tell "changed since last sync". */
export function docHash(doc: ProgressData): string {
  const s = canonical(doc);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return `${(h1 >>> 0).toString(16)}${(h2 >>> 0).toString(16)}:${s.length}`;
}

const newUpdateId = (): string => globalThis.crypto.randomUUID();

export function readSyncState(storage: KeyValue): SyncState {
  const empty: SyncState = { pendingId: null, syncedHash: null, revision: 0, lastSyncAt: null, lastError: null };
  try {
    const raw = storage.getItem(SYNC_STATE_KEY);
    return raw ? { ...empty, ...(JSON.parse(raw) as Partial<SyncState>) } : empty;
  } catch {
    return empty;
  }
}

export function createSyncClient(o: SyncClientOptions) {
  const now = o.now ?? Date.now;
  const newId = o.newId ?? newUpdateId;
  let busy = false;
  let lastPull = 0;

  const saveState = (s: SyncState) => {
    try {
      o.storage.setItem(SYNC_STATE_KEY, JSON.stringify(s));
    } catch {
      /* storage full: the state is rebuilt by the next sync (a push that merges is harmless) */
    }
  };
  const readLocal = (): { raw: string | null; doc: ProgressData } => {
    const raw = o.storage.getItem(PROGRESS_KEY);
    return { raw, doc: parseProgress(raw, { newSeed: () => 0 }).data };
  };

  /** Merges the server's document into the current local one and writes it when that adds anything. */
  const adopt = (server: ProgressData): ProgressData => {
    const { raw, doc } = readLocal();
    const merged = mergeProgress(doc, server);
    if (raw === null || docHash(merged) !== docHash(doc)) {
      o.storage.setItem(PROGRESS_KEY, serializeProgress(merged));
      o.onLocalChange?.();
    }
    return merged;
  };

  /** One round: push if local changed, else pull now and then. Returns the status. */
  async function tick(force = false): Promise<SyncStatus> {
    const session = readSession(o.storage);
    if (!session) return 'idle';
    if (session.stopped) return 'signed-out';
    if (busy) return 'idle';
    busy = true;
    try {
      const state = readSyncState(o.storage);
      const local = readLocal().doc;
      const dirty = docHash(local) !== state.syncedHash;
      if (!dirty && !force && now() - lastPull < 10_000) return 'synced';
      let answer;
      let pendingId = state.pendingId;
      if (dirty) {
        pendingId ??= newId();
        saveState({ ...state, pendingId });
        answer = await callApi(o.fetch, o.base, 'sync', {
          token: session.token,
          body: { updateId: pendingId, epoch: session.epoch, progress: local },
        });
      } else {
        answer = await callApi(o.fetch, o.base, 'progress', { token: session.token });
        lastPull = now();
      }
      return handle(answer, session, { ...state, pendingId });
    } finally {
      busy = false;
    }
  }

  function handle(
    answer: { status: number; body: Record<string, unknown> },
    session: Session,
    state: SyncState,
  ): SyncStatus {
    const server =
      answer.body.progress !== undefined
        ? parseProgress(JSON.stringify(answer.body.progress), { newSeed: () => 0 })
        : undefined;
    if (answer.status === 200 && server && server.problems.length === 0) {
      // pendingId stays only until this acknowledgement: the next change gets a new id.
      const merged = adopt(server.data);
      const serverHash = docHash(server.data);
      saveState({
        pendingId: null,
        syncedHash: serverHash,
        revision: Number(answer.body.revision) || 0,
        lastSyncAt: now(),
        lastError: null,
      });
      const pending = docHash(merged) !== serverHash;
      o.onStatus?.('synced', pending ? 'more changes to send' : 'all progress saved on the server');
      return 'synced';
    }
    if (answer.status === 409 && answer.body.reset === true && server) {
      const { raw, doc } = readLocal();
      if (raw !== null) o.storage.setItem(BEFORE_RESET_KEY, JSON.stringify({ at: now(), raw }));
      const fresh: ProgressData = { ...server.data, learnerSeed: doc.learnerSeed };
      o.storage.setItem(PROGRESS_KEY, serializeProgress(fresh));
      writeSession(o.storage, { ...session, epoch: Number(answer.body.epoch) || 0 });
      saveState({ pendingId: null, syncedHash: null, revision: 0, lastSyncAt: now(), lastError: null });
      o.onLocalChange?.();
      o.onStatus?.('reset', 'your instructor reset your progress; the previous copy is kept on this device');
      return 'reset';
    }
    if (answer.status === 401) {
      writeSession(o.storage, { ...session, stopped: 'the server no longer accepts this sign-in' });
      o.onStatus?.('signed-out', 'signed out of the cohort; progress stays in this browser');
      return 'signed-out';
    }
    const error = typeof answer.body.error === 'string' ? answer.body.error : `status ${answer.status}`;
    saveState({ ...state, lastError: error });
    if (answer.status === 0 || answer.status >= 500) {
      o.onStatus?.('offline', 'offline: progress is saved in this browser and will sync on reconnect');
      return 'offline';
    }
    o.onStatus?.('refused', `the server refused the sync (${error}); progress is kept in this browser`);
    return 'refused';
  }

  /**
   * Best effort when the page goes away: sends a pending change with `keepalive` (browsers allow
   * ~64 KB) without waiting for the answer. The update id is stored first, so the next visit's
   * push of the same change counts once; if this one is lost, nothing is: the change is still local.
   */
  function flush(): void {
    const session = readSession(o.storage);
    if (!session || session.stopped || busy) return;
    const state = readSyncState(o.storage);
    const local = readLocal().doc;
    if (docHash(local) === state.syncedHash) return;
    const pendingId = state.pendingId ?? newId();
    saveState({ ...state, pendingId });
    const body = JSON.stringify({ updateId: pendingId, epoch: session.epoch, progress: local });
    if (body.length > 60_000) return;
    void o
      .fetch(`${o.base}api/sync`, {
        method: 'POST',
        keepalive: true,
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.token}` },
        body,
      })
      .catch(() => {});
  }

  return { tick, flush };
}

/** Wires the client into a page served by a cohort server. */
function start(): void {
  // The dashboard's "Replay failing run" link: its module is fetched only for that hash.
  if (location.hash.startsWith('#cohort-replay=')) void import('./replay-client.ts');
  const storage = window.localStorage;
  if (!readSession(storage)) return;
  const badge = document.createElement('a');
  badge.id = 'cohort-status';
  badge.href = `${basePath()}cohort/`;
  badge.setAttribute('role', 'status');
  badge.style.cssText =
    'position:fixed;right:.75rem;bottom:.75rem;z-index:50;padding:.3rem .6rem;border-radius:.4rem;font:13px system-ui,sans-serif;background:#1f2937;color:#fff;text-decoration:none;opacity:.9';
  badge.textContent = 'Cohort: connecting…';
  document.body.append(badge);
  let delay = 2_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const client = createSyncClient({
    storage,
    fetch: window.fetch.bind(window),
    base: basePath(),
    onLocalChange: () =>
      // The page's progress store listens for storage events; fire one so its islands re-read.
      window.dispatchEvent(new StorageEvent('storage', { key: PROGRESS_KEY, storageArea: storage })),
    onStatus: (status, detail) => {
      const session = readSession(storage);
      badge.dataset.status = status;
      badge.textContent = `${session?.cohortName ?? 'Cohort'}: ${status === 'synced' ? 'synced' : detail}`;
      badge.title = detail;
    },
  });
  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  const run = async () => {
    const status = await client.tick();
    // Back off while the server is away (up to a minute); otherwise look again soon.
    delay = status === 'offline' || status === 'refused' ? Math.min(delay * 2, 60_000) : 2_000;
    if (status !== 'signed-out') schedule(delay);
  };
  window.addEventListener('online', () => schedule(0));
  window.addEventListener('pagehide', () => client.flush());
  window.addEventListener('storage', (e) => {
    if (e.key === PROGRESS_KEY && e.isTrusted) schedule(300);
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void client.tick(true);
  });
  schedule(0);
}

if (
  typeof window !== 'undefined' &&
  typeof document !== 'undefined' &&
  document.querySelector('meta[name="workbook-cohort"]')
)
  start();
