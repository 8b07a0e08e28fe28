/**
 * Statecharts as a learner meets them: chapter 2's lesson shows the node
 * machine as static SVG with a text alternative and passes axe; its first
 * simulation's Machines panel loads the charts only when opened and follows
 * stepping and rewinding; a failover run opened in the dialog shows each
 * node's machine. Steps are found by running the same seeded scenario here,
 * so the test does not break when the engine's event order changes.
 */
import { describe, expect, it } from 'vitest';
import { axeProblems, baseUrl, fileBrowser, newPage } from './support/browser.ts';
import { hydrated } from './support/learner.ts';
import { runScenario } from '../../src/components/sim/engine/core.ts';
import type { StateEvent } from '../../src/engine/trace/events.ts';

/** The `state` events of a registry scenario's seed-1 run, as the view's worker computes them. */
function stateEvents(scenario: string): StateEvent[] {
  return runScenario({ scenario, seed: 1, faults: [] }).trace.events.filter((e): e is StateEvent => e.type === 'state');
}

const browser = fileBrowser();

describe('statecharts', () => {
  it('draws the node machine in the lesson with a text alternative, accessibly', async () => {
    const { context, page, errors } = await newPage(browser());
    await page.goto(baseUrl() + '/chapters/leaders-and-followers/');
    const fig = page.locator('figure[data-statechart="node"]');
    const svg = fig.locator('svg[role="img"]');
    expect(await svg.count()).toBe(1);
    const title = await page.locator(`#${await svg.getAttribute('aria-labelledby')}`).textContent();
    expect(title).toContain('A node’s role');
    for (const state of ['up', 'up.leader', 'up.follower', 'up.candidate', 'down'])
      expect(await svg.locator(`[data-state="${state}"]`).count(), state).toBe(1);
    const text = await fig.locator('.visually-hidden').textContent();
    expect(text).toContain('up.follower → up.leader on node.promote if notStale');
    expect(await fig.locator('figcaption').textContent()).toContain('Statechart: A node’s role.');
    expect(await axeProblems(page)).toEqual([]);
    // Nothing loads the chart asset until a panel opens.
    const requested = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    expect(requested.filter((u) => u.includes('statecharts.json'))).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the protocol machines of a run and follows stepping', async () => {
    const crash = stateEvents('ch02-stop-and-restart').find(
      (e) => e.owner === 'B' && e.machine === 'node' && e.event === 'node.crash',
    );
    if (!crash) throw new Error('ch02-stop-and-restart no longer crashes B');
    const { context, page, errors } = await newPage(browser());
    await page.goto(baseUrl() + '/chapters/leaders-and-followers/');
    const island = page.locator('figure.sim', { hasText: 'A follower stops and catches up' }).locator('.sim-island');
    await hydrated(island);
    await island.getByRole('button', { name: 'Step forward' }).click();
    const app = page.getByRole('region', { name: 'Simulation: A follower stops and catches up' });
    const open = app.getByRole('button', { name: 'Show the protocol machines' });
    await open.waitFor({ timeout: 30_000 });
    await open.click();
    expect(await app.getByRole('button', { name: 'Hide the protocol machines' }).getAttribute('aria-expanded')).toBe(
      'true',
    );
    const b = app.locator('.sim-machine[data-owner="B"][data-machine="node"]');
    await b.waitFor({ timeout: 15_000 });
    expect(await b.getAttribute('data-state')).toBe('up.follower');
    expect(await b.locator('.sc-state--current').getAttribute('data-state')).toBe('up.follower');

    await app.getByRole('slider', { name: 'Seek' }).fill(String(crash.step));
    await app.getByRole('button', { name: 'Step forward' }).click();
    await expect.poll(() => b.getAttribute('data-state')).toBe('down');
    expect(await b.locator('.sc-state--current').getAttribute('data-state')).toBe('down');
    expect(await b.locator('.sc-edge--taken').getAttribute('data-transition')).toBe('up:node.crash:0');
    expect(await app.locator('.sim-machines [aria-live="polite"]').textContent()).toContain(
      'B, node machine: down, just changed from up.follower on node.crash.',
    );

    // One more step: still down, but the arrow is no longer the step's.
    await app.getByRole('button', { name: 'Step forward' }).click();
    await expect.poll(() => b.locator('.sc-edge--taken').count()).toBe(0);
    await app.getByRole('button', { name: 'Step back' }).click();
    await app.getByRole('button', { name: 'Step back' }).click();
    await expect.poll(() => b.getAttribute('data-state')).toBe('up.follower');
    expect(await axeProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('opens a failover run in the dialog and shows each node’s machine', async () => {
    const { context, page, errors } = await newPage(browser());
    await page.goto(baseUrl() + '/chapters/leaders-and-followers/');
    const events = stateEvents('ch06-leader-crash');
    const promote = events.find(
      (e) => e.machine === 'node' && e.event === 'node.promote' && e.to === 'up.leader' && e.from === 'up.candidate',
    );
    const crashed = events.find(
      (e) => e.machine === 'node' && e.event === 'node.crash' && e.step < (promote?.step ?? 0),
    );
    if (!promote || !crashed) throw new Error('ch06-leader-crash no longer crashes a leader and promotes a candidate');
    // `step` opens the run with that event just applied.
    await page.evaluate(
      (step) =>
        window.dispatchEvent(
          new CustomEvent('workbook:open-run', { detail: { scenario: 'ch06-leader-crash', seed: 1, step } }),
        ),
      promote.step,
    );
    const app = page.locator('dialog .sim-app');
    const open = app.getByRole('button', { name: 'Show the protocol machines' });
    await open.waitFor({ timeout: 30_000 });
    await open.click();
    const a = app.locator(`.sim-machine[data-owner="${crashed.owner}"][data-machine="node"]`);
    const b = app.locator(`.sim-machine[data-owner="${promote.owner}"][data-machine="node"]`);
    await b.waitFor({ timeout: 15_000 });
    expect(await a.getAttribute('data-state')).toBe('down');
    expect(await b.getAttribute('data-state')).toBe('up.leader');
    expect(await b.locator('.sc-edge--taken').getAttribute('data-transition')).toBe('up.candidate:node.promote:0');

    await app.getByRole('radio', { name: promote.owner, exact: true }).check();
    await expect.poll(() => a.count()).toBe(0);
    await app.getByRole('button', { name: 'Step back' }).click();
    await expect.poll(() => b.getAttribute('data-state')).toBe('up.candidate');
    expect(await b.locator('.sc-edge--taken').count()).toBe(0);
    await app.getByRole('radio', { name: 'everyone' }).check();
    await expect.poll(() => a.count()).toBe(1);
    expect(await axeProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('counts a run’s requests by state and draws the few in flight (chapter 1)', async () => {
    const { context, page, errors } = await newPage(browser());
    await page.goto(baseUrl() + '/chapters/one-database/');
    expect(await page.locator('figure[data-statechart="request"] svg[role="img"]').count()).toBe(1);
    const island = page.locator('figure.sim', { hasText: 'On-sale day at one node' }).locator('.sim-island');
    await hydrated(island);
    await island.getByRole('button', { name: 'Step forward' }).click();
    const app = page.getByRole('region', { name: 'Simulation: On-sale day at one node' });
    const open = app.getByRole('button', { name: 'Show the protocol machines' });
    await open.waitFor({ timeout: 30_000 });
    await open.click();
    const seek = app.getByRole('slider', { name: 'Seek' });
    const end = Number(await seek.getAttribute('max'));
    await seek.fill(String(Math.round(end * 0.6)));
    const counts = app.locator('.sim-machines-counts');
    await counts.waitFor({ timeout: 15_000 });
    // Under overload some clients have given up on requests the node still holds or serves.
    await expect.poll(() => counts.innerText()).toMatch(/gaveUp \/ (queued|inService|answered): \d+/);
    const drawn = await app.locator('.sim-machine[data-machine="request"]').count();
    expect(drawn).toBeGreaterThanOrEqual(1);
    expect(drawn).toBeLessThanOrEqual(3);
    expect(await axeProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
