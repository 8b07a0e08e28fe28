/**
 * Chapter 8's engine-derived quiz keys match the reasoning the lesson teaches:
 * r = n − w + 1 is the smallest overlapping read quorum; read repair fixes the
 * stale replicas among the first r answers only; a failed write that one
 * replica kept can be read later; a sloppy write is invisible to home-replica
 * reads until its hint is handed off; a replica that lost its disk breaks the
 * overlap; last write wins keeps the highest clock reading.
 */
import { describe, expect, it } from 'vitest';
import {
  lostReplicaRead,
  lwwSurvivor,
  minReadQuorum,
  partialWriteRead,
  repairTargets,
  sloppyRead,
} from '../../src/chapters/ch08/generators.ts';

const SEEDS = Array.from({ length: 40 }, (_, i) => i * 37 + 1);

describe('ch08 generator keys match the taught reasoning', () => {
  it('minReadQuorum: r = n − w + 1', () => {
    for (const seed of SEEDS) {
      const { params, answer } = minReadQuorum(seed);
      expect(answer, `seed ${seed}`).toBe(Number(params.n) - Number(params.w) + 1);
    }
  });

  it('repairTargets: the cut-off replicas among A and the first r − 1 others to answer', () => {
    for (const seed of SEEDS) {
      const { params, answer } = repairTargets(seed);
      const cut = String(params.cut).split(' and ');
      const seen = String(params.order).split(', ').slice(0, Number(params.r) - 1);
      const want = cut.filter((x) => seen.includes(x)).sort();
      expect(answer, `seed ${seed}`).toEqual(want.length === 0 ? ['none'] : want.map((x) => x.toLowerCase()));
    }
  });

  it('partialWriteRead: A alone fails; A after the heal, or anyone after anti-entropy, sees the failed write', () => {
    for (const seed of SEEDS) {
      const { params, answer } = partialWriteRead(seed);
      const during = String(params.when).startsWith('while');
      const ae = String(params.ae).startsWith('Anti-entropy');
      const want = params.reader === 'A' ? (during ? 'fail' : 'new') : !during && ae ? 'new' : 'old';
      expect(answer, `seed ${seed} ${JSON.stringify(params)}`).toBe(want);
    }
  });

  it('sloppyRead: home-replica reads miss a hinted write until the handoff', () => {
    for (const seed of SEEDS) {
      const { params, answer } = sloppyRead(seed);
      const sloppy = String(params.mode).includes('on');
      const during = String(params.when).startsWith('while');
      const want = params.reader === 'A' && during ? 'fail' : sloppy && !during ? 'new' : 'old';
      expect(params.writeOutcome).toBe(sloppy ? 'succeeded' : 'timed out');
      expect(answer, `seed ${seed} ${JSON.stringify(params)}`).toBe(want);
    }
  });

  it('lostReplicaRead: a wiped B and a stale C outvote A’s acknowledged write', () => {
    for (const seed of SEEDS) {
      const { params, answer } = lostReplicaRead(seed);
      const wiped = String(params.disk).includes('empty');
      const cEmpty = String(params.before).includes('since before');
      const want = params.reader === 'A' || !wiped ? 'new' : cEmpty ? 'nothing' : 'old';
      expect(answer, `seed ${seed} ${JSON.stringify(params)}`).toBe(want);
    }
  });

  it('lwwSurvivor: the highest clock reading (time + offset) wins, not the last write in real time', () => {
    for (const seed of SEEDS) {
      const { params, answer } = lwwSurvivor(seed);
      const stamps = [
        ['A', 100 + Number(params.skewA)],
        ['B', 102 + Number(params.skewB)],
        ['C', 104 + Number(params.skewC)],
      ] as const;
      const best = [...stamps].sort((a, b) => b[1] - a[1] || (b[0] > a[0] ? 1 : -1))[0]?.[0];
      expect(answer, `seed ${seed} ${JSON.stringify(params)}`).toBe(best?.toLowerCase());
    }
  });
});
