import { it } from 'vitest';
import { check, runSimulation } from '../../src/engine/index.ts';
it('probe', () => {
  let bad = 0;
  const examples: string[] = [];
  for (let seed = 1; seed <= 150; seed++) {
    const cut = 300 + (seed % 7) * 40;
    const cfg = {
      seed,
      topology: { leader: 'A', followers: ['B', 'C', 'D', 'E'] },
      replication: { mode: 'semi-sync' as const },
      failover: { timeout: 200 },
      network: { latency: { kind: 'exponential' as const, mean: 5, min: 1 } },
      workload: { clients: 4, thinkTime: 5, readRatio: 0.3, keys: ['k1', 'k2', 'k3'], duration: 1500 },
      faults: [
        { at: cut, kind: 'partition' as const, groups: [['A', 'B'], ['C', 'D', 'E']] },
        { at: cut + 30 + (seed % 5) * 20, kind: 'crash' as const, node: 'A' },
        { at: cut + 400, kind: 'restart' as const, node: 'A' },
        { at: cut + 600, kind: 'heal' as const },
      ],
    };
    const t = runSimulation(cfg as never);
    const r = check.lostAcknowledgedWrites(t);
    if (!r.valid) { bad++; if (examples.length < 3) examples.push(`seed ${seed}: ${r.violations.length} — ${r.violations[0]?.message.slice(0, 200)}`); }
  }
  console.log('lost acked under semi-sync:', bad, 'of 150'); console.log(examples.join('\n'));
});
