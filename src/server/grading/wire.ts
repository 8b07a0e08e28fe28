/**
 * What crosses the pipe between the pool and a grading child, and the
 * parent's check of it. The child is untrusted once learner code has run in
 * it, so its reply is parsed defensively: anything that is not exactly one of
 * these shapes is treated as a crash, never as a verdict.
 */
import { z } from 'zod';
import type { GradeReport } from '../../assessment/grading/types.ts';
import { decodeResponse, type ReplayResultMessage } from '../../runner/protocol.ts';

export type ChildJob =
  | { readonly type: 'grade'; readonly grader: string; readonly code: string; readonly seeds?: readonly number[] }
  | {
      readonly type: 'replay';
      readonly grader: string;
      readonly code: string;
      readonly seed: number;
      readonly scale?: number;
    };

export type ChildReply =
  | { readonly kind: 'grade'; readonly report: GradeReport }
  | { readonly kind: 'replay'; readonly result: ReplayResultMessage }
  | { readonly kind: 'error'; readonly message: string };

const int = z.number().int();
const failure = z.object({
  property: z.string(),
  seed: int,
  step: int.nonnegative(),
  message: z.string(),
  scenario: z.string(),
  cause: z.literal('module-state').optional(),
  smaller: z
    .object({ scale: z.number(), size: z.string(), step: int.nonnegative(), message: z.string() })
    .strict()
    .optional(),
});
const report = z
  .object({
    passed: z.boolean(),
    runs: int.nonnegative(),
    failures: z.array(failure.strict()),
    durationMs: z.number().nonnegative(),
    error: z
      .object({
        kind: z.enum(['syntax', 'runtime', 'import', 'timeout', 'limit', 'internal']),
        message: z.string(),
        line: int.optional(),
        seed: int.optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  // A pass must be a pass all through: graded runs, no failures, no error.
  .refine((r) => !r.passed || (r.failures.length === 0 && r.error === undefined && r.runs > 0), {
    message: 'a passing report with failures, an error or no runs',
  });

/** The reply parsed and checked, or null when the child sent anything else. */
export function parseReply(line: string, expected: ChildJob['type']): ChildReply | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const kind = (raw as { kind?: unknown }).kind;
  if (kind === 'error') {
    const message = (raw as { message?: unknown }).message;
    return typeof message === 'string' ? { kind, message } : null;
  }
  if (kind !== expected) return null;
  if (kind === 'grade') {
    const parsed = report.safeParse((raw as { report?: unknown }).report);
    return parsed.success ? { kind, report: parsed.data as GradeReport } : null;
  }
  const result = decodeResponse((raw as { result?: unknown }).result);
  return result?.type === 'replay-result' ? { kind: 'replay', result } : null;
}
