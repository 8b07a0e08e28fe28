/**
 * The linearizability checker against Porcupine's verdicts on its 102 Jepsen
 * etcd histories (single register: read, write, compare-and-set, with timeouts;
 * test/fixtures/linearizability/README.md says where they come from).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { linearizable, LINEARIZABLE } from '../../../src/engine/checkers/linearizable.ts';
import { jepsenTrace } from '../../fixtures/linearizability/history-trace.ts';
import type { JepsenHistory } from '../../fixtures/linearizability/history-trace.ts';

const { histories } = JSON.parse(
  readFileSync(new URL('../../fixtures/linearizability/etcd.json', import.meta.url), 'utf8'),
) as { histories: readonly JepsenHistory[] };

describe('linearizable on Porcupine’s Jepsen etcd histories', () => {
  it('has all 102 histories, with both verdicts', () => {
    expect(histories).toHaveLength(102);
    expect(histories.filter((h) => h.linearizable)).toHaveLength(23);
  });

  it.each(histories.map((h, i) => [h.name, h, i] as const))('%s gets Porcupine’s verdict', (_, h, seed) => {
    const r = linearizable(jepsenTrace(h.events, seed, h.name));
    expect(r.valid).toBe(h.linearizable);
    if (!h.linearizable) {
      // The violation names the property, the seed and a step of the trace that shows it.
      const v = r.violations[0];
      expect(v?.property).toBe(LINEARIZABLE);
      expect(v?.seed).toBe(seed);
      expect(v?.message).toContain(`seed ${seed}, step ${v?.step}`);
    }
  });

  it('decides the hardest of them within the default budget but not at the old 200 000 steps', () => {
    const hardest = histories.find((h) => h.name === 'etcd_002') as JepsenHistory;
    expect(linearizable(jepsenTrace(hardest.events), { maxSteps: 200_000 }).valid).toBe('unknown');
    expect(linearizable(jepsenTrace(hardest.events)).valid).toBe(true);
  });
});
