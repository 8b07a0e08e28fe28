/**
 * The browser's sync client (src/server/client/sync-client.ts) in Node, with a
 * Map as localStorage and the app's own request function as the network:
 * offline queueing, merging on reconnect, a day offline, a server error or a
 * refusal never deleting local progress, a reset keeping the old copy aside.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BEFORE_RESET_KEY, createSyncClient } from '../../src/server/client/sync-client.ts';
import { SESSION_KEY, writeSession, type KeyValue } from '../../src/server/client/session.ts';
import { PROGRESS_KEY } from '../../src/progress/schema.ts';
import { createProgressStore } from '../../src/progress/store.ts';
import { T0, testApp, type TestApp } from './support/fixtures.ts';

class MemoryStorage implements KeyValue {
  map = new Map<string, string>();
  getItem = (k: string) => this.map.get(k) ?? null;
  setItem = (k: string, v: string) => void this.map.set(k, v);
  removeItem = (k: string) => void this.map.delete(k);
}

/** A device: its storage, the workbook's own progress store on it, and a sync client with a switchable network. */
async function device(t: TestApp, via: { joinCode?: string; signinCode?: string; name?: string }) {
  const storage = new MemoryStorage();
  let clock = T0;
  const net = { online: true, fail500: false };
  const fetchFn = (async (url: string, init?: RequestInit) => {
    if (!net.online) throw new TypeError('Failed to fetch');
    if (net.fail500) return new Response('{"error":"boom"}', { status: 500 });
    return t.request(new URL(url).pathname, init);
  }) as unknown as typeof fetch;
  const r = via.joinCode
    ? await t.post('/api/join', { code: via.joinCode, displayName: via.name ?? 'Ada' })
    : await t.post('/api/signin', { code: via.signinCode });
  const body = (await r.json()) as {
    token: string;
    signinCode?: string;
    person: { id: string; role: 'learner'; displayName: string; cohort: { name: string } };
  };
  writeSession(storage, {
    token: body.token,
    role: 'learner',
    personId: body.person.id,
    displayName: body.person.displayName,
    cohortName: body.person.cohort.name,
    epoch: 0,
  });
  const store = createProgressStore({ storage, now: () => (clock += 1000), newSeed: () => 42 });
  const client = createSyncClient({
    storage,
    fetch: fetchFn,
    base: 'http://cohort.test/',
    now: () => clock,
    newId: () => `id-${Math.random().toString(16).slice(2, 12)}`,
  });
  return { storage, store, client, net, signinCode: body.signinCode, advance: (ms: number) => (clock += ms) };
}

describe('sync client', () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('two devices of one learner converge, including changes made offline', async () => {
    t = await testApp('sqlite');
    const a = await device(t, { joinCode: t.cohort.joinCode });
    a.store.setChapterComplete('one-database', true);
    a.store.saveCellEdit('cell-1', 'from A');
    expect(await a.client.tick()).toBe('synced');
    const b = await device(t, { signinCode: a.signinCode });
    b.store.recordExerciseRun('load-shedding', true);
    expect(await b.client.tick()).toBe('synced');
    expect(b.store.chapter('one-database')?.completedAt).toBeDefined();
    expect(b.store.getCellEdit('cell-1')).toBe('from A');

    // A goes offline for a day and keeps working; nothing is lost locally meanwhile.
    a.net.online = false;
    a.store.recordQuizAttempt('one-database', { score: 20, max: 20, variant: 0, responses: { q1: 'b' } });
    expect(await a.client.tick()).toBe('offline');
    a.advance(24 * 3600_000);
    a.store.saveCellEdit('cell-2', 'written offline');
    expect(await a.client.tick()).toBe('offline');
    expect(a.store.chapter('one-database')?.attempts).toHaveLength(1);
    a.net.online = true;
    expect(await a.client.tick()).toBe('synced');
    expect(a.store.exercise('load-shedding')?.passedAt).toBeDefined();

    expect(await b.client.tick(true)).toBe('synced');
    expect(b.store.chapter('one-database')?.attempts).toHaveLength(1);
    expect(b.store.getCellEdit('cell-2')).toBe('written offline');
    expect(JSON.parse(a.storage.getItem(PROGRESS_KEY) ?? '')).toEqual(
      JSON.parse(b.storage.getItem(PROGRESS_KEY) ?? ''),
    );
  });

  it('keeps local progress through a server error and a refusal', async () => {
    t = await testApp('sqlite');
    const a = await device(t, { joinCode: t.cohort.joinCode });
    a.store.setChapterComplete('one-database', true);
    a.net.fail500 = true;
    expect(await a.client.tick()).toBe('offline');
    expect(a.store.chapter('one-database')?.completedAt).toBeDefined();
    a.net.fail500 = false;
    // The instructor removes the learner: the device stops syncing and keeps everything.
    const it = (await (await t.post('/api/signin', { code: t.cohort.instructorSigninCode })).json()) as {
      token: string;
    };
    const roster = (await (await t.get('/api/instructor/roster', it.token)).json()) as { learners: { id: string }[] };
    await t.post(`/api/instructor/learners/${roster.learners[0]?.id}/remove`, {}, it.token);
    const before = a.storage.getItem(PROGRESS_KEY);
    expect(await a.client.tick()).toBe('signed-out');
    expect(a.storage.getItem(PROGRESS_KEY)).toBe(before);
    expect(JSON.parse(a.storage.getItem(SESSION_KEY) ?? '{}').stopped).toBeTruthy();
  });

  it('after an instructor reset, starts again and keeps the old copy aside', async () => {
    t = await testApp('sqlite');
    const a = await device(t, { joinCode: t.cohort.joinCode });
    a.store.setChapterComplete('one-database', true);
    await a.client.tick();
    const it = (await (await t.post('/api/signin', { code: t.cohort.instructorSigninCode })).json()) as {
      token: string;
    };
    const roster = (await (await t.get('/api/instructor/roster', it.token)).json()) as { learners: { id: string }[] };
    await t.post(`/api/instructor/learners/${roster.learners[0]?.id}/reset`, {}, it.token);
    a.store.saveCellEdit('c', 'after');
    expect(await a.client.tick()).toBe('reset');
    expect(a.store.chapter('one-database')).toBeUndefined();
    const aside = JSON.parse(a.storage.getItem(BEFORE_RESET_KEY) ?? '{}') as { raw: string };
    expect(JSON.parse(aside.raw).chapters['one-database'].completedAt).toBeDefined();
    a.store.saveCellEdit('c2', 'new start');
    expect(await a.client.tick()).toBe('synced');
  });

  it('a change flushed as the page closes is applied once, even when pushed again on the next visit', async () => {
    t = await testApp('sqlite');
    const a = await device(t, { joinCode: t.cohort.joinCode });
    await a.client.tick();
    a.store.setChapterComplete('one-database', true);
    a.client.flush();
    await new Promise((r) => setTimeout(r, 300));
    expect(await a.client.tick()).toBe('synced');
    const applied = await t.db.kysely.selectFrom('applied_updates').select('update_id').execute();
    expect(applied).toHaveLength(2);
    expect(a.store.chapter('one-database')?.completedAt).toBeDefined();
  });
});
