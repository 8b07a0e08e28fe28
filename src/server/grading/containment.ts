/**
 * The sentence a learner and their instructor read when the sandbox, not the
 * grader, stopped a submission. Each says what happened, that it is not a
 * pass, and what usually causes it.
 */
import type { Containment } from './types.ts';

export interface ContainmentLimits {
  readonly timeoutMs: number;
  readonly memoryMb: number;
  readonly outputBytes: number;
}

const mib = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MiB`;

export function containmentMessage(kind: Containment, limits: ContainmentLimits, detail: string): string {
  switch (kind) {
    case 'time-limit':
      return `Grading stopped your code after ${(limits.timeoutMs / 1000).toFixed(0)} s, the time limit for one submission: it probably loops forever or is far too slow. Not graded, so not a pass.`;
    case 'memory-limit':
      return `Grading stopped your code when it used more than the ${limits.memoryMb} MiB of memory one submission may use (${detail}): it probably keeps growing an array, map or string. Not graded, so not a pass.`;
    case 'output-limit':
      return `Grading stopped your code after it wrote more than ${mib(limits.outputBytes)} of output. Not graded, so not a pass.`;
    case 'refused':
      return `Grading stopped your code because it tried something submissions may not do (${detail}): read or write files, use the network, start programs or change the grader. Not graded, so not a pass.`;
    case 'crashed':
      return `The grading process crashed before it reached a verdict (${detail}). Not graded, so not a pass; if your code is ordinary, tell your instructor.`;
  }
}
