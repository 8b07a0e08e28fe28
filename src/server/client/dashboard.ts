/**
 * The instructor dashboard (src/server/pages.ts): the roster by chapter, one
 * learner's detail, per-question item analysis, gradebook downloads and the
 * roster actions. Everything comes from the instructor API with this
 * device's bearer token; text from learners is only ever set as textContent.
 */
import { basePath, callApi, readSession } from './session.ts';
import { el } from './dom.ts';
import { exerciseCell, submissionsSection } from './dashboard-exercises.ts';
import type { VerifiedExercise } from '../submissions-gradebook.ts';

const app = document.getElementById('app') as HTMLElement;
const base = basePath();
const session = readSession(window.localStorage);

type Status = 'not-started' | 'attempted' | 'passed' | 'revealed' | 'revealed-then-passed';
interface ChapterSummary {
  slug: string;
  complete: boolean;
  bestScore: number | null;
  max: number | null;
  attempts: number;
  exercises: Record<string, Status>;
  /** Set when the learner's synced progress claims a quiz score the server did not verify. */
  quizFlag?: string | null;
}
interface Learner {
  id: string;
  displayName: string;
  email: string | null;
  lastActivity: number | null;
  chapters: ChapterSummary[];
  verified?: Record<string, VerifiedExercise>;
}
interface Roster {
  cohort: { name: string };
  chapters: { slug: string; exercises: string[] }[];
  learners: Learner[];
}
interface Item {
  chapter: string;
  question: string;
  kind: string;
  attempt: number;
  answered: number;
  correct: number;
  shareRight: number | null;
  wrongResponses: Record<string, number>;
}

const STATUS_TEXT: Record<Status, string> = {
  'not-started': '–',
  attempted: 'tried',
  passed: 'passed',
  revealed: 'revealed',
  'revealed-then-passed': 'passed (after reveal)',
};

const when = (t: number | null) => (t ? new Date(t).toLocaleString() : 'never');
const button = (text: string, onClick: () => void, label?: string) => {
  const b = el('button', { type: 'button' }, text);
  if (label) b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
};

const api = (path: string, body?: unknown) =>
  callApi(fetch, base, `instructor/${path}`, { token: session?.token, body });

const message = el('p', { role: 'status' });
const rosterBox = el('section', { id: 'roster' });
const detailBox = el('section', { id: 'detail' });
const itemsBox = el('section', { id: 'items' });

async function download(path: string, name: string): Promise<void> {
  const r = await fetch(`${base}api/instructor/${path}`, {
    headers: { Authorization: `Bearer ${session?.token ?? ''}` },
  });
  if (!r.ok) {
    message.textContent = `Download failed (status ${r.status}).`;
    return;
  }
  const a = el('a', { href: URL.createObjectURL(await r.blob()), download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

/**
 * The verified quiz score of one chapter (scored by the server), and, when the
 * learner's synced progress claims a different score, a warning naming both.
 */
function quizCell(c: ChapterSummary): HTMLElement {
  const score = c.bestScore === null ? '–' : `${c.bestScore}/${c.max ?? 120}`;
  if (!c.quizFlag) return el('td', { className: 'num' }, score);
  const cell = el('td', { className: 'num warn quiz-flag', title: `Not verified: ${c.quizFlag}` }, score);
  cell.append(el('br'), el('small', {}, `⚠ ${c.quizFlag}`));
  return cell;
}

function rosterTable(r: Roster): HTMLElement {
  const head1 = el(
    'tr',
    {},
    el('th', { rowSpan: 2, scope: 'col' }, 'Learner'),
    el('th', { rowSpan: 2, scope: 'col' }, 'Last activity'),
  );
  const head2 = el('tr');
  for (const c of r.chapters) {
    head1.append(el('th', { colSpan: 3 + c.exercises.length, scope: 'colgroup' }, c.slug));
    head2.append(
      el('th', { scope: 'col' }, 'Complete'),
      el('th', { scope: 'col' }, 'Best quiz'),
      el('th', { scope: 'col' }, 'Attempts'),
    );
    for (const e of c.exercises) head2.append(el('th', { scope: 'col' }, e));
  }
  head1.append(el('th', { rowSpan: 2, scope: 'col' }, 'Actions'));
  const body = el('tbody');
  for (const l of r.learners) {
    const row = el('tr', { className: 'learner' });
    row.dataset.learner = l.id;
    row.append(
      el(
        'th',
        { scope: 'row' },
        button(l.displayName, () => void showLearner(l.id), `Details of ${l.displayName}`),
      ),
      el('td', {}, when(l.lastActivity)),
    );
    for (const [i, c] of l.chapters.entries()) {
      row.append(
        el('td', { className: c.complete ? 'ok' : 'muted' }, c.complete ? '✓ yes' : 'no'),
        quizCell(c),
        el('td', { className: 'num' }, String(c.attempts)),
      );
      for (const e of r.chapters[i]?.exercises ?? []) {
        // The cell shows what the server verified; the browser's own status is in its tooltip.
        const cell = exerciseCell(l.verified?.[e], c.slug, base, l.displayName);
        cell.title = `In the learner's browser: ${STATUS_TEXT[c.exercises[e] ?? 'not-started']}`;
        row.append(cell);
      }
    }
    row.append(
      el(
        'td',
        { className: 'row-actions' },
        button('Rename', () => void act(l, 'rename'), `Rename ${l.displayName}`),
        ' ',
        button('Sign-in link', () => void act(l, 'signin-code'), `New sign-in link for ${l.displayName}`),
        ' ',
        button('Reset', () => void act(l, 'reset'), `Reset ${l.displayName}`),
        ' ',
        button('Remove', () => void act(l, 'remove'), `Remove ${l.displayName}`),
      ),
    );
    body.append(row);
  }
  // A wide course scrolls sideways inside its box instead of pushing the page wider.
  return el(
    'div',
    { className: 'table-wrap' },
    el(
      'table',
      {},
      el('caption', {}, `Roster by chapter (${r.learners.length} learners)`),
      el('thead', {}, head1, head2),
      body,
    ),
  );
}

async function act(l: Learner, what: 'rename' | 'reset' | 'remove' | 'signin-code'): Promise<void> {
  if (what === 'rename') {
    const name = prompt(`New display name for ${l.displayName}`, l.displayName);
    if (!name) return;
    const r = await api(`learners/${l.id}/rename`, { displayName: name });
    message.textContent = r.status === 200 ? `Renamed to ${name}.` : String(r.body.error);
  } else if (what === 'signin-code') {
    const r = await api(`learners/${l.id}/signin-code`, {});
    message.textContent =
      r.status === 200
        ? `New personal sign-in link for ${l.displayName} (the old one no longer works): ${String(r.body.link)}`
        : String(r.body.error);
  } else {
    const sure = confirm(
      what === 'reset'
        ? `Reset all of ${l.displayName}'s progress on the server? Their devices start again from empty (each keeps its old copy aside).`
        : `Remove ${l.displayName} from the cohort? Their devices are signed out.`,
    );
    if (!sure) return;
    const r = await api(`learners/${l.id}/${what}`, {});
    message.textContent =
      r.status === 200 ? `${l.displayName}: ${what === 'reset' ? 'progress reset' : 'removed'}.` : String(r.body.error);
  }
  await load();
}

async function showLearner(id: string): Promise<void> {
  const r = await api(`learners/${id}`);
  detailBox.replaceChildren();
  if (r.status !== 200) {
    detailBox.append(el('p', { role: 'alert' }, String(r.body.error)));
    return;
  }
  const learner = r.body.learner as Learner;
  const progress = r.body.progress as {
    chapters: Record<
      string,
      { completedAt?: number; attempts: { score: number; max: number; at: number; variant: number }[] }
    >;
    exercises: Record<string, { runs: number; lastRunAt?: number; passedAt?: number; revealedAt?: number }>;
    cells: Record<string, { code: string; savedAt: number }>;
  };
  const chapters = el('tbody');
  for (const [slug, c] of Object.entries(progress.chapters)) {
    const summary = learner.chapters.find((x) => x.slug === slug);
    chapters.append(
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, slug),
        el('td', {}, c.completedAt ? `complete ${when(c.completedAt)}` : 'not complete'),
        el(
          'td',
          {},
          c.attempts.map((a, i) => `#${i + 1}: ${a.score}/${a.max} (${when(a.at)})`).join('; ') || 'no attempts',
        ),
        summary ? quizCell(summary) : el('td', { className: 'muted' }, '–'),
      ),
    );
  }
  const exercises = el('tbody');
  for (const [id, e] of Object.entries(progress.exercises)) {
    exercises.append(
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, id),
        el('td', { className: 'num' }, String(e.runs)),
        el('td', {}, e.passedAt ? `passed ${when(e.passedAt)}` : 'not passed'),
        el('td', {}, e.revealedAt ? `revealed ${when(e.revealedAt)}` : '–'),
      ),
    );
  }
  const cells = el('tbody');
  for (const [id, c] of Object.entries(progress.cells)) {
    const pre = el('pre', {}, c.code.length > 2000 ? `${c.code.slice(0, 2000)}…` : c.code);
    cells.append(
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, id),
        el('td', {}, when(c.savedAt)),
        el('td', {}, el('details', {}, el('summary', {}, `${c.code.length} characters`), pre)),
      ),
    );
  }
  detailBox.append(
    el('h2', {}, `Learner: ${learner.displayName}`),
    el('p', {}, `${learner.email ?? 'no email'} · last activity ${when(learner.lastActivity)}`),
    el(
      'table',
      {},
      el('caption', {}, 'Chapters and quiz attempts'),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', {}, 'Chapter'),
          el('th', {}, 'Complete'),
          el('th', {}, 'Attempts (as the progress claims)'),
          el('th', {}, 'Verified quiz score'),
        ),
      ),
      chapters,
    ),
    el(
      'table',
      {},
      el('caption', {}, 'Exercises'),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', {}, 'Exercise'),
          el('th', {}, 'Graded runs'),
          el('th', {}, 'Passed'),
          el('th', {}, 'Reference'),
        ),
      ),
      exercises,
    ),
    el(
      'table',
      {},
      el('caption', {}, 'Edited notebook cells'),
      el('thead', {}, el('tr', {}, el('th', {}, 'Cell'), el('th', {}, 'Saved'), el('th', {}, 'Code'))),
      cells,
    ),
  );
  detailBox.append(await submissionsSection(api, id, base));
}

function itemsTable(items: Item[]): HTMLElement {
  const body = el('tbody');
  for (const it of items) {
    const share = it.shareRight === null ? '–' : `${Math.round(it.shareRight * 100)}%`;
    const bar = el('span', { className: 'bar' });
    bar.style.width = `${Math.round((it.shareRight ?? 0) * 5)}rem`;
    const wrong = Object.entries(it.wrongResponses)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ×${n}`)
      .join(', ');
    body.append(
      el(
        'tr',
        {},
        el('td', {}, it.chapter),
        el('th', { scope: 'row' }, it.question),
        el('td', {}, it.kind),
        el('td', { className: 'num' }, String(it.attempt)),
        el('td', { className: 'num' }, String(it.answered)),
        el('td', {}, bar, ` ${share}`),
        el('td', {}, wrong || '–'),
      ),
    );
  }
  return el(
    'table',
    {},
    el('caption', {}, 'Item analysis: share right and the wrong answers chosen, by question and attempt'),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        ...['Chapter', 'Question', 'Kind', 'Attempt', 'Answered', 'Share right', 'Wrong answers chosen'].map((h) =>
          el('th', { scope: 'col' }, h),
        ),
      ),
    ),
    body,
  );
}

async function load(): Promise<void> {
  const [r, i] = await Promise.all([api('roster'), api('items')]);
  if (r.status !== 200) {
    rosterBox.replaceChildren(el('p', { role: 'alert' }, String(r.body.error ?? 'the roster could not be loaded')));
    return;
  }
  const roster = r.body as unknown as Roster;
  document.title = `${roster.cohort.name} · Instructor dashboard`;
  rosterBox.replaceChildren(el('h2', {}, roster.cohort.name), rosterTable(roster));
  itemsBox.replaceChildren(
    el('h2', {}, 'Item analysis'),
    i.status === 200 ? itemsTable((i.body.items as Item[]) ?? []) : el('p', {}, 'Item analysis is not available.'),
  );
}

if (!session || session.role !== 'instructor' || session.stopped) {
  app.append(
    el('p', {}, 'Sign in with the instructor sign-in link printed by `npm run cohort -- create` to see the dashboard.'),
  );
} else {
  const joinLink = el('code', { className: 'link', id: 'join-link' });
  app.append(
    el(
      'div',
      { className: 'actions' },
      button('Download gradebook (CSV)', () => void download('export.csv', 'gradebook.csv')),
      button('Download gradebook (JSON)', () => void download('export.json', 'gradebook.json')),
      button('New join link', async () => {
        if (!confirm('Replace the join link? The old link stops working.')) return;
        const r = await api('join-link/rotate', {});
        joinLink.textContent = r.status === 200 ? String(r.body.link) : String(r.body.error);
      }),
      button('Refresh', () => void load()),
    ),
    joinLink,
    message,
    rosterBox,
    detailBox,
    itemsBox,
  );
  void load();
  setInterval(() => void load(), 15_000);
}
