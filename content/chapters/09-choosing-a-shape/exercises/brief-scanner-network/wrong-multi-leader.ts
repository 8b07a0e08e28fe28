/** Regions: eu (Kettleby), us (Halifax), ap (Melbourne). The task explains every setting. */
type ShapeConfig =
  | { shape: 'single-leader'; commit: 'async' | 'semi-sync' | 'sync'; reads: 'leader' | 'followers'; failoverTimeout: number }
  | { shape: 'multi-leader'; conflicts: 'lww' | 'version-vector' }
  | { shape: 'leaderless'; n: 3 | 5; w: number; r: number };

// A leader per region keeps every gate writing, but a gate in another region reads its
// own leader, which has not heard of the scan yet.
export const config: ShapeConfig = { shape: 'multi-leader', conflicts: 'version-vector' };
