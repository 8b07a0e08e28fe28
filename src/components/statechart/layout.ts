/**
 * Lays out a statechart with ELK's layered algorithm (elkjs), at build time
 * only: compound states become ELK nodes holding their children, so nesting is
 * laid out in one pass with edges crossing levels. The result is plain JSON in
 * absolute coordinates, which the lesson component draws as static SVG and the
 * simulation view reads from a prebuilt asset; elkjs never reaches a browser.
 *
 * Text is measured by a fixed per-character width (no DOM at build time); the
 * drawing uses the same font sizes, so boxes fit their names.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk.bundled.js';
import { ANY_STATE, type ChartTransition, type StateGraph, type StateKind } from './graph.ts';
import { LABEL_FONT, LABEL_LINE, STATE_FONT } from './metrics.ts';
import { widenLoop } from './loops.ts';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface LaidState {
  readonly id: string;
  readonly label: string;
  readonly kind: StateKind;
  /** The "any state" box that the machine's own transitions leave from; not a state of the machine. */
  readonly pseudo?: boolean;
  /** Has children (drawn as a container with its name at the top). */
  readonly container: boolean;
  readonly depth: number;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface LaidEdge {
  /** The transition's id (graph.ts), or `init:<state>` for an initial-state marker's arrow. */
  readonly id: string;
  /** The transitions this arrow stands for (those between the same two states); none for an initial marker. */
  readonly transitions: readonly string[];
  readonly points: readonly Point[];
  /** `points` are a cubic Bézier (a self-loop), not a polyline. */
  readonly curve?: boolean;
  /** Event line, then the guard as `[guard]`; absent on initial-state arrows. */
  readonly label?: { readonly x: number; readonly y: number; readonly w: number; readonly lines: readonly string[] };
}

export interface InitialMarker {
  /** The state entered first. */
  readonly target: string;
  readonly x: number;
  readonly y: number;
}

export interface ChartLayout {
  readonly machine: string;
  readonly width: number;
  readonly height: number;
  /** Containers before their children, so drawing in order paints parents underneath. */
  readonly states: readonly LaidState[];
  readonly edges: readonly LaidEdge[];
  readonly initials: readonly InitialMarker[];
}

const CHAR = 0.6; // average advance of a system sans-serif glyph, in ems, rounded up
const STATE_H = 32;
const CONTAINER_TOP = 26;
const INIT = 10;

const textWidth = (s: string, size: number) => Math.ceil(s.length * size * CHAR);
const round = (n: number) => Math.round(n * 10) / 10;

export function edgeLines(t: { label: string; guard: string | null }): string[] {
  return t.guard ? [t.label, `[${t.guard}]`] : [t.label];
}

/** One line per transition when several share an arrow. */
function inlineLabel(t: ChartTransition): string {
  return t.guard ? `${t.label} [${t.guard}]` : t.label;
}

/** Transitions grouped by the arrow they are drawn as (same source and target), in definition order. */
export function arrowGroups(transitions: readonly ChartTransition[]): ChartTransition[][] {
  const groups = new Map<string, ChartTransition[]>();
  for (const t of transitions) {
    const key = JSON.stringify([t.source, t.target ?? t.source]);
    const g = groups.get(key);
    if (g) g.push(t);
    else groups.set(key, [t]);
  }
  return [...groups.values()];
}

/** Lays out one machine's graph (`options`: ELK options over the defaults). Deterministic: same graph, same layout. */
export async function layoutGraph(
  graph: StateGraph,
  options: Readonly<Record<string, string>> = {},
): Promise<ChartLayout> {
  const nodes = new Map<string, ElkNode>();
  const root: ElkNode = {
    id: '#root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.json.edgeCoords': 'ROOT',
      'elk.json.shapeCoords': 'ROOT',
      // Tight spacing and network-simplex placement: measured, they make the largest machines
      // (follower-stream, failover) a third narrower than the defaults, with the same crossings.
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      'elk.layered.spacing.nodeNodeBetweenLayers': '24',
      'elk.spacing.nodeNode': '14',
      'elk.spacing.edgeEdge': '6',
      'elk.layered.spacing.edgeEdgeBetweenLayers': '6',
      'elk.spacing.edgeLabel': '4',
      'elk.spacing.edgeNode': '14',
      'elk.layered.spacing.edgeNodeBetweenLayers': '14',
      'elk.edgeRouting': 'POLYLINE',
      'elk.padding': '[top=8,left=8,bottom=8,right=8]',
      ...options,
    },
    children: [],
    edges: [],
  };
  const hasChildren = new Set(graph.states.filter((s) => s.parent !== null).map((s) => s.parent as string));
  for (const s of graph.states) {
    const container = hasChildren.has(s.id);
    const n: ElkNode = container
      ? {
          id: s.id,
          layoutOptions: { 'elk.padding': `[top=${CONTAINER_TOP + 8},left=12,bottom=12,right=12]` },
          children: [],
        }
      : { id: s.id, width: Math.max(64, textWidth(s.key, STATE_FONT) + 24), height: STATE_H };
    nodes.set(s.id, n);
    const parent = s.parent === null ? root : nodes.get(s.parent);
    parent?.children?.push(n);
  }
  // Transitions of the machine itself start from one "any state" box, not from every state.
  const anyLabel = 'any state';
  if (graph.transitions.some((t) => t.source === ''))
    root.children?.push({ id: ANY_STATE, width: textWidth(anyLabel, STATE_FONT) + 24, height: STATE_H });
  const edges = root.edges as ElkExtendedEdge[];
  // Initial markers are small nodes with an arrow, so ELK keeps them clear of other edges.
  const initialOf: [ElkNode, string][] = [[root, graph.initial ?? '']];
  for (const s of graph.states) if (s.initial) initialOf.push([nodes.get(s.id) as ElkNode, s.initial]);
  for (const [parent, target] of initialOf) {
    if (!target || !nodes.has(target)) continue;
    parent.children?.push({ id: `init:${target}`, width: INIT, height: INIT });
    edges.push({ id: `init:${target}`, sources: [`init:${target}`], targets: [target] });
  }
  // One arrow per pair of states: parallel arrows for each event would bury the chart in lines.
  const groups = arrowGroups(graph.transitions);
  const members = new Map<string, string[]>();
  for (const group of groups) {
    const first = group[0] as ChartTransition;
    const lines = group.length === 1 ? edgeLines(first) : group.map(inlineLabel);
    const w = Math.max(...lines.map((l) => textWidth(l, LABEL_FONT))) + 4;
    members.set(
      first.id,
      group.map((t) => t.id),
    );
    edges.push({
      id: first.id,
      sources: [first.source || ANY_STATE],
      targets: [first.target ?? (first.source || ANY_STATE)],
      labels: [{ id: `${first.id}:label`, text: lines.join('\n'), width: w, height: lines.length * LABEL_LINE + 2 }],
    });
  }

  const out = await new ELK().layout(root);
  const states: LaidState[] = [];
  const initials: InitialMarker[] = [];
  const walk = (n: ElkNode, depth: number) => {
    for (const c of n.children ?? []) {
      if (c.id.startsWith('init:')) {
        initials.push({ target: c.id.slice(5), x: round((c.x ?? 0) + INIT / 2), y: round((c.y ?? 0) + INIT / 2) });
        continue;
      }
      if (c.id === ANY_STATE) {
        const box = { x: round(c.x ?? 0), y: round(c.y ?? 0), w: round(c.width ?? 0), h: round(c.height ?? 0) };
        states.push({ id: ANY_STATE, label: anyLabel, kind: 'atomic', container: false, depth, pseudo: true, ...box });
        continue;
      }
      const s = graph.states.find((x) => x.id === c.id);
      if (!s) continue;
      states.push({
        id: s.id,
        label: s.key,
        kind: s.kind,
        container: hasChildren.has(s.id),
        depth,
        x: round(c.x ?? 0),
        y: round(c.y ?? 0),
        w: round(c.width ?? 0),
        h: round(c.height ?? 0),
      });
      walk(c, depth + 1);
    }
  };
  walk(out, 0);
  const selfLoops = new Set(
    graph.transitions.filter((t) => t.target === null || t.target === t.source).map((t) => t.id),
  );
  const laidEdges: LaidEdge[] = (out.edges ?? []).map((e) => {
    const points: Point[] = [];
    for (const sec of e.sections ?? []) {
      points.push(sec.startPoint, ...(sec.bendPoints ?? []), sec.endPoint);
    }
    const loop = selfLoops.has(e.id) ? widenLoop(points) : undefined;
    const l = e.labels?.[0];
    const dx = loop?.shift.x ?? 0;
    const dy = loop?.shift.y ?? 0;
    return {
      id: e.id,
      transitions: members.get(e.id) ?? [],
      points: (loop?.points ?? points).map((p) => ({ x: round(p.x), y: round(p.y) })),
      ...(loop ? { curve: true } : {}),
      ...(l && l.text
        ? {
            label: {
              x: round((l.x ?? 0) + dx),
              y: round((l.y ?? 0) + dy),
              w: round(l.width ?? 0),
              lines: l.text.split('\n'),
            },
          }
        : {}),
    };
  });
  return fit({ machine: graph.machine, width: 0, height: 0, states, edges: laidEdges, initials });
}

const MARGIN = 6;

/** Moves everything so the drawing starts at MARGIN and sizes it to what it holds (widened loops may stick out). */
function fit(layout: ChartLayout): ChartLayout {
  const xs: number[] = [];
  const ys: number[] = [];
  const box = (x: number, y: number, w: number, h: number) => {
    xs.push(x, x + w);
    ys.push(y, y + h);
  };
  for (const s of layout.states) box(s.x, s.y, s.w, s.h);
  for (const e of layout.edges) {
    for (const p of e.points) box(p.x, p.y, 0, 0);
    if (e.label) box(e.label.x, e.label.y, e.label.w, e.label.lines.length * LABEL_LINE + 2);
  }
  for (const m of layout.initials) box(m.x - 5, m.y - 5, 10, 10);
  if (xs.length === 0) return layout;
  const ox = MARGIN - Math.min(...xs);
  const oy = MARGIN - Math.min(...ys);
  const mv = (p: Point): Point => ({ x: round(p.x + ox), y: round(p.y + oy) });
  return {
    ...layout,
    width: Math.ceil(Math.max(...xs) + ox + MARGIN),
    height: Math.ceil(Math.max(...ys) + oy + MARGIN),
    states: layout.states.map((s) => ({ ...s, ...mv(s) })),
    edges: layout.edges.map((e) => ({
      ...e,
      points: e.points.map(mv),
      ...(e.label ? { label: { ...e.label, ...mv(e.label) } } : {}),
    })),
    initials: layout.initials.map((m) => ({ ...m, ...mv(m) })),
  };
}
