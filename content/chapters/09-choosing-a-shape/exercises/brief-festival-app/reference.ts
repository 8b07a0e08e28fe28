/** Regions: eu (Kettleby), us (Halifax), ap (Melbourne). The task explains every setting. */
type ShapeConfig =
  | { shape: 'single-leader'; commit: 'async' | 'semi-sync' | 'sync'; reads: 'leader' | 'followers'; failoverTimeout: number }
  | { shape: 'multi-leader'; conflicts: 'lww' | 'version-vector' }
  | { shape: 'leaderless'; n: 3 | 5; w: number; r: number };

// Taps must be instant in every city and a cut-off city must keep working: a leader
// per region takes local writes; version vectors keep concurrent likes as siblings
// for the app to merge instead of silently dropping one.
export const config: ShapeConfig = { shape: 'multi-leader', conflicts: 'version-vector' };
