/**
 * The command line of one grading child: which OS-level walls surround the
 * learner's code once the SES layer inside the child (lockdown + a
 * Compartment without fetch, process or require) is behind it. Exported so the
 * tests can run a tiny script with exactly these flags and prove each wall on
 * its own, with no SES in the way.
 *
 * Layers, and what was measured on this machine (Node 24.21, 2 cores):
 * - Node's permission model (`--permission`): the child may READ only the
 *   repo's src/ and node_modules/ (loading the engine and graders by type
 *   stripping works under it: ~300 ms, the same as without). content/ is not
 *   needed: graders live in src/. No `--allow-fs-write`, `--allow-child-process`,
 *   `--allow-worker`, `--allow-addons` or `--allow-wasi`, so each of those is
 *   refused with ERR_ACCESS_DENIED. The permission model does NOT cover the
 *   network in Node 24, hence the next layer.
 * - Network: `unshare -rn` puts the child in a fresh network namespace with
 *   only a downed loopback, so even `fetch('http://127.0.0.1:…')` of a server
 *   on the host fails (measured: ECONNREFUSED / ENETUNREACH, the host server
 *   sees no request). It costs ~5 ms per spawn. Where user namespaces are not
 *   allowed, `probeNetworkIsolation` reports it and the pool says so once; the
 *   Compartment still has no fetch, so the in-realm layer remains.
 *   `--no-experimental-websocket` and child.ts (deleting fetch) also remove
 *   fetch/WebSocket from the child's own global, a third small wall.
 * - Memory: `--max-old-space-size` caps the V8 heap (an exhausted heap ends the
 *   child with "Reached heap limit", read as `memory-limit`); memory outside
 *   the heap (ArrayBuffers) is caught by the parent polling the child's RSS.
 * - Environment: the child gets an EMPTY environment (no DATABASE_URL, no
 *   tokens); only NODE_COMPILE_CACHE, a temp folder path, when a cache is used.
 * - Compile cache (speed, not a wall): with namespaces available the child
 *   also gets a mount namespace (`unshare -rmn`) in which the cache folder is
 *   bound read-only, so it loads in ~0.2-0.3 s instead of ~1 s under load and
 *   no child can write what the next one loads (measured: EROFS). Node uses a
 *   cache only with write permission on it, hence `--allow-fs-write` for that
 *   one folder; the kernel refuses the write.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is src/server/grading/command.ts). */
export const REPO_ROOT = realpathSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..'));

/** The child entry point the pool runs. */
export const CHILD_ENTRY = join(REPO_ROOT, 'src', 'server', 'grading', 'child.ts');

const UNSHARE = '/usr/bin/unshare';

export interface ChildCommandOptions {
  /** V8 old-space cap, MiB. */
  readonly memoryMb: number;
  /** Wrap the child in a new network namespace (`unshare -rn`). */
  readonly netns: boolean;
  /** The script to run; default the grading child. */
  readonly entry?: string;
  /** Extra paths the child may read (tests only: a probe script outside src/). */
  readonly extraRead?: readonly string[];
  /**
   * A V8 compile cache the child loads the engine and graders from. Only with
   * `netns`: the child gets a mount namespace too and sees the folder through
   * a READ-ONLY bind mount, so no child can change what later children load.
   * (Node uses the cache only with write permission on it, hence the
   * `--allow-fs-write` for that folder alone; the kernel refuses the write.)
   */
  readonly compileCache?: string;
  /** Build the cache: the same walls, the cache folder writable (no learner code runs then). */
  readonly writeCache?: boolean;
}

export interface ChildCommand {
  readonly file: string;
  readonly args: readonly string[];
  /** The child's whole environment: empty on purpose (NODE_COMPILE_CACHE only, when a cache is used). */
  readonly env: Readonly<Record<string, string>>;
}

/** The exact command a grading child runs with. */
export function childCommand(options: ChildCommandOptions): ChildCommand {
  const node = process.execPath;
  const cache = options.netns ? options.compileCache : undefined;
  const read = [join(REPO_ROOT, 'src'), join(REPO_ROOT, 'node_modules'), ...(options.extraRead ?? [])];
  const nodeArgs = [
    '--permission',
    ...read.map((p) => `--allow-fs-read=${p}`),
    ...(cache ? [`--allow-fs-read=${cache}`, `--allow-fs-write=${cache}`] : []),
    `--max-old-space-size=${Math.max(16, Math.floor(options.memoryMb))}`,
    '--no-experimental-websocket',
    '--disable-warning=ExperimentalWarning',
    options.entry ?? CHILD_ENTRY,
  ];
  if (cache && options.writeCache)
    return { file: UNSHARE, args: ['-rn', node, ...nodeArgs], env: { NODE_COMPILE_CACHE: cache } };
  if (cache)
    return {
      file: UNSHARE,
      args: ['-rmn', '/bin/sh', '-c', MOUNT_READ_ONLY, cache, node, ...nodeArgs],
      env: { NODE_COMPILE_CACHE: cache },
    };
  if (options.netns) return { file: UNSHARE, args: ['-rn', node, ...nodeArgs], env: {} };
  return { file: node, args: nodeArgs, env: {} };
}

/** Inside the new mount namespace: bind the cache folder ($0) onto itself read-only, then become node. */
const MOUNT_READ_ONLY = 'mount --bind -r "$0" "$0" && exec "$@"';

/**
 * Fills a compile cache for the grading child (one child that loads the
 * engine and graders and exits), and checks a read-only child can start
 * from it. Returns the folder, or null (no namespaces, no mount): then
 * children load without a cache, ~3× slower to start, and nothing else changes.
 */
export function buildCompileCache(memoryMb: number): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'grading-compile-cache-'));
  const run = (writeCache: boolean) => {
    const cmd = childCommand({ memoryMb, netns: true, compileCache: dir, writeCache });
    // Empty stdin: the child loads, flushes its cache and exits without grading anything.
    return spawnSync(cmd.file, cmd.args, { env: { ...cmd.env }, input: '', timeout: 60_000, cwd: '/' });
  };
  const filled = run(true);
  const readOnly = filled.status === 0 ? run(false) : filled;
  if (readOnly.status === 0 && readOnly.stdout.toString() === '{"ready":true}\n') return dir;
  rmSync(dir, { recursive: true, force: true });
  return null;
}

export interface NetworkProbe {
  readonly netns: boolean;
  /** Why the namespace is not used, when it is not. */
  readonly reason?: string;
}

/**
 * Whether `unshare -rn` works here (user + network namespaces), tried once:
 * run `true` inside one. Containers and hardened kernels may forbid it.
 */
export function probeNetworkIsolation(): NetworkProbe {
  if (process.platform !== 'linux') return { netns: false, reason: `not Linux (${process.platform})` };
  if (!existsSync(UNSHARE)) return { netns: false, reason: `${UNSHARE} is not installed (util-linux)` };
  const r = spawnSync(UNSHARE, ['-rn', process.execPath, '-e', '0'], { env: {}, timeout: 10_000 });
  if (r.status === 0) return { netns: true };
  const why = (r.stderr?.toString() ?? '').trim() || r.error?.message || `exit ${r.status}`;
  return { netns: false, reason: `unshare -rn failed: ${why}` };
}
