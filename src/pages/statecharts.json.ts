/**
 * The statechart asset: every registered machine's graph and ELK layout as
 * one static JSON file, written at build time, so the simulation view's
 * Machines panel draws machines without shipping elkjs or the machines.
 */
import type { APIRoute } from 'astro';
import { allCharts } from '../components/statechart/layouts.ts';
import type { ChartAsset } from '../components/statechart/asset.ts';

export const GET: APIRoute = async () => {
  const asset: Record<string, ChartAsset[string]> = {};
  for (const c of await allCharts())
    asset[c.id] = { title: c.title, summary: c.summary, chapter: c.chapter, graph: c.graph, layout: c.layout };
  return new Response(JSON.stringify(asset satisfies ChartAsset), {
    headers: { 'Content-Type': 'application/json' },
  });
};
