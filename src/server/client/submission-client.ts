/**
 * Cohort mode only: the exercise island's Submit sends the code to the
 * cohort server and waits for the server's own verdict. Loaded by
 * Exercise.tsx with a dynamic import of this file's URL on the cohort
 * server (cohort/_src/…), so the static workbook never downloads it.
 *
 * Only `{ code }` is sent: the server grades it itself; the learner is the
 * signed-in person of this device. The verdict is polled until it arrives.
 */
import { basePath, callApi, readSession, type KeyValue } from './session.ts';

export type VerificationState = 'sending' | 'queued' | 'verified' | 'refused' | 'offline' | 'not-signed-in' | 'waiting';

export interface VerificationStatus {
  readonly state: VerificationState;
  /** Set when verified. */
  readonly passed?: boolean;
  /** A sentence for the learner. */
  readonly text: string;
}

export interface VerifyOptions {
  readonly exercise: string;
  readonly code: string;
  readonly onStatus: (s: VerificationStatus) => void;
  readonly fetch?: typeof fetch;
  readonly storage?: KeyValue;
  readonly base?: string;
  readonly pollMs?: number;
  /** Stop polling after this long (the dashboard still shows the verdict later). */
  readonly giveUpMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

interface Failure {
  property: string;
  seed: number;
  step: number;
}
interface Verdict {
  passed: boolean;
  failures: Failure[];
  error?: { message: string };
  containment?: { message: string };
}

/** What the server's verdict says, in a sentence. */
export function verdictText(v: Verdict): string {
  if (v.passed) return 'Verified by the cohort server: passed.';
  const why = v.containment
    ? v.containment.message
    : v.error
      ? v.error.message
      : v.failures.map((f) => `${f.property} (seed ${f.seed}, step ${f.step})`).join(', ');
  return `Verified by the cohort server: failed: ${why}.`;
}

/** Sends the code and reports each step until the server's verdict arrives (or polling gives up). */
export async function submitForVerification(o: VerifyOptions): Promise<VerificationStatus> {
  const fetchFn = o.fetch ?? window.fetch.bind(window);
  const storage = o.storage ?? window.localStorage;
  const base = o.base ?? basePath();
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const report = (s: VerificationStatus) => {
    o.onStatus(s);
    return s;
  };
  const session = readSession(storage);
  if (!session || session.stopped)
    return report({
      state: 'not-signed-in',
      text: 'Not sent to the cohort server: this browser is not signed in to the cohort.',
    });
  report({ state: 'sending', text: 'Sending your code to the cohort server for verification…' });
  const path = `exercises/${encodeURIComponent(o.exercise)}/submissions`;
  const sent = await callApi(fetchFn, base, path, { token: session.token, body: { code: o.code } });
  if (sent.status === 0)
    return report({ state: 'offline', text: 'The cohort server cannot be reached; submit again when you are online.' });
  if (sent.status !== 202)
    return report({
      state: 'refused',
      text: `The cohort server did not take the submission: ${String(sent.body.error ?? `status ${sent.status}`)}.`,
    });
  const id = String(sent.body.id);
  report({ state: 'queued', text: 'Sent. Waiting for the cohort server to verify it…' });
  const started = Date.now();
  const giveUp = o.giveUpMs ?? 180_000;
  for (;;) {
    await sleep(o.pollMs ?? 1_500);
    const r = await callApi(fetchFn, base, path, { token: session.token });
    const list = Array.isArray(r.body.submissions) ? (r.body.submissions as Record<string, unknown>[]) : [];
    const mine = list.find((s) => s.id === id);
    if (mine?.status === 'verified' && mine.verdict)
      return report({
        state: 'verified',
        passed: (mine.verdict as Verdict).passed,
        text: verdictText(mine.verdict as Verdict),
      });
    if (Date.now() - started > giveUp)
      return report({
        state: 'waiting',
        text: 'The cohort server has not verified it yet; your instructor’s dashboard will show its verdict.',
      });
  }
}
