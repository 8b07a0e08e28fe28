/** Regions: eu (Kettleby), us (Halifax), ap (Melbourne). The task explains every setting. */
type ShapeConfig =
  | { shape: 'single-leader'; commit: 'async' | 'semi-sync' | 'sync'; reads: 'leader' | 'followers'; failoverTimeout: number }
  | { shape: 'multi-leader'; conflicts: 'lww' | 'version-vector' }
  | { shape: 'leaderless'; n: 3 | 5; w: number; r: number };

// Every follower must confirm every sale, including Melbourne's: nothing can be lost,
// but every write waits for the slowest ocean crossing.
export const config: ShapeConfig = { shape: 'single-leader', commit: 'sync', reads: 'leader', failoverTimeout: 600 };
