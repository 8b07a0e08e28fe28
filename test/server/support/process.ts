/**
 * Runs the real cohort server as a child process (`node scripts/cohort.mjs
 * serve`), as a person would, on a free loopback port; reads its address
 * from its JSON log. Used by the load, fault and browser tests and the bench.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../../..');

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it logged. */
  readonly log: string[];
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no chance to finish anything. */
  kill(): Promise<void>;
}

export function startServerProcess(o: {
  dataDir: string;
  databaseUrl?: string;
  dist: string;
  base?: string;
  port?: number;
}): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, COHORT_AUTH_PER_MINUTE: '1000000', COHORT_HOST: '127.0.0.1' };
  delete env.DATABASE_URL;
  if (o.databaseUrl) env.DATABASE_URL = o.databaseUrl;
  const args = [
    'scripts/cohort.mjs',
    'serve',
    '--port',
    String(o.port ?? 0),
    '--data',
    o.dataDir,
    '--dist',
    o.dist,
    '--base',
    o.base ?? '/',
  ];
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log.join('')}`)), 30_000);
    child.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      buffer += d.toString();
      let i;
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        log.push(`${line}\n`);
        try {
          const e = JSON.parse(line) as { event?: string; url?: string };
          if (e.event === 'listening' && e.url) {
            clearTimeout(timer);
            resolve({
              url: e.url,
              child,
              log,
              stop: () => (child.kill('SIGTERM'), exited),
              kill: async () => {
                child.kill('SIGKILL');
                await exited;
              },
            });
          }
        } catch {
          /* not a log line */
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${log.join('')}`));
    });
  });
}
