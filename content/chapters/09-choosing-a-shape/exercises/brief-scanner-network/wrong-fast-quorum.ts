/** Regions: eu (Kettleby), us (Halifax), ap (Melbourne). The task explains every setting. */
type ShapeConfig =
  | { shape: 'single-leader'; commit: 'async' | 'semi-sync' | 'sync'; reads: 'leader' | 'followers'; failoverTimeout: number }
  | { shape: 'multi-leader'; conflicts: 'lww' | 'version-vector' }
  | { shape: 'leaderless'; n: 3 | 5; w: number; r: number };

// w = 1, r = 1: every scan is quick, but a read may ask a replica the write has not
// reached: a ticket scanned at one gate still looks unused at another.
export const config: ShapeConfig = { shape: 'leaderless', n: 5, w: 1, r: 1 };
