/** The replication you choose for the brief. Regions: eu (Kettleby), us (Halifax), ap (Melbourne). */
type ShapeConfig =
  /** One leader (eu-1) with followers eu-2, us-1 and ap-1. */
  | {
      shape: 'single-leader';
      /** When a write is acknowledged: at once, once eu-2 has it, or once every follower has it. */
      commit: 'async' | 'semi-sync' | 'sync';
      /** Where reads go. */
      reads: 'leader' | 'followers';
      /** Silence from the leader, in ms (50 to 10000), before the followers elect a new one. */
      failoverTimeout: number;
    }
  /** A leader per region (eu-1, us-1, ap-1), replicating to each other asynchronously. */
  | { shape: 'multi-leader'; conflicts: 'lww' | 'version-vector' }
  /** n replicas (3: one per region; 5: two in eu, two in us, one in ap); a write waits for w, a read asks r. */
  | { shape: 'leaderless'; n: 3 | 5; w: number; r: number };

// Every gate must see every scan, and no single dead server may stop the gates:
// five replicas with w + r > n (3 + 3 > 5), so every read quorum overlaps every write
// quorum, and any two replicas can be down without stopping reads or writes.
export const config: ShapeConfig = { shape: 'leaderless', n: 5, w: 3, r: 3 };
