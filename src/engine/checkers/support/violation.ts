/**
 * Building violations and results in one shape, so every checker's messages
 * name the property, the seed and the step the same way:
 *
 *   [read-your-writes] seed 42, step 40: Read op-12 by session s1 ...
 *
 * Graders show the message as is, and anyone can replay the run from the seed
 * and jump to the step.
 */
import type { CheckResult, OpId, Trace, Violation } from '../../trace/events.ts';

export interface ViolationDetails {
  readonly op?: OpId;
  readonly related?: readonly number[];
}

/** A violation whose message is prefixed with property, seed and step. */
export function violation(
  trace: Trace,
  property: string,
  step: number,
  sentence: string,
  details: ViolationDetails = {},
): Violation {
  const related = details.related?.filter((s, i, all) => s !== step && all.indexOf(s) === i);
  return {
    property,
    step,
    seed: trace.seed,
    message: `[${property}] seed ${trace.seed}, step ${step}: ${sentence}`,
    sentence,
    ...(details.op === undefined ? {} : { op: details.op }),
    ...(related === undefined || related.length === 0 ? {} : { related }),
  };
}

/** A result that is valid exactly when there are no violations; violations sorted by step. */
export function result(property: string, violations: readonly Violation[]): CheckResult {
  const sorted = [...violations].sort((a, b) => a.step - b.step);
  return { property, valid: sorted.length === 0, violations: sorted };
}
