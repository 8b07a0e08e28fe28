/** Regions: eu (Kettleby), us (Halifax), ap (Melbourne). The task explains every setting. */
type ShapeConfig =
  | { shape: 'single-leader'; commit: 'async' | 'semi-sync' | 'sync'; reads: 'leader' | 'followers'; failoverTimeout: number }
  | { shape: 'multi-leader'; conflicts: 'lww' | 'version-vector' }
  | { shape: 'leaderless'; n: 3 | 5; w: number; r: number };

// Every gate must see every scan, and no single dead server may stop the gates:
// five replicas with w + r > n (3 + 3 > 5), so every read quorum overlaps every write
// quorum, and any two replicas can be down without stopping reads or writes.
export const config: ShapeConfig = { shape: 'leaderless', n: 5, w: 3, r: 3 };
