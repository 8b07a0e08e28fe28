/**
 * How the simulated network behaves: latency per link, loss, duplication and
 * a cross-region latency matrix. Partitions and slow links are faults applied
 * during a run (see the simulation's `partition`, `heal` and `slowLink`).
 */
import type { NodeId } from '../trace/events.ts';
import type { Latency } from '../model/latency.ts';

/** Overrides for one directed link (or both directions with `bidirectional`). */
export interface LinkConfig {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly latency?: Latency;
  /** Probability in [0, 1] that a message is lost. */
  readonly loss?: number;
  /** Probability in [0, 1] that a message is delivered twice. */
  readonly duplicate?: number;
  /** Apply to `to -> from` as well. Default true. */
  readonly bidirectional?: boolean;
}

export interface NetworkConfig {
  /** Latency of every link without a more specific setting. Default: constant 5 ms. */
  readonly latency?: Latency;
  /** Probability that any message is lost. Default 0. */
  readonly loss?: number;
  /** Probability that any message is delivered twice. Default 0. */
  readonly duplicate?: number;
  /** Per-link overrides (slow or lossy links). */
  readonly links?: readonly LinkConfig[];
  /**
   * Regions for wide-area latency (chapters 7 and 9). `nodes` maps each node to
   * its region; `latency` is keyed `"eu"` (within a region) or `"eu-us"`
   * (between regions, either order).
   */
  readonly regions?: {
    readonly nodes: Readonly<Record<NodeId, string>>;
    readonly latency: Readonly<Record<string, Latency>>;
  };
  /**
   * Deliver messages on each link in the order they were sent (like a TCP
   * connection), even with random latency. Set false to let random latency
   * reorder messages. Default true.
   */
  readonly fifo?: boolean;
  /** One-way latency between a client and the node it talks to. Default: constant 1 ms. */
  readonly clientLatency?: Latency;
}
