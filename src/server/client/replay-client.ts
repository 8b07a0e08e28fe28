/**
 * Instructor replay on a chapter page served by the cohort server: the
 * dashboard's "Replay failing run" link opens `chapters/<slug>/#cohort-replay=<submission id>`;
 * the sync client (the cohort marker's module) loads this file only for
 * such a hash. It fetches the run rebuilt by the server's sandbox with this
 * device's instructor sign-in and hands it to the page's simulation view
 * through the same `workbook:open-run` event the exercise island's "Replay
 * this run" sends (an OpenTraceDetail), opened at the failing step.
 */
import type { OpenTraceDetail } from '../../components/sim/run-request.ts';
import { basePath, callApi, readSession } from './session.ts';

const OPEN_RUN_EVENT = 'workbook:open-run';
const HASH_RE = /^#cohort-replay=([A-Za-z0-9-]{1,64})(?:&run=(smallest))?$/;

function notice(text: string): void {
  const p = document.createElement('p');
  p.id = 'cohort-replay-notice';
  p.setAttribute('role', 'alert');
  p.style.cssText =
    'position:fixed;left:.75rem;bottom:.75rem;z-index:50;max-width:32rem;margin:0;padding:.5rem .75rem;border-radius:.4rem;font:14px system-ui,sans-serif;background:#7f1d1d;color:#fff';
  p.textContent = text;
  document.getElementById('cohort-replay-notice')?.remove();
  document.body.append(p);
}

/** Fetches the replay named by the hash and opens it; resolves with the problem sentence, or null when opened. */
export async function replayFromHash(
  hash: string,
  fetchFn: typeof fetch = window.fetch.bind(window),
): Promise<string | null> {
  const m = HASH_RE.exec(hash);
  if (!m) return 'This replay link is not valid.';
  const session = readSession(window.localStorage);
  if (!session || session.role !== 'instructor' || session.stopped)
    return 'Only the instructor, signed in on this device, can replay a learner’s run.';
  const r = await callApi(fetchFn, basePath(), `instructor/submissions/${m[1]}/replay${m[2] ? '?run=smallest' : ''}`, {
    token: session.token,
  });
  if (r.status !== 200) return `The failing run could not be opened: ${String(r.body.error ?? `status ${r.status}`)}.`;
  const b = r.body as unknown as OpenTraceDetail & { traceTruncated?: boolean };
  const detail: OpenTraceDetail = {
    trace: b.trace,
    step: b.step,
    ...(b.title !== undefined ? { title: b.title } : {}),
    ...(b.whose !== undefined ? { whose: b.whose } : {}),
    ...(b.failure !== undefined ? { failure: b.failure } : {}),
    ...(b.violations !== undefined ? { violations: b.violations } : {}),
    ...(b.properties !== undefined ? { properties: b.properties } : {}),
    ...(b.traceTruncated ? { note: `The run is long: only its first ${b.trace.events.length} events are shown.` } : {}),
  };
  window.dispatchEvent(new CustomEvent<OpenTraceDetail>(OPEN_RUN_EVENT, { detail }));
  return null;
}

async function run(): Promise<void> {
  // The page's run listener is installed by its own module scripts: wait for them.
  if (document.readyState !== 'complete') await new Promise((r) => window.addEventListener('load', r, { once: true }));
  const problem = await replayFromHash(location.hash);
  if (problem) notice(problem);
}

if (typeof window !== 'undefined' && HASH_RE.test(location.hash)) void run();
