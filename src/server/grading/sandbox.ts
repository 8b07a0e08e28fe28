/**
 * One grading child process and its watch: spawned with command.ts's walls,
 * warmed until it says it is ready (engine and graders loaded), then handed
 * exactly one job. The parent enforces what the child cannot be trusted to
 * enforce on itself:
 * - wall clock: SIGKILL when the job runs past `timeoutMs` (an endless loop
 *   inside one seed never returns to gradeSource's own between-seed budget);
 * - output: SIGKILL once stdout + stderr together pass `outputBytes`;
 * - memory: the V8 heap cap is the child's flag; memory outside the heap
 *   (ArrayBuffers) is caught here by polling the child's RSS;
 * - reply: exactly one well-formed JSON line (wire.ts), or it is `crashed`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { ChildCommand } from './command.ts';
import type { Containment } from './types.ts';
import { parseReply, type ChildJob, type ChildReply } from './wire.ts';

export interface ChildLimits {
  readonly timeoutMs: number;
  readonly outputBytes: number;
  /** Resident memory at which the parent kills the child, MiB. */
  readonly rssMb: number;
  /** How long a child may take to load before it counts as crashed. */
  readonly startupMs: number;
}

export type ChildOutcome =
  | { readonly ok: true; readonly reply: ChildReply; readonly ms: number }
  | { readonly ok: false; readonly kind: Containment; readonly detail: string; readonly ms: number };

const RSS_POLL_MS = 100;
const STDERR_KEEP = 8 * 1024;

/** Reads VmRSS of a live process in MiB (Linux), or null when unknown. */
async function rssMb(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** What a child's exit says, when no limit of ours killed it. */
function classifyExit(
  stderr: string,
  code: number | null,
  signal: NodeJS.Signals | null,
): ChildOutcome & { ok: false } {
  const how = signal ? `signal ${signal}` : `exit code ${code}`;
  if (/Reached heap limit|JavaScript heap out of memory|Allocation failed/i.test(stderr))
    return { ok: false, kind: 'memory-limit', detail: 'the V8 heap cap was reached', ms: 0 };
  const denied = /ERR_ACCESS_DENIED[\s\S]*?(?:permission:\s*'([^']+)'|$)/m.exec(stderr);
  if (denied) return { ok: false, kind: 'refused', detail: `denied ${denied[1] ?? 'access'}`, ms: 0 };
  return { ok: false, kind: 'crashed', detail: `the process ended with ${how} and no valid verdict`, ms: 0 };
}

export class SandboxChild {
  private readonly proc: ChildProcessWithoutNullStreams;
  private stdout = '';
  private stderr = '';
  private bytes = 0;
  private killedFor: { kind: Containment; detail: string } | null = null;
  private ended = false;
  private readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** True once the child has loaded; false when it died or was killed first. */
  readonly ready: Promise<boolean>;
  private used = false;
  private readonly limits: ChildLimits;

  constructor(command: ChildCommand, limits: ChildLimits) {
    this.limits = limits;
    this.proc = spawn(command.file, [...command.args], {
      env: { ...command.env },
      cwd: '/',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.exit = new Promise((resolve) => {
      this.proc.on('close', (code, signal) => {
        this.ended = true;
        resolve({ code, signal });
      });
      // spawn failures (ENOENT) emit 'error' and then 'close'.
      this.proc.on('error', (e) => {
        this.stderr += `\n${e.message}`;
      });
    });
    this.proc.stdin.on('error', () => {}); // EPIPE when the child is already gone: the exit says why
    this.proc.stdout.on('data', (b: Buffer) => {
      if (this.count(b.length)) this.stdout += b.toString('utf8');
    });
    this.proc.stderr.on('data', (b: Buffer) => {
      if (this.count(b.length)) this.stderr = (this.stderr + b.toString('utf8')).slice(-STDERR_KEEP);
    });
    this.ready = new Promise((resolve) => {
      const startup = setTimeout(
        () => this.kill('crashed', 'the grading process did not start in time'),
        limits.startupMs,
      );
      const check = () => {
        if (this.stdout.startsWith('{"ready":true}\n')) {
          clearTimeout(startup);
          this.proc.stdout.off('data', check);
          resolve(true);
        }
      };
      this.proc.stdout.on('data', check);
      void this.exit.then(() => {
        clearTimeout(startup);
        resolve(false);
      });
    });
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  /** Resolves when the process has ended (for any reason). */
  get exited(): Promise<void> {
    return this.exit.then(() => undefined);
  }

  get alive(): boolean {
    return !this.ended;
  }

  /** Counts output against the cap; false (and the child killed) once it is passed. */
  private count(n: number): boolean {
    this.bytes += n;
    if (this.bytes <= this.limits.outputBytes) return true;
    this.kill('output-limit', `more than ${this.limits.outputBytes} bytes of output`);
    return false;
  }

  /** SIGKILL, remembering why (the first reason wins). */
  kill(kind: Containment, detail: string): void {
    this.killedFor ??= { kind, detail };
    if (!this.ended) this.proc.kill('SIGKILL');
  }

  /** Runs the one job this child will ever run. */
  async run(job: ChildJob): Promise<ChildOutcome> {
    if (this.used) throw new Error('a grading child runs exactly one job');
    this.used = true;
    const t0 = performance.now();
    const ready = await this.ready;
    if (!ready) return this.outcome(job, await this.exit, t0);
    const timer = setTimeout(
      () => this.kill('time-limit', `ran past ${this.limits.timeoutMs} ms`),
      this.limits.timeoutMs,
    );
    const poll = setInterval(() => {
      const pid = this.proc.pid;
      if (pid === undefined || this.ended) return;
      void rssMb(pid).then((mb) => {
        if (mb !== null && mb > this.limits.rssMb) this.kill('memory-limit', `resident memory ${mb.toFixed(0)} MiB`);
      });
    }, RSS_POLL_MS);
    this.proc.stdin.end(JSON.stringify(job));
    try {
      return this.outcome(job, await this.exit, t0);
    } finally {
      clearTimeout(timer);
      clearInterval(poll);
    }
  }

  private outcome(
    job: ChildJob,
    exit: { code: number | null; signal: NodeJS.Signals | null },
    t0: number,
  ): ChildOutcome {
    const ms = performance.now() - t0;
    if (this.killedFor) return { ok: false, ...this.killedFor, ms };
    const lines = this.stdout.split('\n');
    // Exactly: the ready line, the reply line, and the empty string after the final newline.
    if (exit.code === 0 && lines.length === 3 && lines[0] === '{"ready":true}' && lines[2] === '') {
      const reply = parseReply(lines[1] ?? '', job.type);
      if (reply) return { ok: true, reply, ms };
      return { ok: false, kind: 'crashed', detail: 'the process sent a reply that is not a verdict', ms };
    }
    return { ...classifyExit(this.stderr, exit.code, exit.signal), ms };
  }

  /** The last bytes of stderr, for the instructor's log. */
  get stderrTail(): string {
    return this.stderr;
  }
}
