/**
 * This device's cohort sign-in, kept in localStorage next to the progress:
 * the bearer token, who it belongs to, and the reset epoch it last synced.
 * Only the join and sign-in pages of a cohort server write it; a static
 * workbook never has one. Also the one fetch helper of the browser code.
 */
export const SESSION_KEY = 'workbook:cohort';

export interface Session {
  readonly token: string;
  readonly role: 'instructor' | 'learner';
  readonly personId: string;
  readonly displayName: string;
  readonly cohortName: string;
  readonly epoch: number;
  /** The personal sign-in code, when this device was the one that joined (to add another device). */
  readonly signinCode?: string;
  /** Set when the server no longer accepts the token (removed, signed out elsewhere). */
  readonly stopped?: string;
}

export interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function readSession(storage: KeyValue): Session | null {
  try {
    const raw = storage.getItem(SESSION_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<Session>;
    if (
      typeof s.token !== 'string' ||
      (s.role !== 'instructor' && s.role !== 'learner') ||
      typeof s.personId !== 'string'
    )
      return null;
    return { displayName: '', cohortName: '', epoch: 0, ...s } as Session;
  } catch {
    return null;
  }
}

export function writeSession(storage: KeyValue, s: Session): void {
  storage.setItem(SESSION_KEY, JSON.stringify(s));
}

/** The base path the server serves under, from its marker (workbook pages) or the page's data-base. */
export function basePath(): string {
  const meta = document.querySelector('meta[name="workbook-cohort"]')?.getAttribute('content');
  const data = document.getElementById('app')?.dataset.base;
  return meta ?? data ?? '/';
}

export interface ApiAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** Calls the cohort API; network failures come back as status 0. */
export async function callApi(
  fetchFn: typeof fetch,
  base: string,
  path: string,
  init: { method?: string; token?: string; body?: unknown } = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = {};
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    const r = await fetchFn(`${base}api/${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      cache: 'no-store',
    });
    let body: Record<string, unknown> = {};
    try {
      body = (await r.json()) as Record<string, unknown>;
    } catch {
      body = {};
    }
    return { status: r.status, body };
  } catch {
    return { status: 0, body: { error: 'the server cannot be reached' } };
  }
}
