/**
 * Each node's replication log as the trace shows it: LSN -> epoch of the entry
 * the node holds there, folded from `append`, `truncate` and `snapshot`
 * events. Two nodes hold the same entry when they hold the same epoch at the
 * same LSN (log matching), so a write acknowledged at (LSN, epoch) survived on
 * a node exactly when that node's log has it.
 */
import type { NodeId, Trace, TraceEvent } from '../../trace/events.ts';

export type NodeLog = ReadonlyMap<number, number>;

/** Whether the trace carries log events at all (hand-written client-only histories do not). */
export function hasLogEvents(trace: Trace): boolean {
  return trace.events.some((e) => e.type === 'append');
}

/** Folds one event into `logs` (mutating it). */
export function foldLogEvent(logs: Map<NodeId, Map<number, number>>, e: TraceEvent): void {
  if (e.type === 'append') {
    let log = logs.get(e.node);
    if (log === undefined) {
      log = new Map();
      logs.set(e.node, log);
    }
    log.set(e.lsn, e.epoch);
  } else if (e.type === 'truncate') {
    const log = logs.get(e.node);
    if (log !== undefined) for (const lsn of [...log.keys()]) if (lsn > e.lsn) log.delete(lsn);
  } else if (e.type === 'snapshot') {
    // A snapshot stands for its source's log up to the snapshot's LSN.
    const copy = new Map<number, number>();
    for (const [lsn, epoch] of logs.get(e.from) ?? []) if (lsn <= e.lsn) copy.set(lsn, epoch);
    if (e.epoch !== undefined) copy.set(e.lsn, e.epoch);
    logs.set(e.node, copy);
  }
}

/** Every node's log at the end of the trace. */
export function finalLogs(trace: Trace): Map<NodeId, NodeLog> {
  const logs = new Map<NodeId, Map<number, number>>();
  for (const e of trace.events) foldLogEvent(logs, e);
  return logs;
}
