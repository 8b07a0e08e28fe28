/**
 * Worker side of the worker host (host.ts is the page side), shared by both
 * worker entry points: the runner (worker.ts) and the simulation engine
 * (src/components/sim/engine/engine.worker.ts).
 *
 * `serveRequests` reads each request from the worker's own `onmessage`,
 * decodes it with the one protocol (wrong version or shape: ignored), and
 * answers only on the MessagePort that came with it, every reply stamped with
 * the request's nonce. A worker serves its part of the union (`accepts`); any
 * other request, and a handler that throws, gets a result of the request's own
 * kind carrying an error (`failureFor`), so the page never waits for nothing.
 * `announceReady` posts the one message that travels on the worker's own
 * postMessage. This module imports no SES and no engine: the engine worker
 * loads neither the sandbox nor lockdown through it.
 */
import { decodeRequest, encode, failureFor, nonceOf, PROTOCOL_VERSION } from './protocol.ts';
import type { PageToWorker, RunError, WorkerToPage } from './protocol.ts';

/** The worker global this needs (a DedicatedWorkerGlobalScope, or a fake in tests). */
export interface WorkerScopeLike {
  onmessage: ((ev: { data: unknown; ports: readonly { postMessage(data: string): void }[] }) => void) | null;
  postMessage(data: string): void;
}

/** Serves one decoded request; `post` replies on its port (stamped with its nonce). */
export type Serve<R extends PageToWorker> = (req: R, post: (m: WorkerToPage) => void) => void;

/** Turns whatever a handler threw into the error a reply carries. */
export type DescribeThrown = (thrown: unknown) => string;

const plainDescribe: DescribeThrown = (e) => (e instanceof Error ? e.message : String(e));

export function serveRequests<T extends PageToWorker['type']>(
  scope: WorkerScopeLike,
  accepts: readonly T[],
  serve: Serve<Extract<PageToWorker, { type: T }>>,
  describeThrown: DescribeThrown = plainDescribe,
): void {
  const served = new Set<string>(accepts);
  scope.onmessage = (ev) => {
    const req = decodeRequest(ev.data);
    const nonce = nonceOf(ev.data);
    const port = ev.ports[0];
    if (!req || !nonce || !port) return;
    const post = (m: WorkerToPage) => port.postMessage(encode({ ...m, nonce }));
    if (!served.has(req.type)) {
      const error: RunError = {
        kind: 'internal',
        name: 'WorkerError',
        message: `This worker does not serve "${req.type}" requests.`,
      };
      post(failureFor(req, req.id, error));
      return;
    }
    try {
      serve(req as Extract<PageToWorker, { type: T }>, post);
    } catch (e) {
      // a hostile value got past every guard (a getter or Proxy that throws while we read it), or a bad scenario
      post(failureFor(req, req.id, { kind: 'runtime', name: 'Error', message: describeThrown(e) }));
    }
  };
}

/** Tells the page this worker has loaded (the watchdog starts from here, not from a cold start). */
export function announceReady(scope: WorkerScopeLike): void {
  scope.postMessage(encode({ v: PROTOCOL_VERSION, type: 'ready' }));
}
