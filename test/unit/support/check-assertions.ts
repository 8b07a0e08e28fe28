/**
 * Assertions shared by the checker tests: a result is clean, or it carries
 * exactly the expected violations, each message naming property, seed and step.
 */
import { expect } from 'vitest';
import type { CheckResult, Violation } from '../../../src/engine/trace/events.ts';

export function expectValid(result: CheckResult): void {
  expect(result.violations.map((v) => v.message)).toEqual([]);
  expect(result.valid).toBe(true);
}

export interface Expected {
  readonly property: string;
  readonly step: number;
  readonly seed: number;
  readonly op?: string;
  /** Fragments the learner-facing sentence must contain. */
  readonly says?: readonly string[];
}

/** The result is invalid and its violations match `expected`, in step order. */
export function expectViolations(result: CheckResult, expected: readonly Expected[]): void {
  expect(result.valid).toBe(false);
  expect(result.violations.map((v) => `${v.property}@${v.step}`)).toEqual(
    expected.map((e) => `${e.property}@${e.step}`),
  );
  result.violations.forEach((v, i) => {
    const e = expected[i];
    if (e !== undefined) expectMessage(v, e);
  });
}

export function expectMessage(v: Violation, e: Expected): void {
  expect(v.property).toBe(e.property);
  expect(v.step).toBe(e.step);
  expect(v.seed).toBe(e.seed);
  expect(v.message).toContain(e.property);
  expect(v.message).toContain(`seed ${e.seed}`);
  expect(v.message).toContain(`step ${e.step}`);
  if (e.op !== undefined) expect(v.op).toBe(e.op);
  for (const fragment of e.says ?? []) expect(v.message).toContain(fragment);
}
