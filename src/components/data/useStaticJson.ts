/**
 * Fetches one of the site's build-time JSON files (src/site/lazy-data.ts) for
 * an island, with the state the island shows while it waits: loading, ready,
 * or failed with a retry. Same-origin files only: the site works self-hosted
 * and offline from the browser's cache, with no third party to reach.
 */
import { useEffect, useState } from 'preact/hooks';

export type StaticJson<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly value: T }
  | { readonly state: 'failed'; readonly message: string; readonly retry: () => void };

// The names are content-hashed, so a file fetched once is good for the page's lifetime:
// an island that mounts again (the reference hidden and shown) gets it at once.
const settled = new Map<string, unknown>();
const pending = new Map<string, Promise<unknown>>();

function fetchJson(url: string): Promise<unknown> {
  let request = pending.get(url);
  if (!request) {
    request = fetch(url).then(async (response) => {
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
      const value: unknown = await response.json();
      settled.set(url, value);
      return value;
    });
    pending.set(url, request);
    // a failure is not remembered, so "Try again" really asks again
    request.catch(() => pending.delete(url));
  }
  return request;
}

/** `accept` guards against a file that is not what the island expects (a half-deployed site). */
export function useStaticJson<T>(url: string, accept: (value: unknown) => value is T): StaticJson<T> {
  const cached = settled.get(url);
  const [state, setState] = useState<StaticJson<T>>(
    accept(cached) ? { state: 'ready', value: cached } : { state: 'loading' },
  );
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (state.state === 'ready') return;
    let live = true;
    const retry = () => setAttempt((n) => n + 1);
    setState({ state: 'loading' });
    fetchJson(url)
      .then((value) => {
        if (!accept(value)) throw new Error('the file is not in the expected format');
        if (live) setState({ state: 'ready', value });
      })
      .catch((e: unknown) => {
        const why = e instanceof Error ? e.message : String(e);
        if (live) setState({ state: 'failed', message: why, retry });
      });
    return () => {
      live = false;
    };
  }, [url, attempt]);
  return state;
}
