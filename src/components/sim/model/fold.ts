/**
 * The viewer's fold: trace events -> what the simulation view draws at one
 * moment (node boards, messages in flight, partition, pending client ops).
 *
 * This is the *model* layer of the simulation view (RaftScope's split: model,
 * time travel, rendering). It reads only the trace contract, never the engine,
 * so it works on any trace — recorded, hand-written, or loaded from a link.
 *
 * `createState` + `applyEvent` mutate a working state (cheap on the hot path of
 * a fold); `cloneState` makes the independent copies the time-travel
 * checkpoints keep. Nothing here touches the DOM.
 */
import type { MessageId, NodeId, OpId, OperationKind, Trace, TraceEvent, Value } from '../../../engine/trace/events.ts';

export type ViewRole = 'leader' | 'follower' | 'candidate' | 'single';

export interface NodeView {
  readonly id: NodeId;
  /** False while crashed (the engine's board shows role `down`). */
  up: boolean;
  /** The role the node has, or had before it went down. */
  role: ViewRole;
  epoch: number;
  /** Last LSN appended to this node's log (drops back when a log is truncated). */
  lsn: number;
  /** Last LSN applied to this node's data. */
  applied: number;
  /** Highest LSN this node considers committed (leaders). */
  commit: number;
  /** Key -> value in memory (empty while down; deleted keys are absent). */
  data: Record<string, Value>;
  /** What survives a crash: the data rebuilt from the log on restart. */
  durable: Record<string, Value>;
  queue: number;
  /** Clock offset in ms (chapter 7). */
  skew: number;
  suspects: NodeId[];
  /** Reason of the last rejected entry, or null. */
  lastReject: string | null;
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

export interface PendingOp {
  readonly op: OpId;
  readonly client: string;
  readonly kind: OperationKind;
  readonly key: string;
  readonly node: NodeId;
  readonly value: Value | undefined;
  readonly step: number;
  readonly time: number;
}

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

function newNode(id: NodeId): NodeView {
  return {
    id,
    up: true,
    role: 'follower',
    epoch: 0,
    lsn: 0,
    applied: 0,
    commit: 0,
    data: {},
    durable: {},
    queue: 0,
    skew: 0,
    suspects: [],
    lastReject: null,
  };
}

function setVal(m: Record<string, Value>, key: string, value: Value): void {
  if (value === null) delete m[key];
  else m[key] = value;
}

/** The state before the first event of a trace. */
export function createState(nodes: readonly NodeId[]): ViewState {
  const s: ViewState = {
    cursor: 0,
    time: 0,
    order: [],
    nodes: {},
    inFlight: {},
    partition: null,
    links: {},
    pending: {},
    note: null,
  };
  for (const id of nodes) ensureNode(s, id);
  return s;
}

function ensureNode(s: ViewState, id: NodeId): NodeView {
  let n = s.nodes[id];
  if (!n) {
    n = newNode(id);
    s.nodes[id] = n;
    s.order.push(id);
  }
  return n;
}

/** A deep-enough copy: values inside `data` are immutable JSON, so they are shared. */
export function cloneState(s: ViewState): ViewState {
  const nodes: Record<NodeId, NodeView> = {};
  for (const id of s.order) {
    const n = s.nodes[id];
    if (n) nodes[id] = { ...n, data: { ...n.data }, durable: { ...n.durable }, suspects: [...n.suspects] };
  }
  const inFlight: Record<MessageId, FlightView> = {};
  for (const [k, f] of Object.entries(s.inFlight)) inFlight[k] = { ...f };
  return {
    cursor: s.cursor,
    time: s.time,
    order: [...s.order],
    nodes,
    inFlight,
    partition: s.partition ? s.partition.map((g) => [...g]) : null,
    links: { ...s.links },
    pending: { ...s.pending },
    note: s.note,
  };
}

/** Applies one event in place. Events must be applied in trace order. */
export function applyEvent(s: ViewState, e: TraceEvent): void {
  s.cursor = e.step + 1;
  s.time = e.time;
  switch (e.type) {
    case 'invoke':
      ensureNode(s, e.node);
      s.pending[e.op] = {
        op: e.op,
        client: e.client,
        kind: e.kind,
        key: e.key,
        node: e.node,
        value: e.value,
        step: e.step,
        time: e.time,
      };
      break;
    case 'ack':
    case 'fail':
    case 'info':
      delete s.pending[e.op];
      break;
    case 'send':
      ensureNode(s, e.from);
      ensureNode(s, e.to);
      s.inFlight[e.msg] = {
        msg: e.msg,
        from: e.from,
        to: e.to,
        kind: e.kind,
        summary: e.summary,
        sentStep: e.step,
        sentTime: e.time,
        copies: 1,
      };
      break;
    case 'duplicate': {
      const f = s.inFlight[e.msg];
      if (f) f.copies += 1;
      break;
    }
    case 'deliver':
    case 'drop': {
      const f = s.inFlight[e.msg];
      if (f) {
        f.copies -= 1;
        if (f.copies <= 0) delete s.inFlight[e.msg];
      }
      break;
    }
    case 'partition':
      s.partition = e.groups.map((g) => [...g]);
      break;
    case 'heal':
      s.partition = null;
      break;
    case 'link': {
      const k = `${e.from}->${e.to}`;
      if (e.factor === 1) delete s.links[k];
      else s.links[k] = e.factor;
      break;
    }
    // The node cases below mirror the engine's own fold (src/engine/trace/replay.ts),
    // so the boards never disagree with `stateAt`; test/unit/sim checks this on real runs.
    case 'append':
      ensureNode(s, e.node).lsn = e.lsn;
      break;
    case 'apply': {
      const n = ensureNode(s, e.node);
      if (e.lsn > 0) n.applied = e.lsn;
      setVal(n.data, e.key, e.value);
      setVal(n.durable, e.key, e.value);
      break;
    }
    case 'commit':
      ensureNode(s, e.node).commit = e.lsn;
      break;
    case 'reject-entry':
      ensureNode(s, e.node).lastReject = e.reason;
      break;
    case 'snapshot': {
      const n = ensureNode(s, e.node);
      n.lsn = e.lsn;
      n.applied = e.lsn;
      if (e.data) {
        n.data = { ...e.data };
        n.durable = { ...e.data };
      }
      break;
    }
    case 'queue':
      ensureNode(s, e.node).queue = e.depth;
      break;
    case 'crash': {
      const n = ensureNode(s, e.node);
      n.up = false;
      n.data = {};
      n.queue = 0;
      n.suspects = [];
      break;
    }
    case 'restart': {
      const n = ensureNode(s, e.node);
      n.up = true;
      n.lsn = e.lsn;
      n.applied = e.lsn;
      n.data = { ...n.durable };
      break;
    }
    case 'clock':
      ensureNode(s, e.node).skew = e.skew;
      break;
    case 'suspect': {
      const n = ensureNode(s, e.node);
      if (!n.suspects.includes(e.suspect)) n.suspects.push(e.suspect);
      break;
    }
    case 'role': {
      const n = ensureNode(s, e.node);
      if (e.role === 'down') n.up = false;
      else {
        n.up = true;
        n.role = e.role;
      }
      n.epoch = e.epoch;
      if (e.role !== 'candidate') n.suspects = [];
      break;
    }
    case 'elect':
      ensureNode(s, e.node).epoch = e.epoch;
      break;
    case 'repair': {
      const n = ensureNode(s, e.node);
      setVal(n.data, e.key, e.value);
      setVal(n.durable, e.key, e.value);
      break;
    }
    case 'note':
      s.note = e.text;
      break;
    default:
      // reject-entry, cdc, hook-error and any newer event: nothing on the boards changes.
      break;
  }
}

/** Folds the first `cursor` events of a trace from scratch (the reference the checkpoints are tested against). */
export function foldTo(trace: Trace, cursor: number): ViewState {
  const s = createState(trace.nodes);
  const end = Math.max(0, Math.min(cursor, trace.events.length));
  for (let i = 0; i < end; i++) applyEvent(s, trace.events[i] as TraceEvent);
  return s;
}

/** The log position a follower is measured against: the highest LSN of an up leader (0 when there is none), as the engine's board does. */
export function leaderLsn(s: ViewState): number {
  let best = 0;
  for (const id of s.order) {
    const n = s.nodes[id];
    if (n && n.up && (n.role === 'leader' || n.role === 'single')) best = Math.max(best, n.lsn);
  }
  return best;
}

/** How many log entries a node has not applied yet, measured against the leader. */
export function lagOf(s: ViewState, id: NodeId): number {
  const n = s.nodes[id];
  if (!n) return 0;
  return Math.max(0, leaderLsn(s) - n.applied);
}

/** Leaders that are up (more than one in the same epoch is split brain). */
export function leaders(s: ViewState): NodeView[] {
  return s.order.map((id) => s.nodes[id]).filter((n): n is NodeView => !!n && n.up && n.role === 'leader');
}
