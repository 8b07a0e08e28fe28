/**
 * The replication log: an ordered list of entries numbered by LSN (log
 * sequence number, starting at 1). The leader appends, followers copy it in
 * order. The log is the durable part of a node: it survives a crash, while the
 * applied data in memory does not.
 *
 * The log may be compacted (old entries dropped after a snapshot), so it keeps
 * `base`: the LSN just before its first retained entry.
 */
import type { NodeId, Value } from '../trace/events.ts';

/** How changes are shipped (chapter 3). */
export type LogFormat = 'statement' | 'physical' | 'logical';

/** A non-deterministic SQL function a statement can use (chapter 3). */
export type Expression = 'NOW()' | 'RAND()';

/** One change in the replication log, as a follower (or a learner's `applyBatch`) receives it. */
export interface LogEntry {
  /** Position in the log: 1, 2, 3, ... with no gaps on the leader. */
  readonly lsn: number;
  /** Leader epoch that wrote it (chapter 6). */
  readonly epoch: number;
  readonly key: string;
  /** `set` replaces the value; `delete` removes the key (value becomes `null`). */
  readonly op: 'set' | 'delete';
  /** Value of the key after the change, as computed on the leader. */
  readonly value: Value;
  /** Value of the key before the change (the logical format's before image). */
  readonly before: Value;
  readonly format: LogFormat;
  /** Statement format only: the non-deterministic expression a follower re-evaluates. */
  readonly expr?: Expression;
  /** Physical format only: the storage-format version the bytes were written with. */
  readonly storageVersion?: number;
  /** The node that wrote it first (multi-leader chapters). */
  readonly origin?: NodeId;
}

/** The format-specific payload shown in `append` events. */
export function entryPayload(e: LogEntry): Value {
  if (e.format === 'statement') {
    const rhs = e.expr ?? JSON.stringify(e.value);
    const sql =
      e.op === 'delete' ? `DELETE FROM kv WHERE k = '${e.key}'` : `UPDATE kv SET v = ${rhs} WHERE k = '${e.key}'`;
    return { sql };
  }
  if (e.format === 'physical') {
    return {
      page: pageOf(e.key),
      storageVersion: e.storageVersion ?? 1,
      bytes: `v${e.storageVersion ?? 1}:${e.key}:${JSON.stringify(e.value)}`,
    };
  }
  return {
    op: e.op === 'delete' ? 'delete' : e.before === null ? 'insert' : 'update',
    key: e.key,
    before: e.before,
    after: e.value,
  };
}

/** A stable page number for a key, so physical entries look like page writes. */
function pageOf(key: string): number {
  let h = 7;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) % 1009;
  return h;
}

/** An append-only log with compaction. Mutable on purpose: it sits on the hot path. */
export class ReplicationLog {
  /** LSN just before the first retained entry (0 when nothing was compacted). */
  base = 0;
  /** Epoch of the entry at `base` (for consistency checks after compaction). */
  baseEpoch = 0;
  readonly entries: LogEntry[] = [];

  get lastLsn(): number {
    return this.base + this.entries.length;
  }

  get lastEpoch(): number {
    const last = this.entries[this.entries.length - 1];
    return last ? last.epoch : this.baseEpoch;
  }

  /** The entry at `lsn`, or undefined when compacted away or not yet written. */
  get(lsn: number): LogEntry | undefined {
    return this.entries[lsn - this.base - 1];
  }

  /** Epoch of the entry at `lsn` (0 for lsn 0, undefined when unknown). */
  epochAt(lsn: number): number | undefined {
    if (lsn === this.base) return this.baseEpoch;
    return this.get(lsn)?.epoch;
  }

  append(entry: LogEntry): void {
    this.entries.push(entry);
  }

  /** Entries from `lsn` on (at most `max`), or undefined when `lsn` was compacted away. */
  from(lsn: number, max: number): LogEntry[] | undefined {
    if (lsn <= this.base) return undefined;
    const start = lsn - this.base - 1;
    return this.entries.slice(start, start + max);
  }

  /** Drops everything after `lsn` (a deposed leader's unreplicated tail). Returns what was dropped. */
  truncateAfter(lsn: number): LogEntry[] {
    const keep = Math.max(0, lsn - this.base);
    return this.entries.splice(keep);
  }

  /** Forgets entries up to `lsn` (they are covered by a snapshot). */
  compactTo(lsn: number): void {
    const n = Math.min(this.entries.length, lsn - this.base);
    if (n <= 0) return;
    const last = this.entries[n - 1];
    if (last) this.baseEpoch = last.epoch;
    this.entries.splice(0, n);
    this.base += n;
  }

  /** Replaces the whole log by a snapshot position (new follower bootstrap). */
  resetTo(lsn: number, epoch: number): void {
    this.entries.length = 0;
    this.base = lsn;
    this.baseEpoch = epoch;
  }
}
