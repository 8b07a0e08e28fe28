/**
 * Defense in depth, the OS layer alone: the grading child's exact command
 * line (command.ts) runs tiny scripts with NO SES in the way, and each thing
 * learner code must never do fails there too (files outside src/ and
 * node_modules/, writing, child processes, workers, the network, the parent's
 * environment). Then the parent's watch (sandbox.ts) on scripts that misbehave
 * the way an escaped child would: flooding output, eating memory outside the
 * V8 heap, hanging, crashing, and replying with garbage or a forged pass.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCompileCache, childCommand, probeNetworkIsolation, REPO_ROOT } from '../../src/server/grading/command.ts';
import { SandboxChild } from '../../src/server/grading/sandbox.ts';

const SECRET = 'sandbox-os-secret-7c1f';
const outside = mkdtempSync(join(tmpdir(), 'sandbox-os-'));
const secretFile = join(outside, 'secret.txt');
const scripts = mkdtempSync(join(tmpdir(), 'sandbox-os-scripts-'));
let server: Server;
let port = 0;
let requests = 0;

beforeAll(async () => {
  writeFileSync(secretFile, SECRET);
  process.env.SANDBOX_OS_SECRET = SECRET;
  server = createServer((_req, res) => {
    requests++;
    res.end('hello');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => {
  server.close();
  delete process.env.SANDBOX_OS_SECRET;
  rmSync(outside, { recursive: true, force: true });
  rmSync(scripts, { recursive: true, force: true });
});

/** Writes `source` as a script the child command may read, and returns the command running it. */
function scriptCommand(name: string, source: string, memoryMb = 64) {
  const entry = join(scripts, name);
  writeFileSync(entry, source);
  return childCommand({ memoryMb, netns: probeNetworkIsolation().netns, entry, extraRead: [entry] });
}

function runScript(name: string, source: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cmd = scriptCommand(name, source);
  return new Promise((resolve) => {
    const p = spawn(cmd.file, [...cmd.args], { env: { ...cmd.env }, cwd: '/' });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    p.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const PROBE = String.raw`
import fs from 'node:fs';
const out = {};
const attempt = async (name, f) => { try { out[name] = { ok: true, value: String(await f()).slice(0, 200) }; } catch (e) { out[name] = { ok: false, code: e.code ?? e.name, message: String(e.message).slice(0, 200) }; } };
const [secretFile, writeTarget, port, repo] = JSON.parse(process.argv[2] ?? 'null') ?? JSON.parse(fs.readFileSync(0, 'utf8'));
await attempt('readSecret', () => fs.readFileSync(secretFile, 'utf8'));
await attempt('readPasswd', () => fs.readFileSync('/etc/passwd', 'utf8'));
await attempt('readPackageJson', () => fs.readFileSync(repo + '/package.json', 'utf8'));
await attempt('readContent', () => fs.readdirSync(repo + '/content').join(','));
await attempt('readSrc', () => fs.readdirSync(repo + '/src').length);
await attempt('write', () => { fs.writeFileSync(writeTarget, 'pwned'); return 'written'; });
await attempt('spawn', async () => (await import('node:child_process')).execFileSync('/bin/echo', ['spawned']));
await attempt('worker', async () => { const { Worker } = await import('node:worker_threads'); new Worker('1', { eval: true }); return 'worker'; });
await attempt('fetchGlobal', () => typeof fetch);
await attempt('tcp', async () => { const net = await import('node:net'); return await new Promise((res, rej) => { const s = net.connect(port, '127.0.0.1', () => { s.destroy(); res('connected'); }); s.on('error', rej); setTimeout(() => rej(new Error('timeout')), 3000); }); });
await attempt('http', async () => { const http = await import('node:http'); return await new Promise((res, rej) => { http.get('http://127.0.0.1:' + port + '/', (r) => res('status ' + r.statusCode)).on('error', rej); setTimeout(() => rej(new Error('timeout')), 3000); }); });
await attempt('env', () => JSON.stringify(process.env));
process.stdout.write(JSON.stringify(out));
`;

describe('the OS layer on its own (the child command line, no SES)', () => {
  it('refuses files outside src/ and node_modules/, writes, processes, workers, the network and the env', async () => {
    const writeTarget = join(outside, 'written.txt');
    const args = JSON.stringify([secretFile, writeTarget, port, REPO_ROOT]);
    const cmd = scriptCommand('probe.mjs', PROBE);
    const r = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
      const p = spawn(cmd.file, [...cmd.args, args], { env: { ...cmd.env }, cwd: '/' });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
      p.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      p.on('close', () => resolve({ stdout, stderr }));
    });
    const out = JSON.parse(r.stdout) as Record<string, { ok: boolean; code?: string; value?: string }>;
    // What grading needs stays readable, so the probe really ran under the real flags.
    expect(out.readSrc?.ok).toBe(true);
    for (const name of ['readSecret', 'readPasswd', 'readPackageJson', 'readContent', 'write', 'spawn', 'worker']) {
      expect(out[name], name).toMatchObject({ ok: false, code: 'ERR_ACCESS_DENIED' });
    }
    expect(existsSync(writeTarget)).toBe(false);
    expect(r.stdout).not.toContain(SECRET);
    // The network: no connection reaches the host's loopback server.
    expect(out.tcp?.ok, JSON.stringify(out.tcp)).toBe(false);
    expect(out.http?.ok, JSON.stringify(out.http)).toBe(false);
    expect(requests).toBe(0);
    // An empty environment: the parent's secret is not there.
    expect(out.env).toEqual({ ok: true, value: '{}' });
    expect(process.env.SANDBOX_OS_SECRET).toBe(SECRET);
  });

  it('uses a network namespace on this machine (unshare -rn), or says why not', () => {
    const probe = probeNetworkIsolation();
    if (!probe.netns) expect(probe.reason).toMatch(/\w/);
    else expect(childCommand({ memoryMb: 64, netns: true }).args.slice(0, 1)).toEqual(['-rn']);
  });

  it('shows the compile cache to children read-only, so no child can change what the next one loads', async () => {
    const cache = buildCompileCache(64);
    if (!probeNetworkIsolation().netns) return expect(cache).toBeNull();
    expect(cache).not.toBeNull();
    const dir = cache as string;
    try {
      const entry = join(scripts, 'cache-write.mjs');
      writeFileSync(
        entry,
        `import fs from 'node:fs'; const out = {}; for (const [k, f] of Object.entries({ write: () => fs.writeFileSync(${JSON.stringify(join(dir, 'poison'))}, 'x'), list: () => fs.readdirSync(${JSON.stringify(dir)}) })) { try { out[k] = f() ?? 'ok'; } catch (e) { out[k] = e.code; } } process.stdout.write(JSON.stringify(out));`,
      );
      const cmd = childCommand({ memoryMb: 64, netns: true, compileCache: dir, entry, extraRead: [entry] });
      const r = spawnSync(cmd.file, [...cmd.args], { env: { ...cmd.env }, cwd: '/' });
      const out = JSON.parse(r.stdout.toString()) as { write: string; list: unknown };
      expect(out.write).toBe('EROFS');
      expect(Array.isArray(out.list)).toBe(true); // the child did see the folder: the refusal is the mount's
      expect(existsSync(join(dir, 'poison'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('caps the V8 heap with --max-old-space-size', async () => {
    const r = await runScript('heap.mjs', 'const a = []; for (;;) a.push(new Array(1e5).fill(Math.random()));');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/heap limit|out of memory/i);
  });
});

const limits = { timeoutMs: 3_000, outputBytes: 64 * 1024, rssMb: 300, startupMs: 20_000 };
const READY = `process.stdout.write('{"ready":true}\\n');\n`;
const job = { type: 'grade', grader: 'ch02.applyBatch', code: '' } as const;

describe("the parent's watch on a child (sandbox.ts)", () => {
  const child = (name: string, body: string) => new SandboxChild(scriptCommand(name, READY + body), limits);

  it('kills a child that floods its output: output-limit', async () => {
    const r = await child('flood.mjs', 'for (;;) process.stdout.write("x".repeat(4096));').run(job);
    expect(r).toMatchObject({ ok: false, kind: 'output-limit' });
  });

  it('kills a child that floods stderr: output-limit', async () => {
    const r = await child('flood-err.mjs', 'for (;;) process.stderr.write("y".repeat(4096));').run(job);
    expect(r).toMatchObject({ ok: false, kind: 'output-limit' });
  });

  it('kills a child whose memory outside the heap grows past the cap: memory-limit', async () => {
    const r = await child(
      'buffers.mjs',
      'const keep = []; setInterval(() => keep.push(new Uint8Array(32 << 20).fill(7)), 20);',
    ).run(job);
    expect(r).toMatchObject({ ok: false, kind: 'memory-limit' });
  });

  it('kills a child that hangs: time-limit after the wall clock, not before', async () => {
    const r = await child('hang.mjs', 'setInterval(() => {}, 1000);').run(job);
    expect(r).toMatchObject({ ok: false, kind: 'time-limit' });
    expect(r.ms).toBeGreaterThanOrEqual(limits.timeoutMs - 50);
    expect(r.ms).toBeLessThan(limits.timeoutMs + 2_000);
  });

  it('reads a crash as crashed, and garbage or a forged pass as crashed, never as a verdict', async () => {
    const crash = await child('crash.mjs', 'process.exit(3);').run(job);
    expect(crash).toMatchObject({ ok: false, kind: 'crashed' });
    const garbage = await child('garbage.mjs', 'process.stdout.write("PASSED\\n"); process.exit(0);').run(job);
    expect(garbage).toMatchObject({ ok: false, kind: 'crashed' });
    const forged = {
      kind: 'grade',
      report: {
        passed: true,
        runs: 200,
        failures: [{ property: 'x', seed: 1, step: 2, message: 'm', scenario: 's' }],
        durationMs: 1,
      },
    };
    const lie = await child(
      'forged.mjs',
      `process.stdout.write(${JSON.stringify(JSON.stringify(forged) + '\n')});`,
    ).run(job);
    expect(lie).toMatchObject({ ok: false, kind: 'crashed' });
    const twice = await child(
      'twice.mjs',
      `const r = ${JSON.stringify(JSON.stringify({ kind: 'grade', report: { passed: true, runs: 1, failures: [], durationMs: 1 } }))}; process.stdout.write(r + '\\n' + r + '\\n');`,
    ).run(job);
    expect(twice).toMatchObject({ ok: false, kind: 'crashed' });
    // The same well-formed reply alone is accepted: the checks above could have passed.
    const honest = await child(
      'honest.mjs',
      `process.stdout.write(${JSON.stringify(JSON.stringify({ kind: 'grade', report: { passed: true, runs: 1, failures: [], durationMs: 1 } }) + '\n')});`,
    ).run(job);
    expect(honest).toMatchObject({ ok: true, reply: { kind: 'grade', report: { passed: true } } });
  });

  it('reads an uncaught permission error as refused', async () => {
    const r = await child('denied.mjs', `(await import('node:fs')).readFileSync('/etc/passwd');`).run(job);
    expect(r).toMatchObject({ ok: false, kind: 'refused' });
  });
});

// Keep the unused-import check honest: the secret file is really there for the probe to try.
it('the secret file the probe tried exists outside the allowed paths', () => {
  expect(readFileSync(secretFile, 'utf8')).toBe(SECRET);
  expect(secretFile.startsWith(join(REPO_ROOT, 'src'))).toBe(false);
});
