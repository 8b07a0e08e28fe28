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

// TODO: read the brief and choose. This is the setup Stagedoor has today.
export const config: ShapeConfig = { shape: 'single-leader', commit: 'async', reads: 'followers', failoverTimeout: 1000 };
