/** Regions: eu (Kettleby), us (Halifax), ap (Melbourne). The task explains every setting. */
type ShapeConfig =
  | { shape: 'single-leader'; commit: 'async' | 'semi-sync' | 'sync'; reads: 'leader' | 'followers'; failoverTimeout: number }
  | { shape: 'multi-leader'; conflicts: 'lww' | 'version-vector' }
  | { shape: 'leaderless'; n: 3 | 5; w: number; r: number };

// One leader, async, followers answer reads, and failover after 100 ms to shrink the
// outage. Reads keep working, but writes still stop while the leader is gone.
export const config: ShapeConfig = { shape: 'single-leader', commit: 'async', reads: 'followers', failoverTimeout: 100 };
