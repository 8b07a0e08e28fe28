/**
 * Hostile submissions through the real grading pool: learner TypeScript for
 * a real exercise (ch02.applyBatch) that exports the entry as a WRONG
 * solution would, plus an attack. Each must end failed with a clear verdict
 * (a containment sentence, or the grader's own failure/error message), leak
 * nothing (a secret file outside the allowed paths, a secret env var of the
 * parent, /etc/passwd, the repo's package.json), change nothing (no file
 * written, no request reaching a loopback server), and leave the pool
 * unharmed: the reference still passes afterwards.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/server/grading/command.ts';
import { createGradingPool } from '../../src/server/grading/pool.ts';
import type { Containment, GradingPool, SandboxVerdict } from '../../src/server/grading/types.ts';

const GRADER = 'ch02.applyBatch';
const EXERCISE = join(REPO_ROOT, 'content/chapters/02-leaders-and-followers/exercises/apply-batch');
const reference = readFileSync(join(EXERCISE, 'reference.ts'), 'utf8');
/** An otherwise wrong solution: it skips gaps (fails applied-in-order, gap-requested, convergence). */
const WRONG = readFileSync(join(EXERCISE, 'wrong-skip-gap.ts'), 'utf8');

const SECRET = 'hostile-secret-4b9e2';
const ENV_SECRET = 'hostile-env-secret-d41c';
const outside = mkdtempSync(join(tmpdir(), 'sandbox-hostile-'));
const secretFile = join(outside, 'secret.txt');
const writeTarget = join(outside, 'pwned.txt');
const passwdLine = readFileSync('/etc/passwd', 'utf8').split('\n')[0] ?? 'root:x:0:0';
const packageName = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string }).name;

let server: Server;
let url = '';
let requests = 0;
let pool: GradingPool;
/** Short limits, for the submissions the sandbox itself must stop (so the test does not wait 30 s). */
let strict: GradingPool;

beforeAll(async () => {
  writeFileSync(secretFile, SECRET);
  process.env.GRADING_TEST_SECRET = ENV_SECRET;
  server = createServer((_req, res) => {
    requests++;
    res.end(SECRET);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  // Default time limit: on this shared 2-core machine a wrong solution can take several seconds.
  pool = createGradingPool({ size: 2, memoryMb: 160 });
  strict = createGradingPool({ size: 1, timeoutMs: 3_000, memoryMb: 160 });
});

afterAll(async () => {
  await Promise.all([pool.close(1_000), strict.close(1_000)]);
  server.close();
  delete process.env.GRADING_TEST_SECRET;
  rmSync(outside, { recursive: true, force: true });
});

/** Everything a verdict says, to search for leaks. */
const said = (v: SandboxVerdict) => JSON.stringify(v);

/** Whether a verdict explains itself: a containment sentence, or the grader's failures or error. */
function explained(v: SandboxVerdict): boolean {
  if (v.contained) return v.contained.message.length > 20;
  return (v.report?.failures.length ?? 0) > 0 || (v.report?.error?.message.length ?? 0) > 0;
}

interface Hostile {
  readonly name: string;
  /** TypeScript appended to (or replacing) the wrong solution. */
  readonly code: string;
  /** When the sandbox, not the grader, must stop it. */
  readonly contained?: Containment;
}

const leak = (expr: string) => `throw new Error('STOLEN:' + String(${expr}));`;

const HOSTILE: readonly Hostile[] = [
  {
    name: 'reads a server file with an ES import of node:fs',
    code: `import { readFileSync } from 'node:fs';\n${WRONG}\nexport const x = readFileSync(${JSON.stringify(secretFile)}, 'utf8');`,
  },
  {
    name: 'reads /etc/passwd and package.json with require',
    code: `${WRONG}\ndeclare const require: (s: string) => any;\nfor (const m of ['fs', 'node:fs', 'module', 'node:module', 'process']) { try { const fs = require(m); ${leak(`fs.readFileSync('/etc/passwd', 'utf8') + fs.readFileSync(${JSON.stringify(join(REPO_ROOT, 'package.json'))}, 'utf8')`)} } catch (e) { if (String(e).includes('STOLEN')) throw e; } }`,
  },
  {
    name: 'reads environment variables through process, globalThis and Function',
    code: `${WRONG}\nconst tries: (() => any)[] = [
      () => (globalThis as any).process.env,
      () => (0, eval)('process').env,
      () => Function('return process')().env,
      () => (() => {}).constructor('return this')().process.env,
      () => (globalThis as any).constructor.constructor('return process')().env,
      () => ({}).constructor.constructor('return globalThis.process')().env,
    ];
    for (const t of tries) { let env: any; try { env = t(); } catch {} if (env) ${leak('JSON.stringify(env)')} }`,
  },
  {
    name: 'reaches process through error stacks (prepareStackTrace, captureStackTrace, getThis)',
    code: `${WRONG}\nlet found: any;
    try { (Error as any).prepareStackTrace = (_e: any, frames: any[]) => frames; } catch {}
    try { const st: any = new Error('x').stack; if (Array.isArray(st)) for (const f of st) { try { const t = f.getThis?.() ?? f.getFunction?.(); if (t && t.process) found = t.process; } catch {} } } catch {}
    try { const holder: any = {}; (Error as any).captureStackTrace?.(holder); if (typeof holder.stack !== 'string' && holder.stack) found = holder.stack; } catch {}
    try { null!.x; } catch (e: any) { try { found ??= e.constructor.constructor('return process')(); } catch {} }
    if (found && found.env) ${leak('JSON.stringify(found.env)')}`,
  },
  {
    name: 'writes a file',
    code: `${WRONG}\ndeclare const require: (s: string) => any;\ntry { require('fs').writeFileSync(${JSON.stringify(writeTarget)}, 'pwned'); } catch {}\ntry { (globalThis as any).process.binding('fs'); } catch {}`,
  },
  {
    name: 'fetches a loopback server',
    code: `${WRONG}\nfor (const f of [() => (globalThis as any).fetch, () => Function('return fetch')(), () => (globalThis as any).XMLHttpRequest]) { try { const g = f(); if (g) g(${JSON.stringify(url)}); } catch {} }\nexport const sock = (() => { try { return new (globalThis as any).WebSocket(${JSON.stringify(url.replace('http', 'ws'))}); } catch { return null; } })();`,
  },
  {
    name: 'spawns a process',
    code: `${WRONG}\ndeclare const require: (s: string) => any;\nexport const out = require('child_process').execSync('touch ${writeTarget}').toString();`,
  },
  {
    name: 'loops forever',
    code: `import { type LogEntry, type ReplicaHandle } from 'workbook';\nexport function applyBatch(replica: ReplicaHandle, entries: readonly LogEntry[]): void { for (;;) {} }`,
    contained: 'time-limit',
  },
  {
    name: 'exhausts memory',
    code: `${WRONG}\nconst hog: number[][] = [];\nfor (;;) hog.push(new Array(1e6).fill(1));`,
    contained: 'memory-limit',
  },
  {
    name: 'exhausts memory outside the heap (ArrayBuffers)',
    code: `${WRONG}\nconst bufs: Uint8Array[] = [];\nfor (let i = 0; i < 400; i++) bufs.push(new Uint8Array(16 << 20).fill(1));\nexport const size = bufs.length;`,
  },
  {
    name: 'floods output',
    code: `${WRONG}\nconst line = 'x'.repeat(100_000);\nfor (let i = 0; i < 20_000; i++) console.log(line);`,
  },
  {
    name: 'patches Array.prototype, JSON and Object.prototype to fake a pass',
    code: `${WRONG}\nconst attempts: (() => void)[] = [
      () => { Array.prototype.every = function () { return true; }; },
      () => { Array.prototype.push = function () { return 0; }; },
      () => { (JSON as any).stringify = () => '{"passed":true}'; },
      () => { (JSON as any).parse = () => ({ passed: true }); },
      () => { Object.defineProperty(Object.prototype, 'passed', { get() { return true; }, configurable: true }); },
      () => { Object.defineProperty(Object.prototype, 'failures', { get() { return []; }, configurable: true }); },
      () => { (Object.prototype as any).toJSON = () => ({ passed: true }); },
      () => { (Object as any).freeze = (o: any) => o; },
      () => { (Math as any).random = () => 0; },
      () => { (globalThis as any).Array = function () {}; },
    ];
    for (const a of attempts) { try { a(); } catch {} }`,
  },
  {
    name: "tampers with the grader's objects (replica handle, entries, engine module)",
    code: `import * as wb from 'workbook';\nimport { type LogEntry, type ReplicaHandle } from 'workbook';
    try { (wb as any).check = {}; } catch {}
    try { Object.assign(wb as any, { createSimulation: () => ({}) }); } catch {}
    export function applyBatch(replica: ReplicaHandle, entries: readonly LogEntry[]): void {
      const r = replica as any;
      try { Object.defineProperty(r, 'appliedLsn', { get: () => 1e9 }); } catch {}
      try { Object.getPrototypeOf(r).apply = () => {}; } catch {}
      try { (entries as any).length = 0; } catch {}
      try { (entries as any).push({ lsn: 1e9 }); } catch {}
      for (const entry of [...entries].sort((a, b) => a.lsn - b.lsn)) if (entry.lsn > replica.appliedLsn) replica.apply(entry);
    }`,
  },
  {
    name: 'throws odd objects (a Proxy that throws on every trap, a Symbol, a getter that throws)',
    code: `import { type LogEntry, type ReplicaHandle } from 'workbook';
    let n = 0;
    const trap = () => { throw new Error('trap'); };
    export function applyBatch(replica: ReplicaHandle, entries: readonly LogEntry[]): void {
      n++;
      if (n % 3 === 0) throw new Proxy({}, { get: trap, getPrototypeOf: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap });
      if (n % 3 === 1) throw Symbol('odd');
      throw { get message() { throw new Error('getter'); }, toString() { throw new Error('toString'); } };
    }`,
  },
  {
    name: 'exports the entry as a getter that changes between reads',
    code: `import { type LogEntry, type ReplicaHandle } from 'workbook';
    let reads = 0;
    const good = (replica: ReplicaHandle, entries: readonly LogEntry[]) => { for (const e of [...entries].sort((a, b) => a.lsn - b.lsn)) if (e.lsn > replica.appliedLsn) replica.apply(e); };
    Object.defineProperty(exports, 'applyBatch', { enumerable: true, get() { reads++; return reads > 1e9 ? null : good; } });
    declare const exports: any;`,
  },
];

describe('hostile submissions through the grading pool', () => {
  const verdicts = new Map<string, SandboxVerdict>();

  beforeAll(async () => {
    const done = await Promise.all(
      HOSTILE.map((h) => (h.contained ? strict : pool).grade({ grader: GRADER, code: h.code, owner: h.name })),
    );
    HOSTILE.forEach((h, i) => verdicts.set(h.name, done[i] as SandboxVerdict));
    if (process.env.DUMP_HOSTILE)
      for (const [n, v] of verdicts)
        console.log(
          n,
          '=>',
          Math.round(v.durationMs),
          v.contained ?? v.report?.error ?? v.report?.failures.map((f) => f.property + ': ' + f.message.slice(0, 160)),
        );
  }, 180_000);

  for (const h of HOSTILE) {
    it(`${h.name}: failed, explained, nothing leaked`, () => {
      const v = verdicts.get(h.name) as SandboxVerdict;
      expect(v.passed, said(v).slice(0, 600)).toBe(false);
      expect(explained(v), said(v).slice(0, 600)).toBe(true);
      if (h.contained) expect(v.contained?.kind, said(v).slice(0, 600)).toBe(h.contained);
      const text = said(v);
      for (const secret of [SECRET, ENV_SECRET, passwdLine, `"name":"${packageName}"`, 'STOLEN'])
        expect(text).not.toContain(secret);
    });
  }

  it('wrote no file and sent no request', () => {
    expect(existsSync(writeTarget)).toBe(false);
    expect(requests).toBe(0);
  });

  it('the verdicts say what stopped the code, in words', () => {
    const msg = (name: string) => said(verdicts.get(name) as SandboxVerdict);
    expect(msg('reads a server file with an ES import of node:fs')).toMatch(/Cannot import 'node:fs'/);
    expect(msg('loops forever')).toMatch(/time limit/);
    expect(msg('exhausts memory')).toMatch(/memory/);
  });

  it('leaves the pool unharmed: the reference passes and the wrong solution fails afterwards', async () => {
    const [ok, wrong] = await Promise.all([
      pool.grade({ grader: GRADER, code: reference }),
      pool.grade({ grader: GRADER, code: WRONG }),
    ]);
    expect(ok.passed, said(ok).slice(0, 400)).toBe(true);
    expect(ok.report?.runs).toBe(200);
    expect(wrong.passed).toBe(false);
    expect(wrong.report?.failures.map((f) => f.property)).toContain('applied-in-order');
    const stats = pool.stats();
    expect(stats.running).toBe(0);
    expect(stats.queued).toBe(0);
    expect(stats.completed).toBeGreaterThanOrEqual(HOSTILE.filter((h) => !h.contained).length + 2);
    expect(strict.stats().contained).toBe(HOSTILE.filter((h) => h.contained).length);
    // Each of these reached the grader's verdict (not a containment): SES and the grading core held.
    for (const h of HOSTILE.filter((x) => !x.contained))
      expect(verdicts.get(h.name)?.contained?.kind, h.name).not.toBe('time-limit');
  }, 60_000);

  it('a job cannot see what an earlier job left behind', async () => {
    const a = await pool.grade({
      grader: GRADER,
      code: `${WRONG}\n(globalThis as any).__left = 'job A';\ntry { (Date as any).left = 'job A'; } catch {}\ntry { (Math as any).left = 'job A'; } catch {}`,
    });
    expect(a.passed).toBe(false);
    const b = await pool.grade({
      grader: GRADER,
      code: `${reference}\nif ((globalThis as any).__left || (Date as any).left || (Math as any).left) throw new Error('saw job A');`,
    });
    expect(b.passed, said(b).slice(0, 400)).toBe(true);
  }, 60_000);

  it('refuses an oversized submission without starting it, and rejects an unknown grader', async () => {
    const big = await pool.grade({ grader: GRADER, code: `${WRONG}\n//${'x'.repeat(300_000)}` });
    expect(big).toMatchObject({ passed: false, report: null, contained: { kind: 'refused' } });
    await expect(pool.grade({ grader: 'ch99.nope', code: reference })).rejects.toThrow(/no grader named ch99.nope/);
  });
});
