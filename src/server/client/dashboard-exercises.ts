/**
 * The exercise parts of the instructor dashboard (dashboard.ts): a roster
 * cell showing what the server VERIFIED (passed / failed / pending / not
 * submitted), a flag where the learner's browser claims a pass the server
 * does not confirm, and, for a failed submission, a "Replay failing run"
 * link that opens the chapter page with `#cohort-replay=<id>` (handled by
 * replay-client.ts); and the learner detail's table of submissions.
 */
import type { VerifiedExercise, VerifiedStatus } from '../submissions-gradebook.ts';
import type { ApiAnswer } from './session.ts';
import { el } from './dom.ts';

const TEXT: Record<VerifiedStatus, string> = {
  passed: 'passed',
  failed: 'failed',
  pending: 'pending',
  'not-submitted': 'not submitted',
};

/** The chapter page link that replays a submission's failing run. */
export const replayHref = (base: string, chapter: string, submission: string): string =>
  `${base}chapters/${chapter}/#cohort-replay=${encodeURIComponent(submission)}`;

/** One roster cell: the verified status, the unconfirmed-claim flag and the replay link. */
export function exerciseCell(
  v: VerifiedExercise | undefined,
  chapter: string,
  base: string,
  learnerName: string,
): HTMLTableCellElement {
  const status = v?.status ?? 'not-submitted';
  const cell = el('td', {
    className: status === 'passed' ? 'ok' : status === 'failed' ? 'warn' : 'muted',
  });
  cell.dataset.verified = status;
  cell.append(TEXT[status]);
  if (v?.flagged) {
    const flag = el('strong', {
      className: 'flag',
      title: 'The browser says passed; the server did not verify a pass.',
    });
    flag.dataset.flag = 'unconfirmed-claim';
    flag.append(' ⚑ claims a pass');
    cell.append(flag);
  }
  if (v?.failedSubmission) {
    const a = el('a', { href: replayHref(base, chapter, v.failedSubmission) }, 'Replay failing run');
    a.setAttribute('aria-label', `Replay ${learnerName}'s failing run`);
    cell.append(el('br'), a);
  }
  return cell;
}

interface SubmissionRow {
  id: string;
  exercise: string;
  chapter: string | null;
  submittedAt: number;
  status: 'queued' | 'running' | 'verified';
  code: string;
  verdict: {
    passed: boolean;
    failures: { property: string; seed: number; step: number }[];
    error?: { message: string };
    containment?: { message: string };
  } | null;
}

const verdictLine = (s: SubmissionRow): string => {
  if (s.status !== 'verified' || !s.verdict) return s.status === 'running' ? 'being graded' : 'waiting to be graded';
  const v = s.verdict;
  if (v.passed) return 'passed';
  if (v.containment) return `failed: ${v.containment.message}`;
  if (v.error) return `failed: ${v.error.message}`;
  return `failed: ${v.failures.map((f) => `${f.property} (seed ${f.seed}, step ${f.step})`).join(', ')}`;
};

/** The learner detail's submissions table (fetched with the instructor API). */
export async function submissionsSection(
  api: (path: string) => Promise<ApiAnswer>,
  learnerId: string,
  base: string,
): Promise<HTMLElement> {
  const r = await api(`learners/${learnerId}/submissions`);
  if (r.status === 404 && !String(r.body.error ?? '').includes('learner'))
    return el('p', {}, 'This server does not take exercise submissions.');
  if (r.status !== 200) return el('p', { role: 'alert' }, String(r.body.error ?? 'submissions could not be loaded'));
  const list = (r.body.submissions as SubmissionRow[]) ?? [];
  const body = el('tbody');
  for (const s of list) {
    const pre = el('pre', {}, s.code.length > 4000 ? `${s.code.slice(0, 4000)}…` : s.code);
    const verdict = el('td', {}, verdictLine(s));
    if (s.verdict && !s.verdict.passed && s.chapter)
      verdict.append(' ', el('a', { href: replayHref(base, s.chapter, s.id) }, 'Replay failing run'));
    body.append(
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, s.exercise),
        el('td', {}, new Date(s.submittedAt).toLocaleString()),
        verdict,
        el('td', {}, el('details', {}, el('summary', {}, `${s.code.length} characters`), pre)),
      ),
    );
  }
  if (list.length === 0) body.append(el('tr', {}, el('td', { colSpan: 4 }, 'No submissions yet.')));
  return el(
    'table',
    {},
    el('caption', {}, 'Exercise submissions, verified by the server'),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', {}, 'Exercise'),
        el('th', {}, 'Submitted'),
        el('th', {}, 'Verified verdict'),
        el('th', {}, 'Code'),
      ),
    ),
    body,
  );
}
