/** Regions: eu (Kettleby), us (Halifax), ap (Melbourne). The task explains every setting. */
type ShapeConfig =
  | { shape: 'single-leader'; commit: 'async' | 'semi-sync' | 'sync'; reads: 'leader' | 'followers'; failoverTimeout: number }
  | { shape: 'multi-leader'; conflicts: 'lww' | 'version-vector' }
  | { shape: 'leaderless'; n: 3 | 5; w: number; r: number };

// The box office's answer, reused. On a calm day it is fast, but when the eu leader
// dies nobody can write until failover, and a cut-off region cannot write at all.
export const config: ShapeConfig = { shape: 'single-leader', commit: 'semi-sync', reads: 'leader', failoverTimeout: 600 };
