/**
 * Chapter 1 — a client request's life at a node, as two regions that move
 * independently: what the node does with it (travelling, queued, in service,
 * executing, answered, lost in a crash, or turned away: shed by the admission
 * rule, refused by a full queue or a node that is down) and what the client does (waiting, then
 * answered or given up at its timeout). Their independence is the lesson: a
 * request the client gave up on may still be queued, served and executed —
 * work the node does for nobody.
 *
 * One instance per operation, created by `sim/engine.ts` when a client sends
 * it and stepped on arrival, admission, service and completion. The engine
 * asks the client region whether an answer still counts (`client.waiting`).
 * Its transitions are cached (no `assign`), so a step is a map lookup; the
 * `state` events are recorded only when the config asks for them
 * (`SimulationConfig.operationMachines`), because a run has thousands of
 * operations and chapters other than 1 do not show them.
 */
import { setup } from 'xstate';

export type RequestEvent =
  /** Reached a node with finite capacity and joined its queue. */
  | { readonly type: 'node.enqueue' }
  /** A worker took it from the queue. */
  | { readonly type: 'node.start' }
  /** Executed: at once on a node without a capacity model, or when its service time is over. */
  | { readonly type: 'node.execute' }
  /** The admission rule rejected it (`admit` returned 'reject'). */
  | { readonly type: 'node.shed' }
  /** Refused without a try: the node is down or its queue is full. */
  | { readonly type: 'node.refuse' }
  /** The node sent its answer (success or a definite failure after executing). */
  | { readonly type: 'node.answer' }
  /** The node crashed while holding it (queued, in service or waiting for acknowledgements): no answer will come. */
  | { readonly type: 'node.crash' }
  /** The answer reached the client while it was still waiting. */
  | { readonly type: 'client.answer' }
  /** The client's timeout fired first: it gives up, whatever the node still does. */
  | { readonly type: 'client.timeout' };

export const requestMachine = setup({
  types: { events: {} as RequestEvent },
}).createMachine({
  id: 'request',
  type: 'parallel',
  states: {
    node: {
      initial: 'travelling',
      states: {
        travelling: {
          on: {
            'node.enqueue': { target: 'queued' },
            'node.execute': { target: 'executing' },
            'node.shed': { target: 'shed' },
            'node.refuse': { target: 'refused' },
          },
        },
        queued: { on: { 'node.start': { target: 'inService' }, 'node.crash': { target: 'lost' } } },
        inService: { on: { 'node.execute': { target: 'executing' }, 'node.crash': { target: 'lost' } } },
        // Replicated writes stay here while the protocol waits for acknowledgements.
        executing: { on: { 'node.answer': { target: 'answered' }, 'node.crash': { target: 'lost' } } },
        answered: { type: 'final' },
        lost: { type: 'final' },
        shed: { type: 'final' },
        refused: { type: 'final' },
      },
    },
    client: {
      initial: 'waiting',
      states: {
        waiting: {
          on: {
            'client.answer': { target: 'answered' },
            'client.timeout': { target: 'gaveUp' },
          },
        },
        answered: { type: 'final' },
        gaveUp: { type: 'final' },
      },
    },
  },
});

/**
 * The events as shared frozen objects: the engine sends several per
 * operation, and the machine host computes a constant event's cache key once.
 */
export const requestEvents = Object.freeze({
  enqueue: Object.freeze({ type: 'node.enqueue' }),
  start: Object.freeze({ type: 'node.start' }),
  execute: Object.freeze({ type: 'node.execute' }),
  shed: Object.freeze({ type: 'node.shed' }),
  refuse: Object.freeze({ type: 'node.refuse' }),
  answer: Object.freeze({ type: 'node.answer' }),
  crash: Object.freeze({ type: 'node.crash' }),
  answered: Object.freeze({ type: 'client.answer' }),
  timeout: Object.freeze({ type: 'client.timeout' }),
} satisfies Record<string, RequestEvent>);
