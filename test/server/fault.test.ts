/**
 * Faults and operations against real server processes: killed mid-sync
 * (SIGKILL) and restarted, no acknowledged update is lost; a graceful stop
 * (SIGTERM) answers every request in flight; a backup taken while learners
 * write is a consistent database; the logs carry no token or code.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/server/db.ts';
import { createCohort } from '../../src/server/people.ts';
import { fixtureDist, freshDatabase } from './support/fixtures.ts';
import { ROOT, startServerProcess, type ServerProcess } from './support/process.ts';

const T0 = 1_790_000_000_000;

async function post(url: string, body: unknown, token?: string) {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

/** Learners pushing as fast as they can; records which cells each had acknowledged. */
function writers(server: () => ServerProcess, tokens: string[]) {
  const acked = tokens.map(() => new Set<string>());
  const statuses: number[] = [];
  let errors = 0;
  let running = true;
  const done = Promise.all(
    tokens.map(async (token, i) => {
      const cells: Record<string, { code: string; savedAt: number }> = {};
      for (let n = 0; running; n++) {
        const id = `c${n}`;
        cells[id] = { code: `cell ${n}`, savedAt: T0 + n };
        try {
          const r = await post(
            `${server().url}api/sync`,
            {
              updateId: `w${i}-${n}-fault`,
              epoch: 0,
              progress: { version: 1, learnerSeed: 1, chapters: {}, exercises: {}, cells },
            },
            token,
          );
          statuses.push(r.status);
          if (r.status === 200 && (r.body.progress as { cells: Record<string, unknown> }).cells[id]) acked[i]?.add(id);
        } catch {
          errors++;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    }),
  );
  return {
    acked,
    statuses,
    errors: () => errors,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

async function setUp(n: number) {
  const where = await freshDatabase('sqlite');
  const db = await openDb(where);
  const c = await createCohort(db, 'Faults');
  await db.close();
  const dist = fixtureDist();
  let server = await startServerProcess({ ...where, dist });
  const tokens: string[] = [];
  const secrets: string[] = [c.joinCode, c.instructorSigninCode];
  for (let i = 0; i < n; i++) {
    const j = await post(`${server.url}api/join`, { code: c.joinCode, displayName: `W${i}` });
    tokens.push(String(j.body.token));
    secrets.push(String(j.body.token), String(j.body.signinCode));
  }
  return {
    where,
    dist,
    tokens,
    secrets,
    get server() {
      return server;
    },
    set server(s: ServerProcess) {
      server = s;
    },
  };
}

describe('faults', () => {
  it('a server killed mid-sync and restarted has every acknowledged update', async () => {
    const env = await setUp(40);
    const w = writers(() => env.server, env.tokens);
    await new Promise((r) => setTimeout(r, 1500));
    const ackedBeforeKill = w.acked.reduce((n, set) => n + set.size, 0);
    await env.server.kill();
    await new Promise((r) => setTimeout(r, 200));
    const port = Number(new URL(env.server.url).port);
    env.server = await startServerProcess({ ...env.where, dist: env.dist, port });
    await new Promise((r) => setTimeout(r, 500));
    await w.stop();
    expect(ackedBeforeKill).toBeGreaterThan(40);
    expect(w.errors()).toBeGreaterThan(0); // the kill did interrupt syncs
    let missing = 0;
    for (const [i, token] of env.tokens.entries()) {
      const r = await fetch(`${env.server.url}api/progress`, { headers: { Authorization: `Bearer ${token}` } });
      const cells = ((await r.json()) as { progress: { cells: Record<string, unknown> } }).progress.cells;
      for (const id of w.acked[i] ?? []) if (!(id in cells)) missing++;
    }
    expect(missing).toBe(0);
    expect(await env.server.stop()).toBe(0);
    for (const s of env.secrets) expect(env.server.log.join('')).not.toContain(s);
  });

  it('a graceful stop answers requests in flight; a backup taken under writes is consistent', async () => {
    const env = await setUp(20);
    const w = writers(() => env.server, env.tokens);
    await new Promise((r) => setTimeout(r, 800));
    const file = join(mkdtempSync(join(tmpdir(), 'cohort-backup-')), 'backup.sqlite');
    execFileSync(
      process.execPath,
      ['--disable-warning=ExperimentalWarning', 'scripts/cohort.mjs', 'backup', file, '--data', env.where.dataDir],
      { cwd: ROOT, stdio: 'pipe' },
    );
    const copy = new DatabaseSync(file, { readOnly: true });
    expect(copy.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    const people = copy.prepare('SELECT count(*) AS n FROM people').get() as { n: number };
    expect(people.n).toBe(21);
    const revisions = copy.prepare('SELECT sum(revision) AS r FROM progress').get() as { r: number };
    const applied = copy.prepare('SELECT count(*) AS n FROM applied_updates').get() as { n: number };
    // One snapshot: every applied update is in the progress revisions and vice versa.
    expect(revisions.r).toBe(applied.n);
    copy.close();

    const code = await env.server.stop();
    await w.stop();
    expect(code).toBe(0);
    expect(w.statuses.every((s) => s === 200)).toBe(true);
    expect(env.server.log.join('')).toContain('"event":"stopped"');
    for (const s of env.secrets) expect(env.server.log.join('')).not.toContain(s);
  });
});
