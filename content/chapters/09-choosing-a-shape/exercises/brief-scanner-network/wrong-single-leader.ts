/** Regions: eu (Kettleby), us (Halifax), ap (Melbourne). The task explains every setting. */
type ShapeConfig =
  | { shape: 'single-leader'; commit: 'async' | 'semi-sync' | 'sync'; reads: 'leader' | 'followers'; failoverTimeout: number }
  | { shape: 'multi-leader'; conflicts: 'lww' | 'version-vector' }
  | { shape: 'leaderless'; n: 3 | 5; w: number; r: number };

// Fresh reads from one leader: right on a calm day, but when that leader dies the
// gates cannot record a scan until failover completes.
export const config: ShapeConfig = { shape: 'single-leader', commit: 'semi-sync', reads: 'leader', failoverTimeout: 600 };
