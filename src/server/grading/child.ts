/**
 * The grading child: one process, one job, then exit. Run by the pool with
 * the flags in command.ts (permission model, network namespace, empty env,
 * heap cap) and Node's type stripping, as scripts/grade.mjs runs the sources.
 *
 * Protocol (stdout, one JSON object per line):
 *   child -> parent  {"ready":true}              engine and graders loaded
 *   parent -> child  the job as JSON on stdin, then end of stdin
 *   child -> parent  {"kind":"grade","report":…} | {"kind":"replay","result":…} | {"kind":"error","message":…}
 * The parent validates that last line's shape; anything else is `crashed`.
 *
 * Inside, grading is exactly `npm run grade`'s: gradeSource with the grader's
 * submit seeds (or the job's), learner code in an SES Compartment over a
 * locked-down realm. lockdown.ts is imported FIRST so nothing else in this
 * realm runs before the intrinsics are frozen.
 */
import '../../runner/lockdown.ts';
import { graderFor, runnerReplayers } from '../../assessment/graders/index.ts';
import { gradeSource, learnerModules } from '../../assessment/grading/source.ts';
import { replayCode } from '../../runner/grade.ts';
import { PROTOCOL_VERSION } from '../../runner/protocol.ts';
import type { ChildJob, ChildReply } from './wire.ts';
import { flushCompileCache } from 'node:module';

// The child's own realm never needs the network; learner code never sees this realm's globals anyway.
for (const name of ['fetch', 'WebSocket', 'EventSource'] as const) Reflect.deleteProperty(globalThis, name);

function send(reply: ChildReply | { readonly ready: true }): Promise<void> {
  return new Promise((resolve) => process.stdout.write(`${JSON.stringify(reply)}\n`, () => resolve()));
}

function run(job: ChildJob): ChildReply {
  const grader = graderFor(job.grader);
  if (!grader) return { kind: 'error', message: `no grader named ${job.grader}` };
  if (job.type === 'grade') {
    const report = gradeSource(job.code, grader, job.seeds ?? grader.suites.submit);
    return { kind: 'grade', report };
  }
  const result = replayCode(
    {
      v: PROTOCOL_VERSION,
      type: 'replay',
      id: 0,
      exerciseId: job.grader,
      code: job.code,
      seed: job.seed,
      ...(job.scale !== undefined ? { scale: job.scale } : {}),
    },
    runnerReplayers[job.grader],
    learnerModules,
  );
  return { kind: 'replay', result };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

await send({ ready: true });
const input = await readStdin();
// Empty input: the pool is only filling the compile cache (command.ts), nothing to grade.
if (input === '') {
  flushCompileCache();
  process.exit(0);
}
await send(run(JSON.parse(input) as ChildJob));
process.exit(0);
