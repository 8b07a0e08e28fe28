/**
 * The prebuilt statechart asset (`/statecharts.json`, made at build time by
 * src/pages/statecharts.json.ts): every registered machine's graph and
 * layout, so the simulation view can draw machines without elkjs or the
 * machine definitions. Fetched once per page, only when a panel asks.
 */
import type { StateGraph } from './graph.ts';
import type { ChartLayout } from './layout.ts';

export const STATECHARTS_PATH = 'statecharts.json';

export interface ChartAssetEntry {
  readonly title: string;
  readonly summary: string;
  readonly chapter: number;
  readonly graph: StateGraph;
  readonly layout: ChartLayout;
}

export type ChartAsset = Readonly<Record<string, ChartAssetEntry>>;

let loading: Promise<ChartAsset> | null = null;

/** Loads the asset once (a failed load may be retried). `base` is the site's base URL. */
export function loadCharts(base: string, fetcher: typeof fetch = fetch): Promise<ChartAsset> {
  if (!loading) {
    const url = `${base.replace(/\/?$/, '/')}${STATECHARTS_PATH}`;
    loading = fetcher(url)
      .then((r) => {
        if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
        return r.json() as Promise<ChartAsset>;
      })
      .catch((err: unknown) => {
        loading = null;
        throw err;
      });
  }
  return loading;
}
