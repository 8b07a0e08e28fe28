/** Regions: eu (Kettleby), us (Halifax), ap (Melbourne). The task explains every setting. */
type ShapeConfig =
  | { shape: 'single-leader'; commit: 'async' | 'semi-sync' | 'sync'; reads: 'leader' | 'followers'; failoverTimeout: number }
  | { shape: 'multi-leader'; conflicts: 'lww' | 'version-vector' }
  | { shape: 'leaderless'; n: 3 | 5; w: number; r: number };

// Sales are contended and must never be lost or doubled: one leader orders them,
// semi-sync puts every acknowledged sale on a follower too (the nearest that answers),
// and the seat map buyers act on is read from the leader.
export const config: ShapeConfig = { shape: 'single-leader', commit: 'semi-sync', reads: 'leader', failoverTimeout: 600 };
