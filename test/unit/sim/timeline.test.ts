/**
 * The exported Timeline renders to static SVG (server-side too): lanes per
 * node, and one focusable, described marker per violation.
 * (preact-render-to-string comes with @astrojs/preact.)
 */
import { describe, expect, it } from 'vitest';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { Timeline } from '../../../src/components/sim/Timeline.tsx';
import { small } from './fixtures.ts';

describe('Timeline', () => {
  it('draws lanes, arrows and a playhead, and names itself', () => {
    const html = renderToString(h(Timeline, { trace: small(), cursor: 10 }));
    expect(html).toContain('<svg');
    expect(html).toContain('role="group"');
    expect(html).toMatch(/aria-label="Timeline of fixture: 20 events over 50 ms on 3 nodes, seed 1"/);
    for (const n of ['A', 'B', 'C']) expect(html).toContain(`>${n}</text>`);
    expect((html.match(/<line/g) ?? []).length).toBeGreaterThan(5);
  });

  it('makes every violation a focusable marker with its explanation', () => {
    const html = renderToString(
      h(Timeline, {
        trace: small(),
        violations: [
          {
            property: 'stale-read',
            valid: false,
            violations: [{ property: 'stale-read', step: 17, seed: 1, message: 'C returned null.' }],
          },
        ],
      }),
    );
    expect(html).toContain('tabindex="0"');
    expect(html).toContain('aria-label="Violation of stale-read at step 17, t=37 ms on C: C returned null. Seed 1."');
    expect(html).toContain('<title>Violation of stale-read');
    expect(html).toContain('1 violation');
  });

  it('escapes trace text instead of injecting it', () => {
    const t = small();
    const evil = { ...t, label: '<img src=x onerror=alert(1)>' };
    const html = renderToString(h(Timeline, { trace: evil }));
    expect(html).not.toContain('<img');
  });
});
