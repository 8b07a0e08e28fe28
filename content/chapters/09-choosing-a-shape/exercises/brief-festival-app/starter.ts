/** Regions: eu (Kettleby), us (Halifax), ap (Melbourne). The task explains every setting. */
type ShapeConfig =
  | { shape: 'single-leader'; commit: 'async' | 'semi-sync' | 'sync'; reads: 'leader' | 'followers'; failoverTimeout: number }
  | { shape: 'multi-leader'; conflicts: 'lww' | 'version-vector' }
  | { shape: 'leaderless'; n: 3 | 5; w: number; r: number };

// TODO: read the brief and choose. This is the setup Stagedoor has today.
export const config: ShapeConfig = { shape: 'single-leader', commit: 'async', reads: 'followers', failoverTimeout: 1000 };
