/**
 * Statechart layouts of the registered machines, computed once per machine
 * per build: several lessons (and the simulation view's asset) may draw the
 * same machine, and an ELK run is the expensive part.
 */
import { machines, type MachineEntry } from '../../engine/index.ts';
import { machineGraph, type StateGraph } from './graph.ts';
import { layoutGraph, type ChartLayout } from './layout.ts';

export interface Chart {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly chapter: number;
  readonly graph: StateGraph;
  readonly layout: ChartLayout;
}

const cache = new Map<string, Promise<Chart>>();

/** The registry entry for `id`, or undefined (own keys only: `toString` is not a machine). */
export function machineEntry(id: string): MachineEntry | undefined {
  return Object.prototype.hasOwnProperty.call(machines, id) ? machines[id] : undefined;
}

export function knownMachineIds(): string[] {
  return Object.keys(machines);
}

/** The chart of a registered machine; throws naming the known ids when there is none. */
export function chartOf(id: string): Promise<Chart> {
  let chart = cache.get(id);
  if (!chart) {
    const entry = machineEntry(id);
    if (!entry)
      throw new Error(`there is no machine "${id}" in the registry. Known machines: ${knownMachineIds().join(', ')}.`);
    const graph = machineGraph(entry.machine);
    chart = layoutGraph(graph).then((layout) => ({
      id,
      title: entry.title,
      summary: entry.summary,
      chapter: entry.chapter,
      graph,
      layout,
    }));
    cache.set(id, chart);
  }
  return chart;
}

/** Every registered machine's chart, in registry order. */
export function allCharts(): Promise<Chart[]> {
  return Promise.all(knownMachineIds().map(chartOf));
}
