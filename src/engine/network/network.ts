/**
 * The simulated network: every node-to-node message goes through `send`,
 * which records a `send` event and then schedules a `deliver`, or records a
 * `drop` (loss, partition, node down) and a `duplicate` when the network
 * copies a message. Partitions cut links; messages already in flight across a
 * new cut are dropped at the moment of the cut.
 */
import type { MessageId, NodeId } from '../trace/events.ts';
import type { Recorder } from '../trace/recorder.ts';
import type { Rng } from '../model/rng.ts';
import { sampleLatency, type Latency } from '../model/latency.ts';
import type { NetworkConfig } from './config.ts';

/** A message in flight. `body` is protocol-specific and never recorded whole. */
export interface Message<B = unknown> {
  readonly id: MessageId;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly kind: string;
  readonly body: B;
  /** Set when a partition cut the message's path while it was in flight. */
  cut: boolean;
}

interface LinkSettings {
  latency: Latency;
  loss: number;
  duplicate: number;
  factor: number;
  /** Latest scheduled arrival on this link (for FIFO delivery). */
  lastArrival: number;
}

export interface NetworkHost {
  schedule(at: number, task: () => void): void;
  /** Called when a message arrives at a node that is up. */
  deliver(msg: Message): void;
  isUp(node: NodeId): boolean;
}

export class Network {
  private readonly config: NetworkConfig;
  private readonly rng: Rng;
  private readonly rec: Recorder;
  private readonly host: NetworkHost;
  private readonly links = new Map<string, LinkSettings>();
  /** group index per node while partitioned; empty when healed. */
  private groupOf = new Map<NodeId, number>();
  private readonly inFlight = new Set<Message>();
  /** One random stream per message kind, so heartbeats (say) never shift replication's draws. */
  private readonly kindRng = new Map<string, Rng>();
  private clientRng: Rng | null = null;
  private nextId = 0;
  private readonly fifo: boolean;

  constructor(config: NetworkConfig, rng: Rng, rec: Recorder, host: NetworkHost) {
    this.config = config;
    this.rng = rng;
    this.rec = rec;
    this.host = host;
    this.fifo = config.fifo ?? true;
  }

  private link(from: NodeId, to: NodeId): LinkSettings {
    const k = from + '\u0000' + to;
    let l = this.links.get(k);
    if (l === undefined) {
      l = this.resolveLink(from, to);
      this.links.set(k, l);
    }
    return l;
  }

  private resolveLink(from: NodeId, to: NodeId): LinkSettings {
    const c = this.config;
    let latency: Latency = c.latency ?? 5;
    const regions = c.regions;
    if (regions) {
      const ra = regions.nodes[from];
      const rb = regions.nodes[to];
      if (ra !== undefined && rb !== undefined) {
        const l = ra === rb ? regions.latency[ra] : (regions.latency[`${ra}-${rb}`] ?? regions.latency[`${rb}-${ra}`]);
        if (l !== undefined) latency = l;
      }
    }
    let loss = c.loss ?? 0;
    let duplicate = c.duplicate ?? 0;
    for (const o of c.links ?? []) {
      const match = (o.from === from && o.to === to) || (o.bidirectional !== false && o.from === to && o.to === from);
      if (!match) continue;
      if (o.latency !== undefined) latency = o.latency;
      if (o.loss !== undefined) loss = o.loss;
      if (o.duplicate !== undefined) duplicate = o.duplicate;
    }
    return { latency, loss, duplicate, factor: 1, lastArrival: 0 };
  }

  /** True when no partition separates `a` and `b`. */
  reachable(a: NodeId, b: NodeId): boolean {
    if (this.groupOf.size === 0) return true;
    const ga = this.groupOf.get(a);
    const gb = this.groupOf.get(b);
    // Nodes not named in any group form their own island.
    return ga !== undefined && ga === gb;
  }

  get partitioned(): boolean {
    return this.groupOf.size > 0;
  }

  /** Hands a message to the network. Returns its id. */
  send<B>(from: NodeId, to: NodeId, kind: string, body: B, summary?: string): MessageId {
    const id = 'm-' + this.nextId++;
    const rec = this.rec;
    if (summary === undefined) rec.emit({ type: 'send', msg: id, from, to, kind });
    else rec.emit({ type: 'send', msg: id, from, to, kind, summary });
    if (!this.reachable(from, to)) {
      rec.emit({ type: 'drop', msg: id, from, to, kind, reason: 'partition' });
      return id;
    }
    const l = this.link(from, to);
    const rng = this.streamFor(kind);
    if (l.loss > 0 && rng.chance(l.loss)) {
      rec.emit({ type: 'drop', msg: id, from, to, kind, reason: 'loss' });
      return id;
    }
    const msg: Message<B> = { id, from, to, kind, body, cut: false };
    this.schedule(msg, l);
    if (l.duplicate > 0 && rng.chance(l.duplicate)) {
      rec.emit({ type: 'duplicate', msg: id, from, to, kind });
      this.schedule(msg, l);
    }
    return id;
  }

  private schedule(msg: Message, l: LinkSettings): void {
    let at = this.rec.now + sampleLatency(l.latency, this.streamFor(msg.kind)) * l.factor;
    if (this.fifo) {
      if (at < l.lastArrival) at = l.lastArrival;
      l.lastArrival = at;
    }
    this.inFlight.add(msg);
    this.host.schedule(at, () => this.arrive(msg));
  }

  private arrive(msg: Message): void {
    this.inFlight.delete(msg);
    if (msg.cut) return; // the drop was recorded when the partition cut it
    if (!this.host.isUp(msg.to)) {
      this.rec.emit({ type: 'drop', msg: msg.id, from: msg.from, to: msg.to, kind: msg.kind, reason: 'node-down' });
      return;
    }
    this.rec.emit({ type: 'deliver', msg: msg.id, from: msg.from, to: msg.to, kind: msg.kind });
    this.host.deliver(msg);
  }

  /** Splits the network into groups; in-flight messages across the cut are dropped now. */
  partition(groups: readonly (readonly NodeId[])[]): void {
    this.groupOf = new Map();
    groups.forEach((g, i) => {
      for (const n of g) this.groupOf.set(n, i);
    });
    this.rec.emit({ type: 'partition', groups: groups.map((g) => [...g]) });
    for (const m of this.inFlight) {
      if (!m.cut && !this.reachable(m.from, m.to)) {
        m.cut = true;
        this.rec.emit({ type: 'drop', msg: m.id, from: m.from, to: m.to, kind: m.kind, reason: 'partition' });
      }
    }
  }

  heal(): void {
    this.groupOf = new Map();
    this.rec.emit({ type: 'heal' });
  }

  /** Multiplies a link's latency by `factor` (1 restores it). */
  slowLink(from: NodeId, to: NodeId, factor: number, bidirectional = true): void {
    this.link(from, to).factor = factor;
    this.rec.emit({ type: 'link', from, to, factor });
    if (bidirectional) {
      this.link(to, from).factor = factor;
      this.rec.emit({ type: 'link', from: to, to: from, factor });
    }
  }

  /** A client-to-node one-way delay (clients are not nodes; their traffic is not recorded as messages). */
  clientDelay(): number {
    this.clientRng ??= this.rng.fork('client-hops');
    return sampleLatency(this.config.clientLatency ?? 1, this.clientRng);
  }

  private streamFor(kind: string): Rng {
    let rng = this.kindRng.get(kind);
    if (rng === undefined) {
      rng = this.rng.fork('kind:' + kind);
      this.kindRng.set(kind, rng);
    }
    return rng;
  }
}
