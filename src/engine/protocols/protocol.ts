/**
 * What a replication topology is to the engine: how it starts, answers a
 * client's request at a node, handles a message, brings a node back after a
 * crash, and which per-node protocol machines it runs. The engine picks one
 * `Protocol` from the configured topology, once, and never asks which
 * topology it runs again.
 */
import type { NodeId, Value } from '../trace/events.ts';
import type { Message } from '../network/network.ts';
import type { NodeRole } from '../machines/node-role.ts';
import type { Engine } from '../sim/engine.ts';
import type { NodeState, Request } from '../sim/types.ts';

export interface Protocol {
  readonly kind: 'single-leader' | 'multi-leader' | 'leaderless';
  /** After every node exists: start heartbeats, anti-entropy, whatever runs on its own. */
  start(e: Engine): void;
  /** A client request reached `node` and its turn came. */
  execute(e: Engine, node: NodeState, req: Request): void;
  onMessage(e: Engine, node: NodeState, msg: Message): void;
  /** `node` is back up with its durable state; rebuild memory and rejoin. */
  restart(e: Engine, node: NodeState): void;
  /** A new node exists in `role`: set up its protocol machines (see `machines/`) and, for a leader, its followers. */
  initNode(e: Engine, node: NodeState, role: NodeRole): void;
  /** A brand-new follower joins (the `add-follower` fault); topologies without followers refuse. */
  addFollower(e: Engine, id: NodeId): void;
  /** Whether reads follow the clients' `readFrom` policy or `routeRead` hook (else they go where writes go). */
  readonly routesReads: boolean;
  /** What a node holds for a reader, key by key (for `Simulation.inspect`). */
  visibleData(node: NodeState): ReadonlyMap<string, Value>;
}
