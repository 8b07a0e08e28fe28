/**
 * The grading pool as a queue: owners take turns (one learner's pile of
 * submissions does not delay another's), a full queue refuses with a clear
 * error, close() ends stragglers, and an instructor replay comes back through
 * the same sandbox with the trace in-process replayCode would build.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FairQueue } from '../../src/server/grading/fair-queue.ts';
import { REPO_ROOT } from '../../src/server/grading/command.ts';
import { createGradingPool } from '../../src/server/grading/pool.ts';
import type { GradingPool } from '../../src/server/grading/types.ts';

const GRADER = 'ch05.routeRead';
const dir = join(REPO_ROOT, 'content/chapters/05-lag-and-its-anomalies/exercises/route-read');
const reference = readFileSync(join(dir, 'reference.ts'), 'utf8');
const wrong = readFileSync(join(dir, 'wrong-lag-threshold.ts'), 'utf8');
const pools: GradingPool[] = [];
const pool = (o: Parameters<typeof createGradingPool>[0]) => {
  const p = createGradingPool(o);
  pools.push(p);
  return p;
};
afterAll(() => Promise.all(pools.map((p) => p.close(500))));

describe('FairQueue', () => {
  it('takes owners in turn, FIFO within each, and owner-less jobs in arrival order', () => {
    const q = new FairQueue<string>();
    for (const j of ['a1', 'a2', 'a3', 'a4']) q.push('a', j);
    q.push('b', 'b1');
    q.push(undefined, 'x1');
    q.push('b', 'b2');
    q.push(undefined, 'x2');
    expect(q.size).toBe(8);
    expect(q.drain()).toEqual(['a1', 'b1', 'x1', 'x2', 'a2', 'b2', 'a3', 'a4']);
    expect(q.size).toBe(0);
    expect(q.shift()).toBeUndefined();
  });
});

describe('the grading pool', () => {
  it("runs another learner's one submission before the rest of a learner's thirty", async () => {
    const p = pool({ size: 1 });
    const order: string[] = [];
    const one = (owner: string, i: number) =>
      p
        .grade({ grader: GRADER, code: `${wrong}\n// ${owner} ${i}`, seeds: [1, 2], owner })
        .then(() => order.push(`${owner}${i}`));
    const jobs = Array.from({ length: 8 }, (_, i) => one('a', i));
    jobs.push(one('b', 0));
    expect(p.stats()).toMatchObject({ size: 1, running: 1, queued: 8 });
    await Promise.all(jobs);
    // a0 was already running; b0 goes next after a1 at the latest, never behind a's whole pile.
    expect(order.indexOf('b0')).toBeLessThanOrEqual(2);
    expect(order.filter((x) => x.startsWith('a'))).toEqual(Array.from({ length: 8 }, (_, i) => `a${i}`));
    expect(p.stats()).toMatchObject({ running: 0, queued: 0, completed: 9 });
  }, 120_000);

  it('refuses beyond maxQueue with a clear error, and grades what it accepted', async () => {
    const p = pool({ size: 1, maxQueue: 2 });
    const job = { grader: GRADER, code: reference, seeds: [1] };
    const accepted = [p.grade(job), p.grade(job), p.grade(job)];
    await expect(p.grade(job)).rejects.toThrow(/grading queue is full \(2 submissions waiting\)/);
    for (const v of await Promise.all(accepted)) expect(v.passed).toBe(true);
  }, 60_000);

  it('close() kills a straggler after the grace time and refuses new work', async () => {
    const p = pool({ size: 1, timeoutMs: 120_000 });
    const loop = 'export function routeRead() { for (;;) {} }';
    const running = p.grade({ grader: GRADER, code: loop });
    // Settled as soon as close() drains the queue, so it is read here rather than left unhandled.
    const waiting = p.grade({ grader: GRADER, code: reference }).then(
      () => null,
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 1_500));
    const t0 = performance.now();
    await p.close(300);
    expect(performance.now() - t0).toBeLessThan(5_000);
    const v = await running;
    expect(v).toMatchObject({ passed: false, report: null, contained: { kind: 'crashed' } });
    expect(v.contained?.message).toMatch(/shut down/);
    expect(String(await waiting)).toMatch(/closed before this submission was graded/);
    await expect(p.grade({ grader: GRADER, code: reference })).rejects.toThrow(/closed/);
  }, 60_000);

  it("replays a failing seed through the sandbox: the failure's property and step, with a trace", async () => {
    const p = pool({ size: 1 });
    const graded = await p.grade({ grader: GRADER, code: wrong });
    const first = graded.report?.failures[0];
    expect(first).toBeDefined();
    const r = await p.replay({ grader: GRADER, code: wrong, seed: first!.seed });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.result.seed).toBe(first!.seed);
    expect(r.result.trace?.events.length).toBeGreaterThan(first!.step);
    expect(r.result.failures.map((f) => [f.property, f.step])).toContainEqual([first!.property, first!.step]);
    // A replay that loops is contained like a grade.
    const strict = pool({ size: 1, timeoutMs: 2_000 });
    const loop = await strict.replay({ grader: GRADER, code: 'export function routeRead() { for (;;) {} }', seed: 1 });
    expect(loop).toMatchObject({ ok: false, contained: { kind: 'time-limit' } });
    await expect(p.replay({ grader: GRADER, code: wrong, seed: -1 })).rejects.toThrow(/seed/);
  }, 60_000);
});
