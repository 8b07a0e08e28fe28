/** Multi-leader replication (chapter 7). */
import type { Message } from '../network/network.ts';
import type { Engine } from './engine.ts';
import type { NodeState, Request } from './types.ts';

export function start(_e: Engine): void {}
export function onMessage(_e: Engine, _node: NodeState, _msg: Message): void {}
export function execute(e: Engine, _node: NodeState, req: Request): void {
  e.respond(req, { ok: false, definite: true, reason: 'not-implemented' });
}
export function restart(_e: Engine, _node: NodeState): void {}
