/**
 * The worker's grading path gives graders `reload` (a fresh evaluation of the
 * learner's module), so the browser's Submit restarts a crashed CDC consumer
 * with empty memory exactly as Node's `npm run grade` does: a solution that
 * keeps its last LSN in a module variable instead of in the view fails in both.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gradeCode } from '../../../src/runner/grade.ts';
import { graders as runnerGraders } from '../../../src/runner/graders.ts';
import { PROTOCOL_VERSION } from '../../../src/runner/protocol.ts';
import { learnerModules } from '../../../src/assessment/grading/source.ts';
import { cdcConsumer } from '../../../src/chapters/ch03/grader.ts';

const DIR = 'content/chapters/03-what-the-log-carries/exercises/cdc-seat-counts';
const seeds = cdcConsumer.suites.checks;

function grade(file: string) {
  const code = readFileSync(`${DIR}/${file}`, 'utf8');
  return gradeCode(
    { v: PROTOCOL_VERSION, type: 'grade', id: 1, exerciseId: cdcConsumer.name, code, seeds: [...seeds] },
    runnerGraders[cdcConsumer.name],
    learnerModules,
    () => {},
  );
}

describe('worker grading with reload', () => {
  it('rejects state kept in module memory, which a consumer crash wipes', () => {
    const r = grade('wrong-memory-lsn.ts');
    expect(r.error).toBeUndefined();
    expect(r.passed).toBe(false);
    expect(r.checks.some((c) => !c.passed && /no-double-count/.test(c.message ?? ''))).toBe(true);
  });

  it('still passes the reference, which keeps its LSN in the view', () => {
    expect(grade('reference.ts').passed).toBe(true);
  });
});
