import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  parseFault,
  parseRunHash,
  serialiseFault,
  serialiseRun,
  type RunConfig,
} from '../../../src/components/sim/model/hash.ts';
import type { Fault } from '../../../src/components/sim/model/faults.ts';

const run: RunConfig = {
  scenario: 'ch02-follower-catch-up',
  seed: 42,
  step: 17,
  faults: [
    { kind: 'crash', node: 'f1', at: 120 },
    { kind: 'restart', node: 'f1', at: 300.5 },
    { kind: 'partition', groups: [['leader', 'f1'], ['f2']], at: 200 },
    { kind: 'heal', at: 400 },
    { kind: 'slow', from: 'leader', to: 'f1', factor: 4, at: 100 },
    { kind: 'skew', node: 'f2', ms: -50, at: 10 },
  ],
};

describe('replay link hash', () => {
  it('round-trips a run', () => {
    const h = serialiseRun(run);
    expect(h).toBe(
      '#sim=ch02-follower-catch-up&seed=42&step=17&faults=crash:f1@120;restart:f1@300.5;partition:leader,f1/f2@200;heal@400;slow:leader~f1*4@100;skew:f2=-50@10',
    );
    expect(parseRunHash(h)).toEqual({ ok: true, run });
  });

  it('round-trips through the browser URL encoding', () => {
    const url = new URL(`https://example.test/ch/2${serialiseRun(run)}`);
    expect(parseRunHash(url.hash)).toEqual({ ok: true, run });
    expect(parseRunHash(encodeURI(serialiseRun(run)))).toEqual({ ok: true, run });
  });

  it('omits step 0 and empty faults', () => {
    const h = serialiseRun({ scenario: 'a', seed: 0, step: 0, faults: [] });
    expect(h).toBe('#sim=a&seed=0');
    expect(parseRunHash(h)).toEqual({ ok: true, run: { scenario: 'a', seed: 0, step: 0, faults: [] } });
  });

  it('ignores hashes that are not runs', () => {
    expect(parseRunHash('')).toBeNull();
    expect(parseRunHash('#')).toBeNull();
    expect(parseRunHash('#section-2')).toBeNull();
    expect(parseRunHash(undefined)).toBeNull();
    expect(parseRunHash(42)).toBeNull();
  });

  const hostile = [
    '#sim=<script>alert(1)</script>&seed=1',
    '#sim=javascript:alert(1)&seed=1',
    '#sim=a&seed=-1',
    '#sim=a&seed=1e3',
    '#sim=a&seed=4294967296',
    '#sim=a&seed=0x10',
    '#sim=a&seed=01',
    '#sim=a&seed=',
    '#sim=a',
    '#sim=a&seed=1&step=-3',
    '#sim=a&seed=1&step=99999999999',
    '#sim=a&seed=1&seed=2',
    '#sim=a&seed=1&__proto__=x',
    '#sim=a&seed=1&constructor=x',
    '#sim=a&seed=1&faults=eval:x@1',
    '#sim=a&seed=1&faults=crash:@1',
    '#sim=a&seed=1&faults=crash:f1',
    '#sim=a&seed=1&faults=crash:f1@-5',
    '#sim=a&seed=1&faults=crash:f1@NaN',
    '#sim=a&seed=1&faults=crash:f1@Infinity',
    '#sim=a&seed=1&faults=crash:<img>@1',
    '#sim=a&seed=1&faults=partition:a@1',
    '#sim=a&seed=1&faults=partition:a,b/b@1',
    '#sim=a&seed=1&faults=partition:a,/b@1',
    '#sim=a&seed=1&faults=slow:a~a*2@1',
    '#sim=a&seed=1&faults=slow:a~b*0.5@1',
    '#sim=a&seed=1&faults=slow:a~b*1e9@1',
    '#sim=a&seed=1&faults=skew:a=9999999@1',
    '#sim=a&seed=1&faults=skew:a@1',
    '#sim=a&seed=1&faults=crash:f1@1;;',
    '#sim=a&seed=1&faults=crash-consumer:@1',
    '#sim=a&seed=1&faults=crash-consumer:a b@1',
    '#sim=a&seed=1&faults=%E0%A4%A',
    '#sim=a&seed=1&junk',
    `#sim=a&seed=1&faults=${Array.from({ length: 41 }, () => 'heal@1').join(';')}`,
    `#sim=${'a'.repeat(3000)}&seed=1`,
    '#sim=A-UPPER&seed=1',
    '#sim=-lead&seed=1',
  ];
  it.each(hostile)('rejects hostile input %s with a reason', (h) => {
    const r = parseRunHash(h);
    expect(r).not.toBeNull();
    expect(r?.ok).toBe(false);
    if (r && !r.ok) expect(r.error.length).toBeGreaterThan(0);
  });

  it('rejects faults the simulation does not offer', () => {
    const r = parseRunHash('#sim=a&seed=1&faults=skew:f1=5@1', ['crash', 'restart']);
    expect(r).toEqual({ ok: false, error: 'this simulation does not offer skew faults' });
    expect(parseRunHash('#sim=a&seed=1&faults=heal@1', ['partition'])?.ok).toBe(true);
    expect(parseRunHash('#sim=a&seed=1&faults=heal@1', ['crash'])?.ok).toBe(false);
  });

  it('never throws and never accepts garbage, on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const r = parseRunHash(`#sim=${s}`);
        if (r?.ok) {
          expect(r.run.scenario).toMatch(/^[a-z0-9][a-z0-9-]*$/);
          expect(Number.isInteger(r.run.seed)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => void parseFault(s)));
  });

  it('round-trips arbitrary valid faults', () => {
    const node = fc.stringMatching(/^[A-Za-z0-9_.-]{1,8}$/);
    const at = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 8);
    const fault: fc.Arbitrary<Fault> = fc.oneof(
      fc.record({ kind: fc.constant('crash' as const), at, node }),
      fc.record({ kind: fc.constant('restart' as const), at, node }),
      fc.record({ kind: fc.constant('heal' as const), at }),
      fc.record({ kind: fc.constant('crash-consumer' as const), at, consumer: node }),
      fc.record({ kind: fc.constant('skew' as const), at, node, ms: fc.integer({ min: -5000, max: 5000 }) }),
      fc
        .record({
          kind: fc.constant('slow' as const),
          at,
          from: node,
          to: node,
          factor: fc.integer({ min: 1, max: 100 }),
        })
        .filter((f) => f.from !== f.to),
      fc
        .uniqueArray(node, { minLength: 2, maxLength: 6 })
        .map((ns) => ({ kind: 'partition' as const, at: 5, groups: [ns.slice(0, 1), ns.slice(1)] })),
    );
    fc.assert(
      fc.property(fault, (f) => {
        expect(parseFault(serialiseFault(f))).toEqual(f);
      }),
      { numRuns: 300 },
    );
  });
});
