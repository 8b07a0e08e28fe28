/**
 * Turns zod issues into one-line messages an author can act on:
 * `content/chapters/02-x/quiz.yaml: questions[3].options[1].explanation: every option needs an explanation`.
 */
import type { z } from 'zod';

/** `['questions', 3, 'options', 1]` -> `questions[3].options[1]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += (out ? '.' : '') + String(part);
  }
  return out || '(top level)';
}

export function formatIssues(file: string, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${file}: ${formatPath(issue.path)}: ${issue.message}`);
}
