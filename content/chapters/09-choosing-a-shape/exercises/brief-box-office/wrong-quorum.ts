/** Regions: eu (Kettleby), us (Halifax), ap (Melbourne). The task explains every setting. */
type ShapeConfig =
  | { shape: 'single-leader'; commit: 'async' | 'semi-sync' | 'sync'; reads: 'leader' | 'followers'; failoverTimeout: number }
  | { shape: 'multi-leader'; conflicts: 'lww' | 'version-vector' }
  | { shape: 'leaderless'; n: 3 | 5; w: number; r: number };

// Leaderless with strict quorums: fresh reads and no lost writes, but each write waits
// for replicas across an ocean.
export const config: ShapeConfig = { shape: 'leaderless', n: 5, w: 3, r: 3 };
