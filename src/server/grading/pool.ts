/**
 * PLACEHOLDER until the sandbox lands (issue 15): grades in the calling
 * process with gradeSource, which is NOT a sandbox. Only the interface is
 * real; the sandbox work replaces this file's body with child processes.
 * Nothing outside tests may rely on how this version behaves.
 */
import { gradeSource } from '../../assessment/grading/source.ts';
import { graderFor, runnerReplayers } from '../../assessment/graders/index.ts';
import { learnerModules } from '../../assessment/grading/source.ts';
import { replayCode } from '../../runner/grade.ts';
import { PROTOCOL_VERSION } from '../../runner/protocol.ts';
import type { GradingPool, PoolOptions } from './types.ts';

export function createGradingPool(options: PoolOptions = {}): GradingPool {
  let completed = 0;
  return {
    async grade(job) {
      const grader = graderFor(job.grader);
      if (!grader) throw new Error(`no grader named ${job.grader}`);
      const t0 = performance.now();
      const report = gradeSource(job.code, grader, job.seeds ?? grader.suites.submit);
      completed++;
      return { passed: report.passed, report, durationMs: performance.now() - t0, queuedMs: 0 };
    },
    async replay(job) {
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
      return { ok: true, result };
    },
    stats: () => ({ queued: 0, running: 0, size: options.size ?? 1, completed }),
    async close() {},
  };
}
