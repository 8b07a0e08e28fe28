import { describe, expect, it } from 'vitest';
import {
  countInto,
  histogram,
  linearScale,
  niceStep,
  niceTicks,
  stepPath,
  tickLabel,
} from '../../../src/components/sim/views/scale.ts';
import { commitLatencies, lagSeries } from '../../../src/components/sim/model/metrics.ts';
import { metrics, runSimulation } from '../../../src/engine/index.ts';
import { scenarios } from '../../../src/chapters/scenarios/index.ts';
import { small, synthetic } from './fixtures.ts';

describe('chart scaling', () => {
  it('linear scale maps the domain onto the range, inverted ranges included', () => {
    const x = linearScale([0, 100], [10, 210]);
    expect(x(0)).toBe(10);
    expect(x(50)).toBe(110);
    expect(x(100)).toBe(210);
    const y = linearScale([0, 10], [100, 0]);
    expect(y(0)).toBe(100);
    expect(y(10)).toBe(0);
    expect(y.domain).toEqual([0, 10]);
  });

  it('a zero-width domain maps to the middle instead of NaN', () => {
    const x = linearScale([5, 5], [0, 100]);
    expect(x(5)).toBe(50);
    expect(x(7)).toBe(50);
  });

  it('nice steps are 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(100, 5)).toBe(20);
    expect(niceStep(1, 4)).toBe(0.5);
    expect(niceStep(37, 5)).toBe(10);
    expect(niceStep(0, 5)).toBe(1);
    expect(niceStep(Number.NaN, 5)).toBe(1);
  });

  it('nice ticks cover the data and start and end on a tick', () => {
    expect(niceTicks(0, 97, 5)).toEqual({ ticks: [0, 20, 40, 60, 80, 100], min: 0, max: 100 });
    const t = niceTicks(3.2, 7.9, 4);
    expect(t.min).toBeLessThanOrEqual(3.2);
    expect(t.max).toBeGreaterThanOrEqual(7.9);
    expect(t.ticks[0]).toBe(t.min);
    expect(t.ticks[t.ticks.length - 1]).toBe(t.max);
    expect(niceTicks(0.1, 0.3, 2).ticks.every((v) => String(v).length < 6)).toBe(true);
  });

  it('nice ticks handle flat, reversed and non-finite input', () => {
    expect(niceTicks(0, 0)).toMatchObject({ min: 0, max: 1 });
    expect(niceTicks(4, 4).min).toBeLessThan(4);
    expect(niceTicks(4, 4).max).toBeGreaterThan(4);
    expect(niceTicks(10, 0).min).toBe(0);
    expect(niceTicks(Number.NaN, 1)).toEqual({ ticks: [0, 1], min: 0, max: 1 });
  });

  it('histogram puts every finite value in exactly one bin', () => {
    const values = [1, 2, 2, 3, 9.5, 10, Number.NaN, Infinity];
    const bins = histogram(values, 5);
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(6);
    expect(bins[0]?.x0).toBeLessThanOrEqual(1);
    expect(bins[bins.length - 1]?.x1).toBeGreaterThanOrEqual(10);
    for (let i = 1; i < bins.length; i++) expect(bins[i]?.x0).toBe(bins[i - 1]?.x1);
    expect(histogram([])).toEqual([]);
    expect(histogram([4, 4, 4]).reduce((a, b) => a + b.count, 0)).toBe(3);
  });

  it('counts a subset into existing bins', () => {
    const bins = histogram([0, 10, 20, 30, 40, 50], 5);
    const c = countInto(bins, [0, 10, 50, 99, Number.NaN]);
    expect(c.map((b) => [b.x0, b.x1])).toEqual(bins.map((b) => [b.x0, b.x1]));
    expect(c.reduce((a, b) => a + b.count, 0)).toBe(3);
    expect(c[c.length - 1]?.count).toBe(1);
    expect(countInto([], [1])).toEqual([]);
  });

  it('step paths hold each value until the next point', () => {
    const d = stepPath(
      [
        { t: 0, v: 0 },
        { t: 10, v: 2 },
        { t: 20, v: 1 },
      ],
      (t) => t * 2,
      (v) => 100 - v * 10,
    );
    expect(d).toBe('M0,100H20V80H40V90');
    expect(
      stepPath(
        [],
        (t) => t,
        (v) => v,
      ),
    ).toBe('');
  });

  it('tick labels are short', () => {
    expect(tickLabel(1500)).toBe('1500');
    expect(tickLabel(15000)).toBe('15k');
    expect(tickLabel(2_500_000)).toBe('2.5M');
    expect(tickLabel(0.1 + 0.2)).toBe('0.3');
  });
});

describe('chart series from the engine metrics', () => {
  it('lag series per follower, as a step function to the end of the run', () => {
    const series = lagSeries(small());
    expect(series.map((s) => s.node)).toEqual(['B', 'C']);
    const c = series.find((s) => s.node === 'C')!;
    expect(c.points[0]).toEqual({ t: 0, v: 0 });
    expect(c.points).toContainEqual({ t: 11, v: 1 });
    expect(c.points[c.points.length - 1]?.t).toBe(50);
    const b = series.find((s) => s.node === 'B')!;
    expect(b.points).toContainEqual({ t: 16, v: 0 });
  });

  it('lag series are time-ordered with no repeated value', () => {
    for (const s of lagSeries(synthetic(9, 80))) {
      for (let i = 1; i < s.points.length; i++) expect(s.points[i]!.t).toBeGreaterThanOrEqual(s.points[i - 1]!.t);
      for (let i = 1; i < s.points.length - 1; i++) expect(s.points[i]!.v).not.toBe(s.points[i - 1]!.v);
      expect(s.points.every((p) => p.v >= 0)).toBe(true);
    }
  });

  it('commit latency is ack time minus invoke time of acknowledged writes only', () => {
    expect(commitLatencies(small())).toEqual([{ op: 'op-1', ms: 2, step: 9, soFar: { p50: 2, p99: 2, max: 2 } }]);
  });

  it('"so far" percentiles are the engine percentiles of each prefix of the samples', () => {
    const samples = commitLatencies(runSimulation(scenarios['ch04-semi-sync']!.build(3)));
    expect(samples.length).toBeGreaterThan(5);
    for (let k = 1; k <= samples.length; k++) {
      const d = metrics.distribution(samples.slice(0, k).map((s) => s.ms));
      expect(samples[k - 1]!.soFar, `seed 3, sample ${k}`).toEqual({ p50: d.p50, p99: d.p99, max: d.max });
    }
  });

  // The view's charts and the engine's metrics must never disagree (they did on 20 of 39 scenarios once).
  it.each(Object.keys(scenarios))('%s: the charts show the engine metrics (seed 1)', (name) => {
    const trace = runSimulation(scenarios[name]!.build(1));
    const samples = commitLatencies(trace);
    // The histogram's samples are the engine's, one for one, in ack order...
    expect(samples.map(({ op, ms, step }) => ({ op, ms, step }))).toEqual(metrics.commitLatencySamples(trace));
    for (let i = 1; i < samples.length; i++) expect(samples[i]!.step).toBeGreaterThan(samples[i - 1]!.step);
    // ...and what the engine summarises: the last "so far" is the run's commit latency.
    const d = metrics.commitLatency(trace);
    expect(samples.length).toBe(d.count);
    const last = samples[samples.length - 1]?.soFar;
    if (last) expect(last).toEqual({ p50: d.p50, p99: d.p99, max: d.max });
    const peaks = metrics.maxFollowerLag(trace);
    const series = lagSeries(trace);
    expect(series.map((s) => s.node).sort()).toEqual(Object.keys(peaks).sort());
    for (const s of series) expect(Math.max(...s.points.map((p) => p.v)), s.node).toBe(peaks[s.node]?.lagLsn);
  });
});
