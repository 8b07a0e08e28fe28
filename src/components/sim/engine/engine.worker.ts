/**
 * The engine worker: runs scenarios off the main thread so playback and
 * scrolling never stutter while a run (and its checkers) computes.
 */
/// <reference lib="webworker" />
import { checkTrace, runScenario } from './core.ts';
import type { WorkerRequest, WorkerResponse } from './protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (ev: MessageEvent<WorkerRequest>) => {
  const msg = ev.data;
  const id = msg.id;
  let res: WorkerResponse;
  try {
    res = { id, ok: true, result: msg.type === 'check-trace' ? checkTrace(msg.req) : runScenario(msg.req) };
  } catch (err) {
    res = { id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  scope.postMessage(res);
};
