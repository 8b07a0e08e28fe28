/**
 * Lookups over a whole trace, built once per run: where each message ends
 * (so a message in flight can be drawn part-way along its link), which
 * completion belongs to each client operation, and on which node each event
 * happens (its lane in the space-time diagram).
 */
import type {
  MessageId,
  NodeId,
  OpId,
  Trace,
  TraceEvent,
  SendEvent,
  InvokeEvent,
  AckEvent,
  FailEvent,
  InfoEvent,
} from '../../../engine/trace/events.ts';
import type { FlightView, ViewState } from './fold.ts';

export interface MessageEnd {
  readonly step: number;
  readonly time: number;
  readonly type: 'deliver' | 'drop';
  readonly reason?: string;
}

export interface MessageRecord {
  readonly send: SendEvent;
  /** Deliveries and drops of this message, in trace order. */
  readonly ends: MessageEnd[];
}

export interface OpRecord {
  readonly invoke: InvokeEvent;
  done: AckEvent | FailEvent | InfoEvent | undefined;
}

export interface TraceIndex {
  readonly trace: Trace;
  readonly messages: ReadonlyMap<MessageId, MessageRecord>;
  readonly ops: ReadonlyMap<OpId, OpRecord>;
  /** Node ids: the trace's list plus any other node named by an event, in first-seen order. */
  readonly nodes: readonly NodeId[];
  readonly endTime: number;
}

/** The node an event happens on (`undefined` for network-wide events such as a partition). */
export function nodeOf(e: TraceEvent): NodeId | undefined {
  switch (e.type) {
    case 'send':
      return e.from;
    case 'deliver':
    case 'drop':
    case 'duplicate':
      return e.to;
    case 'link':
      return e.from;
    case 'partition':
    case 'heal':
    case 'note':
    case 'cdc':
      return undefined;
    case 'state':
      // A machine's owner is a node, a consumer or a session: a node only when the trace names it one.
      return undefined;
    default:
      return e.node;
  }
}

export function indexTrace(trace: Trace): TraceIndex {
  const messages = new Map<MessageId, MessageRecord>();
  const ops = new Map<OpId, OpRecord>();
  const nodes: NodeId[] = [...trace.nodes];
  const seen = new Set(nodes);
  const see = (id: NodeId | undefined): void => {
    if (id !== undefined && !seen.has(id)) {
      seen.add(id);
      nodes.push(id);
    }
  };
  for (const e of trace.events) {
    switch (e.type) {
      case 'send':
        see(e.from);
        see(e.to);
        messages.set(e.msg, { send: e, ends: [] });
        break;
      case 'deliver':
      case 'drop':
        messages
          .get(e.msg)
          ?.ends.push({ step: e.step, time: e.time, type: e.type, ...(e.type === 'drop' ? { reason: e.reason } : {}) });
        break;
      case 'invoke':
        see(e.node);
        ops.set(e.op, { invoke: e, done: undefined });
        break;
      case 'ack':
      case 'fail':
      case 'info': {
        const r = ops.get(e.op);
        if (r && !r.done) r.done = e;
        break;
      }
      default:
        see(nodeOf(e));
    }
  }
  const last = trace.events[trace.events.length - 1];
  return { trace, messages, ops, nodes, endTime: last ? last.time : 0 };
}

/** A message drawn between two nodes: `progress` 0 = just sent, 1 = arriving. */
export interface FlightPosition {
  readonly flight: FlightView;
  readonly progress: number;
  /** How this copy will end, when the trace knows. */
  readonly fate: 'deliver' | 'drop' | 'unknown';
}

/**
 * Messages in flight at the state's moment and how far along their link each
 * one is, from its send time and the time of the delivery or drop still ahead.
 */
export function flightPositions(state: ViewState, index: TraceIndex): FlightPosition[] {
  const out: FlightPosition[] = [];
  for (const f of state.inFlight) {
    const rec = index.messages.get(f.msg);
    const end = rec?.ends.find((x) => x.step >= state.cursor);
    let progress = 0.5;
    if (end) {
      const span = end.time - f.sentAt;
      progress = span > 0 ? (state.time - f.sentAt) / span : 1;
    }
    out.push({ flight: f, progress: Math.max(0, Math.min(1, progress)), fate: end ? end.type : 'unknown' });
  }
  out.sort((a, b) => a.flight.sentStep - b.flight.sentStep);
  return out;
}
