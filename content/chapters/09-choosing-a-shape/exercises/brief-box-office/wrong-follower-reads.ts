/** Regions: eu (Kettleby), us (Halifax), ap (Melbourne). The task explains every setting. */
type ShapeConfig =
  | { shape: 'single-leader'; commit: 'async' | 'semi-sync' | 'sync'; reads: 'leader' | 'followers'; failoverTimeout: number }
  | { shape: 'multi-leader'; conflicts: 'lww' | 'version-vector' }
  | { shape: 'leaderless'; n: 3 | 5; w: number; r: number };

// Sound writes, but buyers see the seat map from followers: on a busy key the map
// is often behind the sale that just happened.
export const config: ShapeConfig = { shape: 'single-leader', commit: 'semi-sync', reads: 'followers', failoverTimeout: 600 };
