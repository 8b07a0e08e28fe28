/**
 * Time travel over a trace: `stateAt(trace, step)` folds events 0..step into
 * the board a viewer draws — one card per node (role, epoch, log position,
 * applied position, lag, values, queue depth, up/down) plus the messages in
 * flight, the partition and the CDC views. It reads only the trace, so the
 * picture can never disagree with what checkers judge.
 *
 * For scrubbing back and forth use `createReplay(trace)`: it folds lazily,
 * only as far as it is asked, keeping a checkpoint every few hundred steps
 * so any seek is cheap and opening a long run costs nothing. It is the one
 * replay in the project; the simulation view's time travel is a cursor over
 * it. Both are built on one fold: `emptyFold` -> `stepFold` (one event, in
 * trace order) -> `freezeFold` (the board), with `cloneFold` for independent
 * checkpoint copies. Every board is drawn from it. `emptyFold` and `stepFold`
 * are exported for the engine's own metrics that walk a run's fold once
 * (`followerLag` reads positions from it, so its lag is the board's); they are
 * not in the engine's public entry, so no viewer can build a second replay.
 */
import { currentLeader, lagBehind } from '../metrics/lag.ts';
import type { MessageId, NodeId, OperationKind, OpId, ReplicationShape, Trace, TraceEvent, Value } from './events.ts';

/** A role a running node can hold. */
export type UpRole = 'single' | 'leader' | 'follower' | 'candidate';

/** One node's card at a point in the trace. */
export interface NodeBoard {
  readonly node: NodeId;
  /** `'down'` while crashed. */
  readonly role: UpRole | 'down';
  /** The role the node holds, or held before it went down (never `'down'`); it comes back in it on `restart`. */
  readonly lastRole: UpRole;
  readonly up: boolean;
  /** Leader epoch the node last reported (from `role` / `elect` events). */
  readonly epoch: number;
  /** Highest LSN appended to the node's log. */
  readonly lsn: number;
  /** Highest LSN applied to the node's data. */
  readonly appliedLsn: number;
  /** Highest LSN this node committed (leaders only; 0 otherwise). */
  readonly commitLsn: number;
  /**
   * Entries of the current leader's log the node has not applied (`leader.lsn - appliedLsn`, never
   * negative; the one definition in `metrics/lag.ts`, shared with `metrics.followerLag`). `null` when
   * there is nothing to lag behind: for the leader itself, while no leader is up, and in multi-leader
   * and leaderless runs, which have no single leader.
   */
  readonly lag: number | null;
  /** The node's data: key -> value (empty while down; rebuilt from its log on restart). */
  readonly values: Readonly<Record<string, Value>>;
  /** What survives a crash: the data the node rebuilds from its log on restart. */
  readonly durable: Readonly<Record<string, Value>>;
  /** Requests waiting or in service (chapter 1); 0 without finite capacity. */
  readonly queueDepth: number;
  /** Clock offset in ms (chapter 7). */
  readonly skew: number;
  /** Nodes this node currently suspects of having failed (chapter 6). */
  readonly suspects: readonly NodeId[];
  /** Last rejected entry's reason (gap, duplicate, storage version), or null. */
  readonly lastReject: string | null;
}

/** A message sent but not yet delivered or dropped. */
export interface InFlightMessage {
  readonly msg: MessageId;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly kind: string;
  readonly summary?: string;
  /** Virtual time it was sent. */
  readonly sentAt: number;
  /** Step of the `send` event. */
  readonly sentStep: number;
  /** Copies still to arrive (2 after a `duplicate`). */
  readonly copies: number;
}

/** A client operation invoked but not completed (no `ack`/`fail`/`info` yet). */
export interface PendingOperation {
  readonly op: OpId;
  readonly client: string;
  readonly kind: OperationKind;
  readonly key: string;
  /** The node the client sent it to. */
  readonly node: NodeId;
  readonly value: Value | undefined;
  /** Step and virtual time of the `invoke`. */
  readonly step: number;
  readonly time: number;
}

/** Everything a board shows at one step. */
export interface BoardState {
  /** The step folded up to (inclusive); -1 for the empty board before the first event. */
  readonly step: number;
  /** Virtual time at that step. */
  readonly time: number;
  /** Nodes in trace order. */
  readonly order: readonly NodeId[];
  readonly nodes: Readonly<Record<NodeId, NodeBoard>>;
  /** The up node in role `leader`/`single` with the highest epoch (first in order on a tie), or null (`metrics/lag.ts`). */
  readonly leader: NodeId | null;
  /** Every node currently in role `leader` (more than one = split brain risk). */
  readonly leaders: readonly NodeId[];
  readonly inFlight: readonly InFlightMessage[];
  /** Current partition groups, or null when the network is whole. */
  readonly partition: readonly (readonly NodeId[])[] | null;
  /** Slow links: `"A->B"` -> latency factor (only factors other than 1). */
  readonly slowLinks: Readonly<Record<string, number>>;
  /** CDC consumers: last LSN seen and the derived view. */
  readonly cdc: Readonly<Record<string, { readonly lsn: number; readonly view: Value }>>;
  /** Client operations invoked but not completed yet. */
  readonly pendingOps: number;
  /** Those operations, in invoke order. */
  readonly pending: readonly PendingOperation[];
  /** The latest `note` text, for narration. */
  readonly narration: string | null;
}

interface MutableNode {
  node: NodeId;
  role: NodeBoard['role'];
  /** Last role other than `'down'` (equal to `role` while up). */
  lastRole: UpRole;
  epoch: number;
  lsn: number;
  appliedLsn: number;
  commitLsn: number;
  values: Map<string, Value>;
  durable: Map<string, Value>;
  queueDepth: number;
  skew: number;
  suspects: Set<NodeId>;
  lastReject: string | null;
}

/**
 * The working state of a fold (mutable; built by `emptyFold`, advanced by
 * `stepFold`). Treat its fields as internal: read boards with `freezeFold`.
 */
export interface Fold {
  /** The step folded up to (inclusive); -1 before the first event. */
  step: number;
  time: number;
  order: NodeId[];
  nodes: Map<NodeId, MutableNode>;
  inFlight: Map<MessageId, InFlightMessage & { copies: number }>;
  partition: NodeId[][] | null;
  slow: Map<string, number>;
  cdc: Map<string, { lsn: number; view: Value }>;
  pending: Map<OpId, PendingOperation>;
  narration: string | null;
  /** The trace's replication shape: whether there is one leader to lag behind. */
  shape: ReplicationShape;
}

/** The fold before the first event of `trace` (one node per `trace.nodes`). */
export function emptyFold(trace: Trace): Fold {
  const f: Fold = {
    step: -1,
    time: 0,
    order: [],
    nodes: new Map(),
    inFlight: new Map(),
    partition: null,
    slow: new Map(),
    cdc: new Map(),
    pending: new Map(),
    narration: null,
    shape: trace.shape ?? 'single',
  };
  for (const n of trace.nodes) nodeOf(f, n);
  return f;
}

function nodeOf(f: Fold, id: NodeId): MutableNode {
  let n = f.nodes.get(id);
  if (!n) {
    n = {
      node: id,
      role: 'follower',
      lastRole: 'follower',
      epoch: 0,
      lsn: 0,
      appliedLsn: 0,
      commitLsn: 0,
      values: new Map(),
      durable: new Map(),
      queueDepth: 0,
      skew: 0,
      suspects: new Set(),
      lastReject: null,
    };
    f.nodes.set(id, n);
    f.order.push(id);
  }
  return n;
}

/** An independent copy of a fold (for checkpoints): stepping one never changes the other. */
function cloneFold(f: Fold): Fold {
  const nodes = new Map<NodeId, MutableNode>();
  for (const [k, n] of f.nodes)
    nodes.set(k, { ...n, values: new Map(n.values), durable: new Map(n.durable), suspects: new Set(n.suspects) });
  return {
    ...f,
    order: [...f.order],
    nodes,
    // Message records carry a mutable copy count (duplicates), so each checkpoint needs its own.
    inFlight: new Map([...f.inFlight].map(([id, m]) => [id, { ...m }])),
    partition: f.partition ? f.partition.map((g) => [...g]) : null,
    slow: new Map(f.slow),
    cdc: new Map(f.cdc),
    pending: new Map(f.pending),
  };
}

function setVal(m: Map<string, Value>, key: string, value: Value): void {
  if (value === null) m.delete(key);
  else m.set(key, value);
}

/**
 * Applies one event to the fold, mutating it. Events must be applied in trace
 * order, starting from `emptyFold`. Nodes a trace mentions without declaring
 * them (as `send` endpoints, client targets, ...) get a card when first seen.
 */
export function stepFold(f: Fold, e: TraceEvent): void {
  f.step = e.step;
  f.time = e.time;
  switch (e.type) {
    case 'invoke': {
      const { op, client, kind, key, node, value, step, time } = e;
      nodeOf(f, node);
      f.pending.set(op, { op, client, kind, key, node, value, step, time });
      break;
    }
    case 'ack':
    case 'fail':
    case 'info':
      f.pending.delete(e.op);
      break;
    case 'send':
      nodeOf(f, e.from);
      nodeOf(f, e.to);
      f.inFlight.set(e.msg, {
        msg: e.msg,
        from: e.from,
        to: e.to,
        kind: e.kind,
        ...(e.summary !== undefined ? { summary: e.summary } : {}),
        sentAt: e.time,
        sentStep: e.step,
        copies: 1,
      });
      break;
    case 'duplicate': {
      const m = f.inFlight.get(e.msg);
      if (m) m.copies++;
      break;
    }
    case 'deliver':
    case 'drop': {
      const m = f.inFlight.get(e.msg);
      if (m && --m.copies <= 0) f.inFlight.delete(e.msg);
      break;
    }
    case 'partition':
      f.partition = e.groups.map((g) => [...g]);
      break;
    case 'heal':
      f.partition = null;
      break;
    case 'link':
      if (e.factor === 1) f.slow.delete(`${e.from}->${e.to}`);
      else f.slow.set(`${e.from}->${e.to}`, e.factor);
      break;
    case 'append': {
      const n = nodeOf(f, e.node);
      n.lsn = e.lsn;
      break;
    }
    case 'apply': {
      const n = nodeOf(f, e.node);
      if (e.lsn > 0) n.appliedLsn = e.lsn;
      setVal(n.values, e.key, e.value);
      setVal(n.durable, e.key, e.value);
      break;
    }
    case 'commit':
      nodeOf(f, e.node).commitLsn = e.lsn;
      break;
    case 'reject-entry':
      nodeOf(f, e.node).lastReject = e.reason;
      break;
    case 'truncate': {
      const n = nodeOf(f, e.node);
      n.lsn = e.lsn;
      n.appliedLsn = e.lsn;
      if (n.commitLsn > e.lsn) n.commitLsn = e.lsn;
      for (const [key, value] of Object.entries(e.data)) {
        setVal(n.values, key, value);
        setVal(n.durable, key, value);
      }
      break;
    }
    case 'snapshot': {
      const n = nodeOf(f, e.node);
      n.lsn = e.lsn;
      n.appliedLsn = e.lsn;
      if (e.data) {
        n.values = new Map(Object.entries(e.data));
        n.durable = new Map(n.values);
      }
      break;
    }
    case 'cdc':
      f.cdc.set(e.consumer, { lsn: e.lsn, view: e.view ?? null });
      break;
    case 'queue':
      nodeOf(f, e.node).queueDepth = e.depth;
      break;
    case 'crash': {
      const n = nodeOf(f, e.node);
      n.role = 'down';
      n.values = new Map();
      n.queueDepth = 0;
      n.suspects.clear();
      break;
    }
    case 'restart': {
      const n = nodeOf(f, e.node);
      n.lsn = e.lsn;
      n.appliedLsn = e.lsn;
      n.values = new Map(n.durable);
      if (n.role === 'down') n.role = n.lastRole;
      break;
    }
    case 'clock':
      nodeOf(f, e.node).skew = e.skew;
      break;
    case 'suspect':
      nodeOf(f, e.node).suspects.add(e.suspect);
      break;
    case 'role': {
      const n = nodeOf(f, e.node);
      n.role = e.role;
      if (e.role !== 'down') n.lastRole = e.role;
      n.epoch = e.epoch;
      if (e.role !== 'candidate') n.suspects.clear();
      break;
    }
    case 'elect': {
      // The node became leader for the epoch; the engine also says so with a `role` event, hand-made traces may not.
      const n = nodeOf(f, e.node);
      n.epoch = e.epoch;
      n.role = 'leader';
      n.lastRole = 'leader';
      break;
    }
    case 'repair': {
      const n = nodeOf(f, e.node);
      setVal(n.values, e.key, e.value);
      setVal(n.durable, e.key, e.value);
      break;
    }
    case 'note':
      f.narration = e.text;
      break;
    case 'fence':
    case 'hook-error':
      break;
  }
}

/**
 * The board a fold shows now. Every container in it is a fresh copy (node
 * cards, maps, lists, message, operation and CDC records), so a caller that
 * writes to a board cannot reach the fold or a checkpoint; the values inside
 * are the trace's own, as `stateAt` has always shared them.
 */
function freezeFold(f: Fold): BoardState {
  const position = (id: NodeId) => f.nodes.get(id);
  const leader = currentLeader(f.order, position);
  const leaders = f.order.filter((id) => f.nodes.get(id)?.role === 'leader');
  const nodes: Record<NodeId, NodeBoard> = {};
  for (const id of f.order) {
    const n = f.nodes.get(id);
    if (!n) continue;
    nodes[id] = {
      node: id,
      role: n.role,
      lastRole: n.lastRole,
      up: n.role !== 'down',
      epoch: n.epoch,
      lsn: n.lsn,
      appliedLsn: n.appliedLsn,
      commitLsn: n.commitLsn,
      lag: lagBehind(f.shape, leader, id, position),
      values: Object.fromEntries(n.values),
      durable: Object.fromEntries(n.durable),
      queueDepth: n.queueDepth,
      skew: n.skew,
      suspects: [...n.suspects],
      lastReject: n.lastReject,
    };
  }
  const cdc: Record<string, { lsn: number; view: Value }> = {};
  for (const [k, v] of f.cdc) cdc[k] = { ...v };
  return {
    step: f.step,
    time: f.time,
    order: [...f.order],
    nodes,
    leader,
    leaders,
    inFlight: [...f.inFlight.values()].map((m) => ({ ...m })),
    partition: f.partition ? f.partition.map((g) => [...g]) : null,
    slowLinks: Object.fromEntries(f.slow),
    cdc,
    pendingOps: f.pending.size,
    pending: [...f.pending.values()].map((p) => ({ ...p })),
    narration: f.narration,
  };
}

/**
 * The board after events `0..step` (inclusive). `step` is clamped to the trace;
 * `-1` gives the board before anything happened.
 *
 * @example
 * const t = sim.trace();
 * const board = stateAt(t, t.events.length - 1);
 * board.nodes['B']?.lag; // entries B is behind the leader
 */
export function stateAt(trace: Trace, step: number): BoardState {
  const f = emptyFold(trace);
  const last = Math.min(step, trace.events.length - 1);
  for (let i = 0; i <= last; i++) stepAt(f, trace, i);
  return freezeFold(f);
}

function stepAt(f: Fold, trace: Trace, i: number): void {
  const e = trace.events[i];
  if (e) stepFold(f, e);
}

/**
 * A seekable replay of one trace, for viewers that scrub back and forth.
 * Created by `createReplay`; it folds lazily (see there).
 */
export interface Replay {
  readonly trace: Trace;
  /** Events in the trace. */
  readonly length: number;
  /** Distance between checkpoints, in events. */
  readonly every: number;
  /**
   * Checkpoints kept so far: 1 (the empty board) until `at` goes further, then
   * `floor((furthest step + 1) / every) + 1`. For tests and memory accounting.
   */
  readonly checkpointCount: number;
  /**
   * The board after events `0..step`, equal to `stateAt(trace, step)` (`step`
   * clamped to `-1..length - 1`, fractions rounded down, `NaN` as -1). A fresh
   * board each call: the caller may keep or change it without reaching the
   * replay. O(`every`) per call, O(distance) when stepping forward.
   */
  at(step: number): BoardState;
  /** The last step at or before virtual time `time` (-1 if the first event is later). */
  stepAtTime(time: number): number;
}

/**
 * A replay that folds nothing up front. `at(step)` extends a frontier only as
 * far as it is asked to, keeping a copy of the fold every `every` events on
 * the way, so opening a long run costs nothing and any later seek starts from
 * a checkpoint at most `every - 1` events back (RaftScope's time travel). It
 * also keeps the fold it last returned a board of: asked for a step ahead of
 * it and not past the next checkpoint (playback, "step forward"), it folds on
 * from there instead of from a checkpoint.
 *
 * @example
 * const replay = createReplay(sim.trace());
 * replay.at(120).nodes['A']?.role;
 */
export function createReplay(trace: Trace, every = 500): Replay {
  const interval = Math.max(1, Math.floor(every));
  const last = trace.events.length - 1;
  // checkpoints[k] is the fold after the first k * interval events, kept for every k up to the furthest
  // point folded, never stepped again; `current` is a private fold (a copy) at the last step returned.
  const checkpoints: Fold[] = [emptyFold(trace)];
  let current = cloneFold(checkpoints[0] as Fold);

  /** The first checkpoint boundary (in events applied) after fold `f`. */
  const nextBoundary = (f: Fold): number => (Math.floor((f.step + 1) / interval) + 1) * interval;

  /** Steps `f` up to `target`, keeping a checkpoint at each boundary not yet kept. */
  const foldOn = (f: Fold, target: number): void => {
    for (let i = f.step + 1; i <= target; i++) {
      stepAt(f, trace, i);
      if ((i + 1) % interval === 0 && (i + 1) / interval === checkpoints.length) checkpoints.push(cloneFold(f));
    }
  };

  const clampStep = (s: number): number => (Number.isNaN(s) ? -1 : Math.max(-1, Math.min(last, Math.floor(s))));

  return {
    trace,
    length: trace.events.length,
    every: interval,
    get checkpointCount() {
      return checkpoints.length;
    },
    at(s: number): BoardState {
      const target = clampStep(s);
      if (target < current.step || target + 1 > nextBoundary(current)) {
        // From the nearest checkpoint at or before the target; past the frontier, from the last one.
        const k = Math.min(Math.floor((target + 1) / interval), checkpoints.length - 1);
        current = cloneFold(checkpoints[k] as Fold);
      }
      foldOn(current, target);
      return freezeFold(current);
    },
    stepAtTime(time: number): number {
      // Trace times never decrease: binary search for the first event later than `time`.
      let lo = 0;
      let hi = trace.events.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((trace.events[mid] as TraceEvent).time <= time) lo = mid + 1;
        else hi = mid;
      }
      return lo - 1;
    },
  };
}
