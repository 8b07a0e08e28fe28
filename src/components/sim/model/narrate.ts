/**
 * Words for events: what the live region says after each step and what the
 * summary table lists. "t=120 ms: follower f1 applied LSN 5 (gold = 105)".
 */
import type { NodeId, TraceEvent, Value } from '../../../engine/trace/events.ts';
import type { ViewState } from './fold.ts';
import { formatMs } from './format.ts';

export { formatMs };

export function formatValue(v: Value | undefined): string {
  if (v === undefined) return '—';
  if (v === null) return 'null';
  if (typeof v === 'string')
    return JSON.stringify(v).length > 26 ? `${JSON.stringify(v).slice(0, 24)}…"` : JSON.stringify(v);
  const s = JSON.stringify(v);
  return s.length > 28 ? `${s.slice(0, 26)}…` : s;
}

/** "leader a", "follower f1", or just the id when the role is not known. */
export function nodeLabel(s: ViewState | undefined, id: NodeId): string {
  const n = s?.nodes[id];
  if (!n || n.lastRole === 'single') return `node ${id}`;
  return `${n.lastRole} ${id}`;
}

/** One sentence for one event, using the state *after* it for roles. */
export function describeEvent(e: TraceEvent, s?: ViewState): string {
  const who = (id: NodeId): string => nodeLabel(s, id);
  switch (e.type) {
    case 'invoke':
      return `client ${e.client} asks ${who(e.node)} to ${e.kind} ${e.key}${e.value !== undefined ? ` = ${formatValue(e.value)}` : ''} (${e.op})`;
    case 'ack':
      return e.kind === 'read'
        ? `${who(e.node)} answers client ${e.client}: ${e.key} = ${formatValue(e.value)}${e.lsn !== undefined ? ` at LSN ${e.lsn}` : ''} (${e.op})`
        : `${who(e.node)} acknowledges ${e.kind} of ${e.key}${e.lsn !== undefined ? ` at LSN ${e.lsn}` : ''} to client ${e.client} (${e.op})`;
    case 'fail':
      return `${e.kind} of ${e.key} by client ${e.client} failed at ${who(e.node)}: ${e.reason} (${e.op})`;
    case 'info':
      return `${e.kind} of ${e.key} by client ${e.client} has an unknown outcome: ${e.reason} (${e.op})`;
    case 'send':
      return `${who(e.from)} sends ${e.kind}${e.summary ? ` (${e.summary})` : ''} to ${who(e.to)}`;
    case 'deliver':
      return `${who(e.to)} receives ${e.kind} from ${who(e.from)}`;
    case 'drop':
      return `${e.kind} from ${who(e.from)} to ${who(e.to)} is lost (${e.reason})`;
    case 'duplicate':
      return `the network duplicates ${e.kind} from ${who(e.from)} to ${who(e.to)}`;
    case 'partition':
      return `network partition: ${e.groups.map((g) => `{${g.join(', ')}}`).join(' | ')}`;
    case 'heal':
      return 'the network partition heals';
    case 'link':
      return e.factor === 1
        ? `link ${e.from} → ${e.to} is back to normal speed`
        : `link ${e.from} → ${e.to} slows down ×${e.factor}`;
    case 'append':
      return `${who(e.node)} appends LSN ${e.lsn} (${e.key}, epoch ${e.epoch})`;
    case 'apply':
      return `${who(e.node)} applied LSN ${e.lsn} (${e.key} = ${formatValue(e.value)})`;
    case 'commit':
      return `${who(e.node)} commits up to LSN ${e.lsn}`;
    case 'reject-entry':
      return `${who(e.node)} rejects LSN ${e.lsn}: ${e.reason}`;
    case 'vote':
      return `${who(e.node)} hears ${e.granted ? 'a vote' : 'a refusal'} from ${who(e.from)} for epoch ${e.epoch} (its log ends at LSN ${e.lsn}, epoch ${e.lastEpoch})`;
    case 'truncate':
      return `${who(e.node)} cuts its log back to LSN ${e.lsn}, dropping LSN ${e.from}..${e.to} (epoch ${e.epoch}) that the leader never had`;
    case 'snapshot':
      return `${who(e.node)} loads a snapshot from ${who(e.from)} up to LSN ${e.lsn}`;
    case 'cdc':
      return `consumer ${e.consumer} gets LSN ${e.lsn}: ${e.key} ${formatValue(e.before)} → ${formatValue(e.after)}${e.redelivery ? ' (redelivery)' : ''}`;
    case 'queue':
      return `${who(e.node)} queue depth is ${e.depth}`;
    case 'crash':
      return `${who(e.node)} crashes`;
    case 'restart':
      return `${who(e.node)} restarts with its log up to LSN ${e.lsn}`;
    case 'clock':
      return `${who(e.node)} clock is now ${e.skew >= 0 ? '+' : ''}${e.skew} ms off`;
    case 'suspect':
      return `${who(e.node)} suspects ${e.suspect} has failed`;
    case 'role':
      return e.role === 'down' ? `node ${e.node} is down` : `node ${e.node} becomes ${e.role} (epoch ${e.epoch})`;
    case 'elect':
      return `node ${e.node} is elected leader for epoch ${e.epoch}`;
    case 'fence':
      return `${who(e.node)} refuses a request from stale epoch ${e.staleEpoch} (now epoch ${e.epoch})`;
    case 'repair':
      return `${e.via} writes ${e.key} = ${formatValue(e.value)} to ${who(e.node)}`;
    case 'note':
      return e.text;
    case 'hook-error':
      return `your ${e.hook} threw${e.node ? ` on ${e.node}` : ''}: ${e.message} (the engine used a safe default)`;
    default:
      // An event type newer than this viewer: say what it is rather than nothing.
      return `event ${(e as { type: string }).type}`;
  }
}

/** The live-region sentence for a step: "t=120 ms: follower f1 applied LSN 5 (gold = 105)". */
export function narrate(e: TraceEvent | undefined, s?: ViewState): string {
  if (!e) return 't=0 ms: start of the run';
  return `t=${formatMs(e.time)}: ${describeEvent(e, s)}`;
}
