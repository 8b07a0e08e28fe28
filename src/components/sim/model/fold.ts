/**
 * What the simulation view draws at one moment (node boards, messages in
 * flight, partition, pending client ops): the engine's board itself.
 *
 * This is the *model* layer of the simulation view (RaftScope's split: model,
 * time travel, rendering). It does not fold the trace, nor rename anything:
 * every state is the engine's board (`src/engine/trace/replay.ts`, the one
 * fold of a trace) with the cursor beside it, and the views read the board's
 * own fields (`appliedLsn`, `values`, `lastRole`, `slowLinks`, ...), so they
 * can never disagree with `stateAt`. It reads only the trace, so it works on
 * any trace — recorded, hand-written, or loaded from a link. Nothing here
 * touches the DOM.
 */
import type { NodeId, Trace } from '../../../engine/trace/events.ts';
import {
  stateAt,
  type BoardState,
  type InFlightMessage,
  type NodeBoard,
  type PendingOperation,
} from '../../../engine/trace/replay.ts';

/** One node's card: the engine's board of it, as it is. */
export type NodeView = NodeBoard;

/** A message in flight: the engine's record of it. */
export type FlightView = InFlightMessage;

/** A client operation invoked but not completed (the engine's record of the `invoke`). */
export type PendingOp = PendingOperation;

/**
 * What the views draw at one position: the engine's board, plus the cursor
 * (events applied: 0 = before the first event, `events.length` = the end;
 * the board's own `step` is `cursor - 1`).
 */
export type ViewState = BoardState & { readonly cursor: number };

/** The engine's board at a cursor (a shallow wrapper: the board is already a fresh copy the caller owns). */
export function viewOf(b: BoardState): ViewState {
  return { ...b, cursor: b.step + 1 };
}

/** The state after the first `cursor` events of a trace, folded from scratch (the reference the checkpoints are tested against). */
export function foldTo(trace: Trace, cursor: number): ViewState {
  const end = Math.max(0, Math.min(cursor, trace.events.length));
  return viewOf(stateAt(trace, end - 1));
}

/**
 * How many log entries of the current leader's log a node has not applied yet (the board's
 * `lag`), or `null` when there is nothing to lag behind (the leader itself, no leader up,
 * multi-leader and leaderless runs).
 */
export function lagOf(s: ViewState, id: NodeId): number | null {
  return s.nodes[id]?.lag ?? null;
}

/** Leaders that are up (more than one in the same epoch is split brain). */
export function leaders(s: ViewState): NodeView[] {
  return s.leaders.map((id) => s.nodes[id]).filter((n): n is NodeView => !!n);
}
