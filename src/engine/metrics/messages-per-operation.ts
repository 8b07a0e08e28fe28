/**
 * Messages per operation: network messages sent divided by client operations
 * invoked — the cost side of replication ("more replicas add load on the
 * leader", quorum fan-out, heartbeats). Broken down by message kind so a
 * learner can see which protocol step dominates.
 */
import type { Trace } from '../trace/events.ts';

export interface MessagesPerOperation {
  readonly messages: number;
  readonly operations: number;
  /** messages / operations, or `null` when no operation was invoked. */
  readonly perOperation: number | null;
  /** Messages sent, per protocol message kind. */
  readonly byKind: Readonly<Record<string, number>>;
}

/**
 * @example
 * ```ts
 * messagesPerOperation(trace); // { messages: 60, operations: 20, perOperation: 3, byKind: { replicate: 40, ack: 20 } }
 * ```
 */
export function messagesPerOperation(trace: Trace): MessagesPerOperation {
  let messages = 0;
  let operations = 0;
  const byKind: Record<string, number> = {};
  for (const e of trace.events) {
    if (e.type === 'send') {
      messages += 1;
      byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
    } else if (e.type === 'invoke') {
      operations += 1;
    }
  }
  return { messages, operations, perOperation: operations === 0 ? null : messages / operations, byKind };
}
