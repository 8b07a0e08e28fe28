/** The stale-authorization checker, on traces it must accept and traces it must flag. */
import { describe, expect, it } from 'vitest';
import { check, createSimulation, type Trace } from '../../../src/engine/index.ts';

const KEY = 'staff:usher-jo:access';

/** Leader A; follower B hears from A after 200 ms; clients reach nodes in 1 ms. */
function sim(seed = 1) {
  return createSimulation({
    seed,
    topology: { leader: 'A', followers: ['B'] },
    network: {
      latency: { kind: 'constant', ms: 1 },
      links: [{ from: 'A', to: 'B', latency: { kind: 'constant', ms: 200 } }],
    },
  });
}

function scenario(steps: (s: ReturnType<typeof sim>) => void): Trace {
  const s = sim();
  steps(s);
  s.runFor(2000);
  return s.trace();
}

describe('stale authorization checker', () => {
  it('flags a grant read from a follower that has not replayed an acknowledged revocation', () => {
    const t = scenario((s) => {
      s.write(KEY, 'granted', { client: 'office' });
      s.at(500, (x) => x.write(KEY, 'revoked', { client: 'office' }));
      s.at(520, (x) => x.read(KEY, { client: 'gate', from: 'B' }));
    });
    const r = check.staleAuthorization(t);
    expect(r.valid).toBe(false);
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]?.message).toMatch(/stale-authorization.*seed 1.*step \d+.*revoked permission was honoured/s);
  });

  it('accepts the same read from the leader, and from the follower once it has replayed the revocation', () => {
    const t = scenario((s) => {
      s.write(KEY, 'granted', { client: 'office' });
      s.at(500, (x) => x.write(KEY, 'revoked', { client: 'office' }));
      s.at(520, (x) => x.read(KEY, { client: 'gate', from: 'A' }));
      s.at(900, (x) => x.read(KEY, { client: 'gate2', from: 'B' }));
    });
    expect(check.staleAuthorization(t).valid).toBe(true);
  });

  it('accepts a grant written again after the revocation, and a revocation read while still in flight', () => {
    const t = scenario((s) => {
      s.write(KEY, 'granted', { client: 'office' });
      s.at(300, (x) => x.write(KEY, 'revoked', { client: 'office' }));
      s.at(600, (x) => x.write(KEY, 'granted', { client: 'office' }));
      s.at(610, (x) => x.read(KEY, { client: 'gate', from: 'A' }));
      // B has the first grant and the revocation by now, not the new grant: it says revoked — cautious, not a hole.
      s.at(610, (x) => x.read(KEY, { client: 'gate2', from: 'B' }));
    });
    expect(check.staleAuthorization(t).valid).toBe(true);
  });

  it('ignores other keys: a stale profile read is a stale read, not a stale authorization', () => {
    const t = scenario((s) => {
      s.write('user:mika:name', 'granted', { client: 'office' });
      s.at(500, (x) => x.write('user:mika:name', 'revoked', { client: 'office' }));
      s.at(520, (x) => x.read('user:mika:name', { client: 'gate', from: 'B' }));
    });
    expect(check.staleAuthorization(t).valid).toBe(true);
    expect(check.staleRead(t).valid).toBe(false);
  });
});
