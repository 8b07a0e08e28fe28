/**
 * The engine worker: runs scenarios off the main thread so playback and
 * scrolling never stutter while a run (and its checkers) computes.
 *
 * It speaks the workbook's one worker protocol through the shared host
 * (src/runner/serve.ts: requests decoded and versioned, replies on the
 * request's port with its nonce, a throw turned into an error result) and
 * serves its part of it, `simulate` and `check-trace`. It runs no learner
 * code, so it needs neither SES nor the runner's sandbox: one worker per page
 * serves every simulation on it.
 */
/// <reference lib="webworker" />
import { announceReady, serveRequests, type WorkerScopeLike } from '../../../runner/serve.ts';
import { PROTOCOL_VERSION } from '../../../runner/protocol.ts';
import { checkTrace, runScenario } from './core.ts';

const scope = self as unknown as WorkerScopeLike;

serveRequests(scope, ['simulate', 'check-trace'], (req, post) => {
  const t0 = performance.now();
  const run = req.type === 'check-trace' ? checkTrace(req) : runScenario(req);
  post({ v: PROTOCOL_VERSION, type: 'simulation-result', id: req.id, run, ms: performance.now() - t0 });
});
announceReady(scope);
