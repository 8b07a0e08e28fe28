/**
 * Statechart layout and drawing: ELK places every state inside its parent and
 * routes every transition; the SVG has one labelled element per state and one
 * per transition, an accessible name, and the highlight classes the simulation
 * view relies on.
 */
import { describe, expect, it } from 'vitest';
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { machines } from '../../../src/engine/index.ts';
import { machineGraph } from '../../../src/components/statechart/graph.ts';
import { layoutGraph } from '../../../src/components/statechart/layout.ts';
import { chartOf } from '../../../src/components/statechart/layouts.ts';
import { StatechartSvg } from '../../../src/components/statechart/StatechartSvg.tsx';
import { lampMachine } from './test-machine.ts';

describe('layoutGraph', () => {
  it('puts every state inside its parent and routes every transition', async () => {
    const graph = machineGraph(lampMachine);
    const layout = await layoutGraph(graph);
    // Plus the "any state" box the machine's own transition (lamp.unplug) leaves from.
    expect(layout.states.map((s) => s.id).sort()).toEqual([...graph.states.map((s) => s.id), '*'].sort());
    expect(layout.states.find((s) => s.id === '*')?.pseudo).toBe(true);
    const box = new Map(layout.states.map((s) => [s.id, s]));
    for (const s of graph.states) {
      const me = box.get(s.id)!;
      expect(me.w).toBeGreaterThan(0);
      if (s.parent === null) continue;
      const p = box.get(s.parent)!;
      expect(me.x).toBeGreaterThanOrEqual(p.x);
      expect(me.y).toBeGreaterThanOrEqual(p.y);
      expect(me.x + me.w).toBeLessThanOrEqual(p.x + p.w);
      expect(me.y + me.h).toBeLessThanOrEqual(p.y + p.h);
    }
    for (const t of graph.transitions) {
      const edge = layout.edges.find((e) => e.transitions.includes(t.id));
      expect(edge?.points.length, t.id).toBeGreaterThanOrEqual(2);
      expect(edge?.label?.lines.join(' '), t.id).toContain(t.label);
    }
    // One initial marker for the machine and one per compound state.
    expect(layout.initials.map((m) => m.target).sort()).toEqual(['off', 'on.lit.dim', 'on.warming']);
    expect(await layoutGraph(graph)).toEqual(layout);
  });

  it('caches one layout per machine', async () => {
    expect(chartOf('node')).toBe(chartOf('node'));
    expect(() => chartOf('no-such-machine')).toThrow(/no machine "no-such-machine".*Known machines: request, node,/);
  });
});

describe('StatechartSvg', () => {
  it("draws a labelled element per state and transition of 'node'", async () => {
    const chart = await chartOf('node');
    const html = render(h(StatechartSvg, { layout: chart.layout, idPrefix: 't', title: 'Statechart: node' }));
    expect(html).toContain('role="img"');
    expect(html).toContain('aria-labelledby="t-title"');
    expect(html).toContain('<title id="t-title">Statechart: node</title>');
    for (const s of chart.graph.states) {
      expect(html).toContain(`data-state="${s.id}"><title>${s.id}</title>`);
      expect(html).toContain(`>${s.key}</text>`);
    }
    // 'node' has no two transitions between the same pair of states, so every transition has its own arrow.
    for (const t of chart.graph.transitions) expect(html).toContain(`data-transition="${t.id}"`);
    expect(html).toContain('[notStale]');
    expect(machines['node']).toBeDefined();
  });

  it('highlights the current state, its parents and the transition taken', async () => {
    const chart = await chartOf('node');
    const html = render(
      h(StatechartSvg, {
        layout: chart.layout,
        idPrefix: 't',
        title: 'node',
        active: new Set(['up', 'up.leader']),
        current: new Set(['up.leader']),
        taken: new Set(['up.follower:node.promote:1']),
      }),
    );
    expect(html).toMatch(/class="sc-state sc-state--active sc-state--current" data-state="up.leader"/);
    expect(html).toMatch(/class="sc-state sc-state--container sc-state--active" data-state="up"/);
    expect(html).toMatch(/class="sc-edge sc-edge--taken" data-transition="up.follower:node.promote:1"/);
  });
});

describe('arrows', () => {
  it('share one arrow between two states, one label line per transition', async () => {
    const chart = await chartOf('node');
    expect(chart.layout.edges.filter((e) => !e.id.startsWith('init:'))).toHaveLength(chart.graph.transitions.length);
    const graph = {
      machine: 'm',
      initial: 'a',
      states: [
        { id: 'a', key: 'a', parent: null, kind: 'atomic' as const, initial: null },
        { id: 'b', key: 'b', parent: null, kind: 'atomic' as const, initial: null },
      ],
      transitions: [
        { id: 'a:x:0', source: 'a', target: 'b', event: 'x', label: 'x', guard: null, always: false },
        { id: 'a:y:1', source: 'a', target: 'b', event: 'y', label: 'y', guard: 'ok', always: false },
      ],
    };
    const layout = await layoutGraph(graph);
    const arrows = layout.edges.filter((e) => !e.id.startsWith('init:'));
    expect(arrows.map((e) => [e.transitions, e.label?.lines])).toEqual([
      [
        ['a:x:0', 'a:y:1'],
        ['x', 'y [ok]'],
      ],
    ]);
    const html = render(h(StatechartSvg, { layout, idPrefix: 'm', title: 'm', taken: new Set(['a:y:1']) }));
    expect(html).toContain('class="sc-edge sc-edge--taken" data-transition="a:x:0 a:y:1"');
  });
});

describe('self-loops', () => {
  it('are drawn as curves that stay inside the drawing', async () => {
    const chart = await chartOf('node');
    const loops = chart.layout.edges.filter((e) => e.curve);
    expect(loops.map((e) => e.id).sort()).toEqual(['up.follower:node.follow:2', 'up.leader:node.promote:1']);
    for (const e of chart.layout.edges)
      for (const p of e.points) {
        expect(p.x).toBeGreaterThanOrEqual(0);
        expect(p.x).toBeLessThanOrEqual(chart.layout.width);
        expect(p.y).toBeGreaterThanOrEqual(0);
        expect(p.y).toBeLessThanOrEqual(chart.layout.height);
      }
  });
});
