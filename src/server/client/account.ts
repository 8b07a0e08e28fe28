/**
 * The join, sign-in and "my cohort" pages (see src/server/pages.ts). Codes
 * arrive in the URL fragment, which browsers never send to a server or put in
 * a Referer, and are removed from the address bar as soon as they are read.
 */
import { BEFORE_RESET_KEY, readSyncState } from './sync-client.ts';
import { SESSION_KEY, basePath, callApi, readSession, writeSession, type Session } from './session.ts';
import { el } from './dom.ts';

const app = document.getElementById('app') as HTMLElement;
const base = basePath();
const storage = window.localStorage;

const alertBox = () => el('p', { role: 'alert' });
const takeCode = (): string => {
  const code = decodeURIComponent(location.hash.slice(1));
  if (code) history.replaceState(null, '', location.pathname);
  return code;
};
const signinLink = (code: string) => `${location.origin}${base}cohort/signin/#${code}`;

function sessionFrom(body: Record<string, unknown>, signinCode?: string): Session {
  const person = body.person as {
    id: string;
    role: 'instructor' | 'learner';
    displayName: string;
    cohort: { name: string };
  };
  return {
    token: String(body.token),
    role: person.role,
    personId: person.id,
    displayName: person.displayName,
    cohortName: person.cohort.name,
    epoch: Number(body.epoch) || 0,
    ...(signinCode ? { signinCode } : {}),
  };
}

function personalLink(code: string): HTMLElement {
  return el(
    'section',
    {},
    el('h2', {}, 'Add another device'),
    el(
      'p',
      {},
      'Open this personal link on your other device to see the same progress there. Keep it to yourself: it signs in as you.',
    ),
    el('code', { className: 'link', id: 'personal-link' }, signinLink(code)),
  );
}

function join(): void {
  const code = takeCode();
  const existing = readSession(storage);
  const error = alertBox();
  if (!code) {
    app.append(el('p', {}, 'Open the join link your instructor gave you (it ends in a long code after #).'));
    return;
  }
  if (existing && !existing.stopped)
    app.append(
      el(
        'p',
        {},
        `This browser is already signed in as ${existing.displayName} (${existing.cohortName}). Joining again replaces that sign-in here.`,
      ),
    );
  const nameInput = el('input', { name: 'displayName', required: true, maxLength: 80, autocomplete: 'name' });
  const emailInput = el('input', { name: 'email', type: 'email', maxLength: 200, autocomplete: 'email' });
  const button = el('button', { type: 'submit' }, 'Join');
  const form = el(
    'form',
    {},
    el('label', {}, 'Display name (shown to your instructor)', nameInput),
    el('label', {}, 'Email (optional)', emailInput),
    button,
    error,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    button.disabled = true;
    const r = await callApi(fetch, base, 'join', {
      body: { code, displayName: nameInput.value, ...(emailInput.value ? { email: emailInput.value } : {}) },
    });
    button.disabled = false;
    if (r.status !== 201) {
      error.textContent = String(r.body.error ?? 'joining failed; try again');
      return;
    }
    const signinCode = String(r.body.signinCode);
    writeSession(storage, sessionFrom(r.body, signinCode));
    storage.removeItem('workbook:cohort:sync');
    form.replaceWith(
      el(
        'p',
        { id: 'joined' },
        `Welcome, ${nameInput.value}! You joined ${sessionFrom(r.body).cohortName}. Your progress in this browser now follows you. `,
        el('a', { href: base }, 'Open the workbook'),
      ),
      personalLink(signinCode),
    );
  });
  app.append(el('p', {}, 'Join your class to keep your progress on the server and see it on every device.'), form);
}

async function signin(): Promise<void> {
  const code = takeCode();
  const status = el('p', { role: 'status' }, 'Signing in…');
  app.append(status);
  if (!code) {
    status.textContent = 'Open your personal sign-in link (it ends in a long code after #).';
    return;
  }
  const r = await callApi(fetch, base, 'signin', { body: { code } });
  if (r.status !== 200) {
    status.textContent = '';
    app.append(Object.assign(alertBox(), { textContent: String(r.body.error ?? 'signing in failed') }));
    return;
  }
  const session = sessionFrom(r.body, (r.body.person as { role: string }).role === 'learner' ? code : undefined);
  writeSession(storage, session);
  storage.removeItem('workbook:cohort:sync');
  if (session.role === 'instructor') {
    location.replace(`${base}cohort/dashboard/`);
    return;
  }
  status.textContent = `Signed in as ${session.displayName} (${session.cohortName}). This device now syncs your progress.`;
  app.append(el('p', {}, el('a', { href: base, id: 'open-workbook' }, 'Open the workbook')));
}

async function me(): Promise<void> {
  const session = readSession(storage);
  if (!session) {
    app.append(
      el(
        'p',
        {},
        'This browser is not signed in to a cohort. Use the join link or your personal sign-in link from your instructor. Your progress stays in this browser either way.',
      ),
    );
    return;
  }
  const state = readSyncState(storage);
  app.append(
    el('p', {}, `Signed in as ${session.displayName} (${session.role}) in ${session.cohortName}.`),
    el('p', {}, state.lastSyncAt ? `Last synced ${new Date(state.lastSyncAt).toLocaleString()}.` : 'Not synced yet.'),
  );
  if (session.stopped)
    app.append(el('p', { role: 'alert' }, `${session.stopped}. Your progress is still in this browser.`));
  if (session.role === 'instructor')
    app.append(el('p', {}, el('a', { href: `${base}cohort/dashboard/` }, 'Open the dashboard')));
  if (session.signinCode) app.append(personalLink(session.signinCode));
  const aside = storage.getItem(BEFORE_RESET_KEY);
  if (aside) {
    const a = el(
      'a',
      {
        href: URL.createObjectURL(new Blob([aside], { type: 'application/json' })),
        download: 'progress-before-reset.json',
      },
      'Download your progress from before the reset',
    );
    app.append(el('p', {}, a));
  }
  const out = el('button', { type: 'button' }, 'Sign out of the cohort on this device');
  out.addEventListener('click', async () => {
    await callApi(fetch, base, 'signout', { token: session.token, body: {} });
    storage.removeItem(SESSION_KEY);
    storage.removeItem('workbook:cohort:sync');
    location.reload();
  });
  app.append(
    el('p', {}, out),
    el('p', { className: 'muted' }, 'Signing out keeps your progress in this browser; it only stops syncing.'),
  );
}

const which = app.dataset.page;
if (which === 'join') join();
else if (which === 'signin') void signin();
else void me();
