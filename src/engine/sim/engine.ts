/**
 * The engine: one event loop over one queue, the nodes' state, the clients,
 * the fault schedule and the recorder. Protocol behaviour (single leader,
 * multi-leader, leaderless, CDC, failover) lives in sibling files as plain
 * functions over this class; node control states go through the XState
 * machine in `machines/node-role.ts`.
 *
 * Fields are public because the protocol files are part of the engine; the
 * public API (`Simulation` in `simulation.ts`) exposes only methods.
 */
import type {
  AckEvent,
  MessageDetail,
  NodeId,
  OpId,
  OperationKind,
  Trace,
  TraceEventInput,
  Value,
} from '../trace/events.ts';
import { Recorder } from '../trace/recorder.ts';
import { EventQueue, type Task } from '../model/queue.ts';
import { Rng } from '../model/rng.ts';
import { meanLatency, sampleLatency } from '../model/latency.ts';
import { ReplicationLog, type Expression, type LogFormat } from '../model/log.ts';
import { localTime } from '../model/clock.ts';
import { Network, type Message } from '../network/network.ts';
import { nodeRoleMachine, roleOf, type NodeRole, type NodeRoleEvent } from '../machines/node-role.ts';
import { MachineInstance, type MachineOptions } from '../machines/host.ts';
import { requestEvents, requestMachine } from '../machines/request.ts';
import { sessionEvents, sessionMachine } from '../machines/session.ts';
import type { FollowerStreamEvent } from '../machines/follower-stream.ts';
import { shapeOf, type CapacityConfig, type Fault, type SimulationConfig } from '../config.ts';
import { describeError, errorName, type HookName, type Hooks, type RequestInfo } from '../hooks.ts';
import type {
  Call,
  ClientProcess,
  NodeState,
  OpResult,
  Outcome,
  Request,
  ResolvedCapacity,
  SessionState,
} from './types.ts';
import { CdcPipeline } from './cdc.ts';
import type { Protocol } from '../protocols/protocol.ts';
import { singleLeaderProtocol } from '../protocols/single-leader.ts';
import { multiLeaderProtocol } from '../protocols/multi-leader.ts';
import { leaderlessProtocol } from '../protocols/leaderless.ts';
import { startWorkload } from './workload.ts';

/** Where an operation's state changes go when the run does not record them. */
const ignoreStateChange = (): void => {};

export type TopologyKind = 'single-leader' | 'multi-leader' | 'leaderless';

const DEFAULT_MAX_EVENTS = 500_000;

export class Engine {
  readonly config: SimulationConfig;
  readonly seed: number;
  readonly label: string;
  readonly rec: Recorder;
  readonly queue = new EventQueue();
  readonly rng: Rng;
  readonly netRng: Rng;
  readonly clientRng: Rng;
  readonly faultRng: Rng;
  /** Which replica a read goes to under the `random` and `followers` policies. */
  readonly routingRng: Rng;
  /** Which clients learn of a new leader at once (service discovery after a failover). */
  readonly discoveryRng: Rng;
  readonly net: Network;
  readonly kind: TopologyKind;
  /** The topology's protocol, chosen once from the configuration. */
  readonly protocol: Protocol;
  readonly nodeIds: NodeId[];
  readonly nodes = new Map<NodeId, NodeState>();
  /** The configured leader's name (single-leader topologies). */
  readonly initialLeader: NodeId | null;
  readonly format: LogFormat;
  readonly mode: 'async' | 'sync' | 'semi-sync';
  readonly hooks: Hooks;
  readonly cdc: CdcPipeline;
  readonly ops = new Map<OpId, OpResult>();
  readonly sessions = new Map<string, SessionState>();
  readonly processes = new Map<string, ClientProcess[]>();
  readonly clientTimeout: number;
  readonly failoverOn: boolean;
  readonly fencing: boolean;
  private nextOp = 0;

  constructor(config: SimulationConfig) {
    this.config = config;
    this.seed = config.seed >>> 0;
    this.label = config.label ?? 'simulation';
    this.rec = new Recorder(this.seed, config.maxEvents ?? DEFAULT_MAX_EVENTS);
    this.rng = new Rng(this.seed);
    this.netRng = this.rng.fork('network');
    this.clientRng = this.rng.fork('clients');
    this.faultRng = this.rng.fork('faults');
    this.discoveryRng = this.rng.fork('discovery');
    this.routingRng = this.rng.fork('routing');
    this.hooks = config.hooks ?? {};
    this.format = config.replication?.format ?? 'logical';
    this.mode = config.replication?.mode ?? 'async';
    this.clientTimeout = config.clients?.timeout ?? 1000;
    this.failoverOn = config.failover !== undefined;
    this.fencing = config.failover?.fencing ?? true;
    const t = config.topology;
    let roles: [NodeId, NodeRole][];
    if ('leader' in t) {
      this.protocol = singleLeaderProtocol;
      this.initialLeader = t.leader;
      const followers = t.followers ?? [];
      roles = [
        [t.leader, followers.length === 0 ? 'single' : 'leader'],
        ...followers.map((f): [NodeId, NodeRole] => [f, 'follower']),
      ];
    } else if ('leaders' in t) {
      this.protocol = multiLeaderProtocol;
      this.initialLeader = null;
      roles = t.leaders.map((n): [NodeId, NodeRole] => [n, 'leader']);
    } else {
      this.protocol = leaderlessProtocol;
      this.initialLeader = null;
      roles = [...t.replicas, ...(config.quorum?.standbys ?? [])].map((n): [NodeId, NodeRole] => [n, 'single']);
    }
    this.kind = this.protocol.kind;
    this.nodeIds = roles.map(([n]) => n);
    if (new Set(this.nodeIds).size !== this.nodeIds.length)
      throw new Error(`Node names must be unique: ${this.nodeIds.join(', ')}`);
    this.net = new Network(config.network ?? {}, this.netRng, this.rec, {
      schedule: (at, task) => this.queue.push(at, task),
      deliver: (msg) => this.deliver(msg),
      isUp: (node) => this.nodes.get(node)?.role !== 'down',
    });
    for (const [id, role] of roles) this.addNode(id, role);
    this.cdc = new CdcPipeline(this, config.cdc ?? []);
    for (const f of config.faults ?? []) this.queue.push(f.at, () => this.applyFault(f));
    if (config.workload) startWorkload(this, config.workload);
    this.protocol.start(this);
  }

  // ------------------------------------------------------------------ nodes

  addNode(id: NodeId, role: NodeRole): NodeState {
    const capCfg = this.config.capacity;
    let cap: ResolvedCapacity | null = null;
    if (capCfg) {
      const o: CapacityConfig = { ...capCfg, ...(capCfg.nodes?.[id] ?? {}) };
      cap = {
        workers: o.workers ?? 1,
        readTime: o.readTime ?? 2,
        writeTime: o.writeTime ?? 4,
        queueLimit: o.queueLimit ?? Infinity,
      };
    }
    const epoch = role === 'leader' || role === 'single' ? 1 : 1;
    // The node-role machine assigns its epoch as it goes: its transitions are cached with its context in the key.
    const control = this.machine(nodeRoleMachine, id, { role, epoch }, { contextKeyed: true });
    const node: NodeState = {
      id,
      control,
      failover: null,
      stream: null,
      commit: null,
      role,
      epoch,
      incarnation: 0,
      log: new ReplicationLog(),
      baseData: new Map(),
      data: new Map(),
      appliedLsn: 0,
      commitLsn: 0,
      storageVersion: this.config.replication?.storageVersions?.[id] ?? 1,
      broken: null,
      skew: this.config.clocks?.[id] ?? 0,
      rng: this.rng.fork('node:' + id),
      serviceRng: this.rng.fork('service:' + id),
      timerRng: this.rng.fork('timers:' + id),
      cap,
      waiting: [],
      waitingHead: 0,
      busy: 0,
      serving: new Set(),
      progress: new Map(),
      pending: new Map(),
      retransmitArmed: false,
      flushArmed: false,
      leaseUntil: Infinity,
      leader: this.initialLeader,
      lastFetchAt: -Infinity,
      lastHeardLeader: 0,
      suspecting: false,
      votedFor: null,
      epochSeen: 0,
      electing: null,
      hbAcks: new Map(),
      store: new Map(),
      hints: [],
      vvClock: 0,
    };
    this.nodes.set(id, node);
    if (!this.nodeIds.includes(id)) this.nodeIds.push(id);
    this.rec.emit({ type: 'role', node: id, role, epoch });
    if (node.skew !== 0) this.rec.emit({ type: 'clock', node: id, skew: node.skew });
    this.protocol.initNode(this, node, role);
    return node;
  }

  /** Steps a node's follower-stream machine, unless it is already where the event would take it. */
  stream(node: NodeState, event: FollowerStreamEvent): void {
    const m = node.stream;
    if (m === null) return;
    // The common case on the hot path: a batch in order while streaming changes nothing.
    if (event.type === 'stream.in-step' && m.state === 'following.streaming') return;
    m.send(event);
  }

  /** Starts a protocol machine for `owner`; its changes of state are recorded as `state` events. */
  /** A client operation's `request` machine; its changes are recorded only when the config asks (`operationMachines`). */
  private operationMachine(op: OpId): MachineInstance {
    if (this.config.operationMachines === true) return this.machine(requestMachine, op, undefined);
    return new MachineInstance(requestMachine, op, undefined, ignoreStateChange, { fixedContext: true });
  }

  machine(
    machine: MachineInstance['machine'],
    owner: string,
    input: unknown,
    options: MachineOptions = { fixedContext: true },
  ): MachineInstance {
    return new MachineInstance(
      machine,
      owner,
      input,
      (o, m, from, to, event) => this.rec.emit({ type: 'state', owner: o, machine: m, from, to, event }),
      options,
    );
  }

  node(id: NodeId): NodeState {
    const n = this.nodes.get(id);
    if (n === undefined) throw new Error(`Unknown node "${id}". Nodes: ${this.nodeIds.join(', ')} (seed ${this.seed})`);
    return n;
  }

  /** Advances a node's control machine and records a `role` event when its role or epoch changed. */
  control(node: NodeState, event: NodeRoleEvent): void {
    const before = node.role;
    const beforeEpoch = node.epoch;
    const snapshot = node.control.send(event);
    node.role = roleOf(snapshot);
    node.epoch = (snapshot.context as { epoch: number }).epoch;
    const leads = (r: string): boolean => r === 'leader' || r === 'single';
    if (leads(node.role) && !leads(before)) {
      this.stream(node, { type: 'role.lead' });
      node.commit?.send({ type: 'role.lead' });
    } else if (!leads(node.role) && leads(before)) {
      if (node.role === 'follower') this.stream(node, { type: 'role.follow' });
      node.commit?.send({ type: 'role.follow' });
    }
    if (node.role !== before || node.epoch !== beforeEpoch) {
      this.rec.emit({ type: 'role', node: node.id, role: node.role, epoch: node.epoch });
    }
  }

  /** The node currently acting as leader, preferring the highest epoch (single-leader topologies). */
  currentLeader(): NodeState | null {
    let best: NodeState | null = null;
    for (const id of this.nodeIds) {
      const n = this.nodes.get(id);
      if (n && (n.role === 'leader' || n.role === 'single') && (best === null || n.epoch > best.epoch)) best = n;
    }
    return best;
  }

  now(): number {
    return this.rec.now;
  }

  emit(e: TraceEventInput): void {
    this.rec.emit(e);
  }

  schedule(at: number, task: Task): void {
    this.queue.push(at, task);
  }

  /** Schedules `task` only if `node` has not crashed in between. */
  nodeTimer(node: NodeState, at: number, task: Task): void {
    const inc = node.incarnation;
    this.queue.push(at, () => {
      if (node.incarnation === inc && node.role !== 'down') task();
    });
  }

  send<B>(from: NodeId, to: NodeId, kind: string, body: B, summary?: string, detail?: MessageDetail): void {
    this.net.send(from, to, kind, body, summary, detail);
  }

  private deliver(msg: Message): void {
    const node = this.nodes.get(msg.to);
    if (node) this.protocol.onMessage(this, node, msg);
  }

  /** Evaluates a non-deterministic expression on `node` (its own clock and random stream). */
  evalExpr(node: NodeState, expr: Expression): Value {
    if (expr === 'NOW()') return localTime(this.rec.now, node.skew);
    return Math.round(node.rng.next() * 1e6) / 1e6;
  }

  // ------------------------------------------------------------------ hooks

  /** Calls a learner hook; on a throw records `hook-error` and returns `fallback`. */
  callHook<R>(name: HookName, node: NodeId | undefined, fn: () => R, fallback: R): R {
    try {
      return fn();
    } catch (err) {
      const message = describeError(err);
      const errName = errorName(err);
      if (node === undefined) this.rec.emit({ type: 'hook-error', hook: name, message, name: errName });
      else this.rec.emit({ type: 'hook-error', hook: name, node, message, name: errName });
      return fallback;
    }
  }

  // ------------------------------------------------------------------ faults

  applyFault(f: Fault): void {
    switch (f.kind) {
      case 'crash':
        this.crash(f.node);
        break;
      case 'restart':
        this.restart(f.node);
        break;
      case 'partition':
        this.net.partition(f.groups);
        break;
      case 'heal':
        this.net.heal();
        break;
      case 'slow':
        this.net.slowLink(f.from, f.to, f.factor);
        break;
      case 'skew':
        this.setSkew(f.node, f.ms);
        break;
      case 'upgrade':
        this.upgrade(f.node, f.version);
        break;
      case 'add-follower':
        this.protocol.addFollower(this, f.node);
        break;
      case 'crash-consumer':
        this.cdc.crashConsumer(f.consumer);
        break;
      case 'note':
        this.rec.emit({ type: 'note', text: f.text });
        break;
    }
  }

  crash(id: NodeId): void {
    const node = this.node(id);
    if (node.role === 'down') return;
    this.rec.emit({ type: 'crash', node: id });
    this.control(node, { type: 'node.crash' });
    node.failover?.send({ type: 'node.crash' });
    node.stream?.send({ type: 'node.crash' });
    node.incarnation++;
    // Whatever the node held is gone with its memory: no answer will come for it.
    for (let i = node.waitingHead; i < node.waiting.length; i++) node.waiting[i]?.life.send(requestEvents.crash);
    for (const req of node.serving) req.life.send(requestEvents.crash);
    for (const req of node.pending.values()) req.life.send(requestEvents.crash);
    node.serving = new Set();
    // Memory is lost; the log (and the epoch, kept in the machine context) are durable.
    node.data = new Map();
    node.appliedLsn = 0;
    node.waiting = [];
    node.waitingHead = 0;
    node.busy = 0;
    node.pending = new Map();
    node.progress = new Map();
    node.retransmitArmed = false;
    node.flushArmed = false;
    node.electing = null;
    node.suspecting = false;
    if (node.cap) this.rec.emit({ type: 'queue', node: id, depth: 0 });
  }

  restart(id: NodeId): void {
    const node = this.node(id);
    if (node.role !== 'down') return;
    node.incarnation++;
    this.protocol.restart(this, node);
  }

  setSkew(id: NodeId, ms: number): void {
    const node = this.node(id);
    node.skew = ms;
    this.rec.emit({ type: 'clock', node: id, skew: ms });
  }

  upgrade(id: NodeId, version: number): void {
    const node = this.node(id);
    node.storageVersion = version;
    this.rec.emit({ type: 'note', text: `${id} upgraded to storage format v${version}` });
  }

  // ------------------------------------------------------------------ clients

  newOpId(): OpId {
    return 'op-' + this.nextOp++;
  }

  session(id: string): SessionState {
    let s = this.sessions.get(id);
    if (!s) {
      s = {
        id,
        lastWriteLsn: 0,
        lastReadLsn: 0,
        lastReadFrom: null,
        leaderGuess: this.defaultWriteNode(id),
        machine: null,
      };
      this.sessions.set(id, s);
    }
    return s;
  }

  private defaultWriteNode(session: string): NodeId {
    if (this.initialLeader !== null) return this.initialLeader;
    // Multi-leader / leaderless: each session has a home node, spread round-robin.
    const i = this.sessions.size % this.nodeIds.length;
    return this.nodeIds[i] ?? session;
  }

  /** The process for `client` in `session`; open-loop load spawns extra processes when all are busy. */
  process(client: string, session: string, spawnIfBusy: boolean): ClientProcess {
    let list = this.processes.get(client);
    if (!list) {
      list = [];
      this.processes.set(client, list);
    }
    if (spawnIfBusy) {
      for (const p of list) if (!p.busy && p.backlog.length === 0) return p;
    } else if (list[0]) return list[0];
    const p: ClientProcess = {
      id: list.length === 0 ? client : `${client}.${list.length + 1}`,
      session: this.session(session),
      busy: false,
      backlog: [],
    };
    list.push(p);
    return p;
  }

  /** Queues an operation on a client process; it starts when the process is free. */
  submit(proc: ClientProcess, call: Call): void {
    this.ops.set(call.opId, { op: call.opId, kind: call.kind, key: call.key, status: 'queued' });
    if (proc.busy) proc.backlog.push(call);
    else this.startCall(proc, call, call.opId);
  }

  /** Whether a call goes to the node the client believes leads (see `Request.forLeader`). */
  private forLeader(call: Call): boolean {
    if (call.node !== undefined) return false;
    if (call.kind !== 'read') return true;
    return this.hooks.routeRead === undefined && (this.config.clients?.readFrom ?? 'leader') === 'leader';
  }

  private chooseNode(proc: ClientProcess, call: Call): NodeId {
    if (call.node !== undefined) return call.node;
    const s = proc.session;
    if (call.kind !== 'read' || !this.protocol.routesReads) return s.leaderGuess;
    const node = this.routeRead(s, call);
    if (!this.forLeader(call)) this.stepSession(s, node);
    return node;
  }

  /**
   * Reports a routed read to the session's machine (`machines/session.ts`),
   * started at the session's first routed read: whether it goes to the leader
   * and whether the replica has applied everything the session has seen.
   */
  private stepSession(s: SessionState, node: NodeId): void {
    if (s.machine === null) s.machine = this.machine(sessionMachine, s.id, undefined);
    const n = this.node(node);
    const leader = n.role === 'leader' || n.role === 'single';
    const caughtUp = n.appliedLsn >= Math.max(s.lastWriteLsn, s.lastReadLsn);
    s.machine.send(sessionEvents.route(leader, caughtUp));
  }

  private routeRead(s: SessionState, call: Call): NodeId {
    const hook = this.hooks.routeRead;
    const leader = this.currentLeader()?.id ?? s.leaderGuess;
    if (hook) {
      const replicas = this.nodeIds.map((id) => {
        const n = this.node(id);
        return {
          node: id,
          role: n.role === 'leader' || n.role === 'single' ? ('leader' as const) : ('follower' as const),
          up: n.role !== 'down',
          appliedLsn: n.appliedLsn,
        };
      });
      const info = {
        session: s.id,
        lastWriteLsn: s.lastWriteLsn,
        lastReadLsn: s.lastReadLsn,
        lastReadFrom: s.lastReadFrom,
        key: call.key,
      };
      const chosen = this.callHook('routeRead', undefined, () => hook(info, replicas), leader);
      return this.nodes.has(chosen) ? chosen : leader;
    }
    const policy = this.config.clients?.readFrom ?? 'leader';
    if (policy === 'leader') return s.leaderGuess;
    const pool = policy === 'random' ? this.nodeIds : this.nodeIds.filter((n) => n !== leader);
    return pool.length === 0 ? s.leaderGuess : this.routingRng.pick(pool);
  }

  private startCall(proc: ClientProcess, call: Call, op: OpId): void {
    proc.busy = true;
    const node = this.chooseNode(proc, call);
    const now = this.rec.now;
    const s = proc.session;
    // Built field by field rather than with conditional spreads: this runs once per
    // operation, and spreads of `cond ? { x } : {}` cost more than the rest of the call.
    if (call.kind === 'read') {
      this.rec.emit({ type: 'invoke', op, client: proc.id, session: s.id, kind: call.kind, key: call.key, node });
    } else {
      const value = call.expr ?? call.value ?? null;
      this.rec.emit(
        call.expected !== undefined
          ? {
              type: 'invoke',
              op,
              client: proc.id,
              session: s.id,
              kind: call.kind,
              key: call.key,
              value,
              expected: call.expected,
              node,
            }
          : { type: 'invoke', op, client: proc.id, session: s.id, kind: call.kind, key: call.key, value, node },
      );
    }
    let r = this.ops.get(op);
    if (r === undefined) {
      r = { op, kind: call.kind, key: call.key, status: 'pending' };
      this.ops.set(op, r);
    }
    r.status = 'pending';
    r.invokedAt = now;
    r.node = node;
    const req: Request = {
      op,
      client: proc.id,
      session: s.id,
      kind: call.kind,
      key: call.key,
      value: call.value,
      expr: call.expr,
      expected: call.expected,
      node,
      forLeader: this.forLeader(call),
      invokedAt: now,
      deadline: now + this.clientTimeout,
      arrivedAt: -1,
      life: this.operationMachine(op),
      call,
      process: proc,
    };
    this.queue.push(req.deadline, () => this.finish(req, { ok: false, definite: false, reason: 'timeout' }));
    this.queue.push(now + this.net.clientDelay(), () => this.arrive(req));
  }

  /** A request reaches its node: refused when down, queued under finite capacity, else executed. */
  private arrive(req: Request): void {
    const node = this.node(req.node);
    req.arrivedAt = this.rec.now;
    if (node.role === 'down') {
      req.life.send(requestEvents.refuse);
      this.respond(req, { ok: false, definite: true, reason: 'unavailable' });
      return;
    }
    const cap = node.cap;
    if (cap === null) {
      req.life.send(requestEvents.execute);
      this.execute(node, req);
      return;
    }
    const depth = node.waiting.length - node.waitingHead + node.busy;
    const admit = this.hooks.admit;
    if (admit) {
      const info: RequestInfo = {
        op: req.op,
        kind: req.kind,
        key: req.key,
        client: req.client,
        arrivedAt: req.arrivedAt,
        deadline: req.deadline,
        workers: cap.workers,
        serviceTime: meanLatency(req.kind === 'read' ? cap.readTime : cap.writeTime),
      };
      const verdict = this.callHook('admit', node.id, () => admit(depth, info), 'accept');
      if (verdict === 'reject') {
        req.life.send(requestEvents.shed);
        this.respond(req, { ok: false, definite: true, reason: 'shed' });
        return;
      }
    }
    if (node.busy >= cap.workers && node.waiting.length - node.waitingHead >= cap.queueLimit) {
      req.life.send(requestEvents.refuse);
      this.respond(req, { ok: false, definite: true, reason: 'queue-full' });
      return;
    }
    req.life.send(requestEvents.enqueue);
    node.waiting.push(req);
    this.rec.emit({ type: 'queue', node: node.id, depth: depth + 1 });
    this.serve(node);
  }

  private serve(node: NodeState): void {
    const cap = node.cap;
    if (cap === null) return;
    while (node.busy < cap.workers && node.waitingHead < node.waiting.length) {
      const req = node.waiting[node.waitingHead] as Request;
      node.waitingHead++;
      if (node.waitingHead > 1024 && node.waitingHead * 2 > node.waiting.length) {
        node.waiting = node.waiting.slice(node.waitingHead);
        node.waitingHead = 0;
      }
      node.busy++;
      node.serving.add(req);
      req.life.send(requestEvents.start);
      const t = sampleLatency(req.kind === 'read' ? cap.readTime : cap.writeTime, node.serviceRng);
      this.nodeTimer(node, this.rec.now + t, () => {
        node.busy--;
        node.serving.delete(req);
        req.life.send(requestEvents.execute);
        this.rec.emit({ type: 'queue', node: node.id, depth: node.waiting.length - node.waitingHead + node.busy });
        this.execute(node, req);
        this.serve(node);
      });
    }
  }

  private execute(node: NodeState, req: Request): void {
    this.protocol.execute(this, node, req);
  }

  /** Sends a node's answer back to the client (one client hop of latency). */
  respond(req: Request, outcome: Outcome): void {
    req.life.send(requestEvents.answer);
    this.queue.push(this.rec.now + this.net.clientDelay(), () => this.finish(req, outcome));
  }

  /** Records the operation's completion, unless it already completed (for example timed out). */
  private finish(req: Request, o: Outcome): void {
    // An answer after the client gave up (or a second timeout) changes nothing for the client.
    if (!req.life.isIn('client.waiting')) return;
    req.life.send(o.ok || o.reason !== 'timeout' ? requestEvents.answered : requestEvents.timeout);
    const s = this.sessions.get(req.session) as SessionState;
    const r = this.ops.get(req.op);
    if (r) r.completedAt = this.rec.now;
    if (o.ok) {
      const value = req.kind === 'read' ? (o.value ?? null) : (o.value ?? req.value);
      // Optional fields added one by one (same key order as the event type), not spread: hot path.
      const ack: { -readonly [K in keyof Omit<AckEvent, 'step' | 'time'>]: AckEvent[K] } = {
        type: 'ack',
        op: req.op,
        client: req.client,
        session: req.session,
        kind: req.kind,
        key: req.key,
        node: req.node,
      };
      if (value !== undefined) ack.value = value;
      if (o.lsn !== undefined) ack.lsn = o.lsn;
      if (o.epoch !== undefined) ack.epoch = o.epoch;
      if (o.siblings !== undefined) ack.siblings = o.siblings;
      this.rec.emit(ack);
      if (r) {
        r.status = 'ok';
        if (value !== undefined) r.value = value;
        if (o.lsn !== undefined) r.lsn = o.lsn;
      }
      if (o.lsn !== undefined) {
        if (req.kind === 'read') {
          if (o.lsn > s.lastReadLsn) s.lastReadLsn = o.lsn;
          s.lastReadFrom = req.node;
        } else if (o.lsn > s.lastWriteLsn) {
          s.lastWriteLsn = o.lsn;
          s.machine?.send(sessionEvents.acked);
        }
      }
    } else {
      this.rec.emit({
        type: o.definite ? 'fail' : 'info',
        op: req.op,
        client: req.client,
        session: req.session,
        kind: req.kind,
        key: req.key,
        node: req.node,
        reason: o.reason,
      });
      if (req.kind === 'read') s.machine?.send(sessionEvents.failed);
      if (r) {
        r.status = o.definite ? 'fail' : 'info';
        r.reason = o.reason;
      }
      if (o.leaderHint) s.leaderGuess = o.leaderHint;
      const retryable =
        o.reason === 'not-leader' || o.reason === 'unavailable' || o.reason === 'fenced' || o.reason === 'timeout';
      if (retryable && req.call.retriesLeft > 0 && req.kind !== 'read') {
        req.call.retriesLeft--;
        if (!o.leaderHint && o.reason !== 'not-leader') s.leaderGuess = this.nextGuess(s.leaderGuess);
        this.startCall(req.process, { ...req.call, ...(o.leaderHint ? {} : {}) }, this.newOpId());
        return;
      }
    }
    this.release(req.process, req.call);
  }

  /** After a timeout or refusal without a hint, a client tries the next node. */
  private nextGuess(current: NodeId): NodeId {
    const i = this.nodeIds.indexOf(current);
    return this.nodeIds[(i + 1) % this.nodeIds.length] ?? current;
  }

  private release(proc: ClientProcess, call: Call): void {
    proc.busy = false;
    const next = proc.backlog.shift();
    if (next) this.startCall(proc, next, next.opId);
    if (call.onDone) call.onDone();
  }

  /** Convenience for the API: an operation from `client` (one at a time per client). */
  clientOp(
    kind: OperationKind,
    key: string,
    value: Value | undefined,
    opts: { client?: string; session?: string; node?: NodeId; expr?: Expression; expected?: Value; retries?: number },
  ): OpId {
    const client = opts.client ?? opts.session ?? 'client';
    const proc = this.process(client, opts.session ?? client, false);
    const opId = this.newOpId();
    const call: Call = {
      opId,
      kind,
      key,
      ...(value !== undefined ? { value } : {}),
      ...(opts.expr !== undefined ? { expr: opts.expr } : {}),
      ...(opts.expected !== undefined ? { expected: opts.expected } : {}),
      ...(opts.node !== undefined ? { node: opts.node } : {}),
      retriesLeft: opts.retries ?? this.config.clients?.retries ?? 0,
    };
    this.submit(proc, call);
    return opId;
  }

  // ------------------------------------------------------------------ loop

  /** Runs every queued task up to and including virtual time `t`. */
  runUntil(t: number): void {
    const q = this.queue;
    const rec = this.rec;
    for (;;) {
      const at = q.peekTime();
      if (at > t) break;
      if (at > rec.now) rec.now = at;
      (q.pop() as Task)();
    }
    if (t > rec.now && t !== Infinity) rec.now = t;
  }

  trace(): Trace {
    return this.rec.trace(this.label, this.nodeIds, this.config.quorum?.standbys ?? [], shapeOf(this.config.topology));
  }
}
