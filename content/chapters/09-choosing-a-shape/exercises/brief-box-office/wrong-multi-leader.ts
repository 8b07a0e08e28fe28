/** Regions: eu (Kettleby), us (Halifax), ap (Melbourne). The task explains every setting. */
type ShapeConfig =
  | { shape: 'single-leader'; commit: 'async' | 'semi-sync' | 'sync'; reads: 'leader' | 'followers'; failoverTimeout: number }
  | { shape: 'multi-leader'; conflicts: 'lww' | 'version-vector' }
  | { shape: 'leaderless'; n: 3 | 5; w: number; r: number };

// Fast writes in every city, so latency is easily met; but two cities can sell the same
// seat at once (siblings), and a crashed leader takes writes it had not yet sent with it.
export const config: ShapeConfig = { shape: 'multi-leader', conflicts: 'version-vector' };
