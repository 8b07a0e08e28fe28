/**
 * `npm run cohort -- verify`: submission bundles verified without a server.
 * An honest bundle verifies to what it claims; a hand-edited one (a pass
 * claimed for wrong code, a quiz score raised to 120) verifies to what it
 * really contains, flagged; a malformed one is refused naming the file and
 * the field, with a non-zero exit and nothing written. Real exercises from
 * content/, the fixture build's quiz (q1: b, q2: 3; 20 points).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLE_FORMAT, parseBundle } from '../../src/server/bundle.ts';
import { CONTENT_DIR, fixtureDist } from './support/fixtures.ts';
import { ROOT } from './support/process.ts';

const code = (chapter: string, exercise: string, file: string) =>
  readFileSync(join(CONTENT_DIR, 'chapters', chapter, 'exercises', exercise, file), 'utf8');
const REFERENCE = code('02-leaders-and-followers', 'apply-batch', 'reference.ts');
const WRONG = code('02-leaders-and-followers', 'apply-batch', 'wrong-no-dedupe.ts');

const dir = mkdtempSync(join(tmpdir(), 'cohort-verify-'));
const dist = fixtureDist();
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(dist, { recursive: true, force: true });
});

const bundle = (
  learnerName: string,
  parts: { submissions: Record<string, unknown>[]; quizAttempts: Record<string, unknown>[] },
) => ({
  format: BUNDLE_FORMAT,
  version: 1,
  learnerName,
  cohortId: 'spring-2027',
  exportedAt: '2027-03-01T10:00:00.000Z',
  ...parts,
});
const at = (m: number) => `2027-03-01T09:${String(m).padStart(2, '0')}:00.000Z`;

const HONEST = bundle('Ada', {
  submissions: [
    { exercise: 'apply-batch', code: WRONG, submittedAt: at(1), claimedPassed: false },
    { exercise: 'apply-batch', code: REFERENCE, submittedAt: at(2), claimedPassed: true },
  ],
  quizAttempts: [
    { chapter: 'one-database', variant: 0, responses: { q1: 'a', q2: 3 }, claimedScore: 10, claimedMax: 20, at: at(3) },
    { chapter: 'one-database', variant: 0, responses: { q1: 'b', q2: 3 }, claimedScore: 20, claimedMax: 20, at: at(4) },
  ],
});
const EDITED = bundle('Bo', {
  submissions: [{ exercise: 'apply-batch', code: WRONG, submittedAt: at(1), claimedPassed: true }],
  quizAttempts: [
    {
      chapter: 'one-database',
      variant: 0,
      responses: { q1: 'a', q2: 3 },
      claimedScore: 120,
      claimedMax: 120,
      at: at(2),
    },
  ],
});

function verify(files: string[], csv: string) {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  return spawnSync(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', 'scripts/cohort.mjs', 'verify', ...files, '--csv', csv, '--dist', dist],
    { cwd: ROOT, env, encoding: 'utf8' },
  );
}
const write = (name: string, value: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};
const csvRows = (text: string) => {
  const [head, ...rows] = text.trim().split('\r\n');
  const names = (head ?? '').split(',');
  // Test data has no commas inside cells except in flags, which come last per group; split carefully.
  return rows.map((r) => {
    const cells: string[] = [];
    let cur = '';
    let quoted = false;
    for (const ch of r) {
      if (ch === '"') quoted = !quoted;
      else if (ch === ',' && !quoted) {
        cells.push(cur);
        cur = '';
      } else cur += ch;
    }
    cells.push(cur);
    return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']));
  });
};

describe('npm run cohort -- verify', () => {
  it('verifies an honest bundle to its claims and an edited one to what it really contains', () => {
    const csv = join(dir, 'grades.csv');
    const r = verify([write('ada.json', HONEST), write('bo.json', EDITED)], csv);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      'Ada (spring-2027, ada.json): 1 of 1 exercises verified passed, 1 quizzes re-scored, 0 flags',
    );
    expect(r.stdout).toContain(
      'Bo (spring-2027, bo.json): 0 of 1 exercises verified passed, 1 quizzes re-scored, 2 flags',
    );
    expect(r.stdout).toMatch(
      /FLAG apply-batch: submission of .* claims passed, verified failed: applied-in-order \(seed \d+, step \d+\)/,
    );
    expect(r.stdout).toContain('FLAG one-database quiz: attempt 1 claims 120/120, its answers score 10/20');
    const [ada, bo] = csvRows(readFileSync(csv, 'utf8'));
    expect(ada).toMatchObject({
      Name: 'Ada',
      Flags: '0',
      'apply-batch claimed': 'passed',
      'apply-batch verified': 'passed',
      'apply-batch flag': '',
      'one-database quiz claimed': '20',
      'one-database quiz verified': '20',
      'one-database quiz max': '20',
      'one-database quiz flag': '',
    });
    expect(bo).toMatchObject({
      Name: 'Bo',
      Flags: '2',
      'apply-batch claimed': 'passed',
      'apply-batch verified': 'failed',
      'one-database quiz claimed': '120',
      'one-database quiz verified': '10',
      'one-database quiz max': '20',
    });
    expect(bo?.['apply-batch flag']).toMatch(/^FLAG: .*claims passed, verified failed/);
    expect(bo?.['one-database quiz flag']).toMatch(/^FLAG: attempt 1 claims 120\/120/);
  });

  it('counts only two quiz attempts and flags a third', () => {
    const csv = join(dir, 'three.csv');
    const attempt = (m: number, q1: string) => ({
      chapter: 'one-database',
      variant: 0,
      responses: { q1, q2: 3 },
      claimedScore: q1 === 'b' ? 20 : 10,
      claimedMax: 20,
      at: at(m),
    });
    const b = bundle('Cy', { submissions: [], quizAttempts: [attempt(1, 'a'), attempt(2, 'a'), attempt(3, 'b')] });
    const r = verify([write('cy.json', b)], csv);
    expect(r.status).toBe(0);
    const [cy] = csvRows(readFileSync(csv, 'utf8'));
    expect(cy).toMatchObject({ 'one-database quiz claimed': '10', 'one-database quiz verified': '10' });
    expect(cy?.['one-database quiz flag']).toContain('3 attempts; only the first 2 count');
  });

  it('refuses a malformed bundle naming the field, exits non-zero and writes nothing', () => {
    const csv = join(dir, 'never.csv');
    const bad = structuredClone(EDITED);
    (bad.submissions[0] as Record<string, unknown>).claimedPassed = 'yes';
    const r = verify([write('honest.json', HONEST), write('bad.json', bad)], csv);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('Nothing was verified or written');
    expect(r.stderr).toContain('bad.json: submissions[0].claimedPassed: must be true or false');
    expect(existsSync(csv)).toBe(false);
    const notJson = verify([write('broken.json', '{"format": ')], csv);
    expect(notJson.status).not.toBe(0);
    expect(notJson.stderr).toContain('broken.json: not valid JSON');
    expect(existsSync(csv)).toBe(false);
  });
});

describe('parseBundle', () => {
  it('accepts a valid bundle and names what is wrong in an invalid one', () => {
    expect(parseBundle(JSON.stringify(HONEST)).ok).toBe(true);
    const cases: [unknown, string][] = [
      [{ ...HONEST, version: 2 }, 'version: must be 1'],
      [{ ...HONEST, format: 'x' }, 'format: must be "replication-workbook-submissions"'],
      [{ ...HONEST, learnerName: '' }, 'learnerName: is empty'],
      [{ ...HONEST, extra: 1 }, 'unknown field extra'],
      [
        { ...EDITED, quizAttempts: [{ ...EDITED.quizAttempts[0], claimedScore: 121 }] },
        'quizAttempts[0].claimedScore: cannot be more than 120',
      ],
      [
        { ...EDITED, quizAttempts: [{ ...EDITED.quizAttempts[0], variant: 64 }] },
        'quizAttempts[0].variant: must be 0..63',
      ],
      [
        { ...HONEST, submissions: [{ ...HONEST.submissions[0], code: 'x'.repeat(200_001) }] },
        'submissions[0].code: is longer than 200000',
      ],
      [{ ...HONEST, exportedAt: 'yesterday' }, 'exportedAt: must be a time'],
      [[1, 2], 'must be a JSON object'],
    ];
    for (const [value, message] of cases) {
      const r = parseBundle(JSON.stringify(value), 'b.json');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toContain(`b.json: ${message}`);
    }
  });
});
