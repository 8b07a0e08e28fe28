/**
 * What the simulation view draws at one moment (node boards, messages in
 * flight, partition, pending client ops), in the view's own shape.
 *
 * This is the *model* layer of the simulation view (RaftScope's split: model,
 * time travel, rendering). It does not fold the trace itself: every state is
 * the engine's board (`src/engine/trace/replay.ts`, the one fold of a trace)
 * renamed for the views by `viewOf`, so the boards can never disagree with
 * `stateAt`. It reads only the trace, so it works on any trace — recorded,
 * hand-written, or loaded from a link. Nothing here touches the DOM.
 */
import type { MessageId, NodeId, OpId, Trace, Value } from '../../../engine/trace/events.ts';
import {
  stateAt,
  type BoardState,
  type NodeBoard,
  type PendingOperation,
  type UpRole,
} from '../../../engine/trace/replay.ts';

export type ViewRole = UpRole;

/** Makes a board type's own fields writable (view states are copies the caller owns). */
type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * One node's card. `up`, `epoch`, `lsn`, `lag`, `skew` and `lastReject` are
 * the engine board's fields as they are; the rest are the board's under the
 * names the views use.
 */
export interface NodeView extends Writable<Pick<NodeBoard, 'up' | 'epoch' | 'lsn' | 'lag' | 'skew' | 'lastReject'>> {
  readonly id: NodeId;
  /** The role the node has, or had before it went down (the board's `lastRole`; `up` says which). */
  role: ViewRole;
  /** The board's `appliedLsn` and `commitLsn`. */
  applied: number;
  commit: number;
  /** The board's `values`: key -> value in memory (empty while down; deleted keys are absent). */
  data: Record<string, Value>;
  /** What survives a crash: the data rebuilt from the log on restart. */
  durable: Record<string, Value>;
  /** The board's `queueDepth`. */
  queue: number;
  suspects: NodeId[];
}

export interface FlightView {
  readonly msg: MessageId;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly kind: string;
  readonly summary: string | undefined;
  readonly sentStep: number;
  readonly sentTime: number;
  /** Copies still to arrive (2 after a `duplicate`). */
  copies: number;
}

/** A client operation invoked but not completed (the engine's record of the `invoke`). */
export type PendingOp = PendingOperation;

export interface ViewState {
  /** How many events have been applied: 0 = before the first event, `events.length` = the end. */
  cursor: number;
  /** Virtual time of the last applied event (0 before any). */
  time: number;
  /** Node ids in display order (the trace's `nodes`, then any seen later). */
  order: NodeId[];
  nodes: Record<NodeId, NodeView>;
  inFlight: Record<MessageId, FlightView>;
  partition: NodeId[][] | null;
  /** `"from->to"` -> latency factor of slowed links (factor 1 links are removed). */
  links: Record<string, number>;
  pending: Record<OpId, PendingOp>;
  /** Last free-form note from the scenario. */
  note: string | null;
}

/** The engine's board in the view's shape (a fresh object the caller owns). */
export function viewOf(b: BoardState): ViewState {
  const nodes: Record<NodeId, NodeView> = {};
  for (const id of b.order) {
    const n = b.nodes[id];
    if (!n) continue;
    nodes[id] = {
      id,
      up: n.up,
      role: n.lastRole,
      epoch: n.epoch,
      lsn: n.lsn,
      applied: n.appliedLsn,
      commit: n.commitLsn,
      lag: n.lag,
      data: { ...n.values },
      durable: { ...n.durable },
      queue: n.queueDepth,
      skew: n.skew,
      suspects: [...n.suspects],
      lastReject: n.lastReject,
    };
  }
  const inFlight: Record<MessageId, FlightView> = {};
  for (const m of b.inFlight) {
    inFlight[m.msg] = {
      msg: m.msg,
      from: m.from,
      to: m.to,
      kind: m.kind,
      summary: m.summary,
      sentStep: m.sentStep,
      sentTime: m.sentAt,
      copies: m.copies,
    };
  }
  const pending: Record<OpId, PendingOp> = {};
  for (const p of b.pending) pending[p.op] = p;
  return {
    cursor: b.step + 1,
    time: b.time,
    order: [...b.order],
    nodes,
    inFlight,
    partition: b.partition ? b.partition.map((g) => [...g]) : null,
    links: { ...b.slowLinks },
    pending,
    note: b.narration,
  };
}

/** The state after the first `cursor` events of a trace, folded from scratch (the reference the checkpoints are tested against). */
export function foldTo(trace: Trace, cursor: number): ViewState {
  const end = Math.max(0, Math.min(cursor, trace.events.length));
  return viewOf(stateAt(trace, end - 1));
}

/** How many log entries a node has not applied yet, measured against the leader. */
export function lagOf(s: ViewState, id: NodeId): number {
  return s.nodes[id]?.lag ?? 0;
}

/** Leaders that are up (more than one in the same epoch is split brain). */
export function leaders(s: ViewState): NodeView[] {
  return s.order.map((id) => s.nodes[id]).filter((n): n is NodeView => !!n && n.up && n.role === 'leader');
}
