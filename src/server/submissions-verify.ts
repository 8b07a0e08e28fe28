/**
 * `npm run cohort -- verify <bundle.json…> --csv grades.csv`: verifies
 * submission bundles (bundle.ts) without a server. Every submitted solution
 * is graded again through the grading pool with the exercise's grader and
 * submit seeds, every quiz attempt is scored again from its responses with
 * the build's quiz files at the stated variant, and the gradebook puts what
 * each bundle claims next to what it really contains, flagging every
 * difference. Only what verification finds counts; a claim is only compared.
 */
import { MAX_QUIZ_ATTEMPTS } from '../progress/schema.ts';
import { scoreAttempt } from '../assessment/quiz/score.ts';
import type { Answer } from '../assessment/quiz/types.ts';
import type { SubmissionBundle } from './bundle.ts';
import type { Catalog } from './catalog.ts';
import { csvCell } from './gradebook.ts';
import type { GradingPool } from './grading/types.ts';
import type { ExerciseIndex } from './submissions-exercises.ts';
import { storedVerdict, verdictSummary, type StoredVerdict } from './submissions.ts';

export interface ExerciseResult {
  readonly exercise: string;
  readonly submissions: number;
  /** Some submission claims a pass. */
  readonly claimedPassed: boolean;
  readonly verified: 'passed' | 'failed' | 'unknown exercise';
  /** Why it differs, when a claim and its verification differ. */
  readonly flag: string | null;
  /** The verdict of the newest submission, in a line. */
  readonly detail: string;
}

export interface QuizResult {
  readonly chapter: string;
  readonly attempts: number;
  /** Best claimed score of the attempts that count. */
  readonly claimedScore: number;
  readonly claimedMax: number;
  /** Best re-scored attempt; null when the build has no quiz for the chapter. */
  readonly verifiedScore: number | null;
  readonly verifiedMax: number | null;
  readonly flag: string | null;
}

export interface BundleResult {
  readonly file: string;
  readonly learnerName: string;
  readonly cohortId: string;
  readonly exportedAt: string;
  readonly exercises: readonly ExerciseResult[];
  readonly quizzes: readonly QuizResult[];
  readonly flags: number;
}

export interface VerifyContext {
  readonly pool: GradingPool;
  readonly exercises: ExerciseIndex;
  readonly catalog: Catalog;
}

/** Grades each distinct (grader, code) once, at most the pool's size at a time. */
async function gradeAll(
  pool: GradingPool,
  jobs: readonly { grader: string; code: string }[],
): Promise<Map<string, StoredVerdict>> {
  const key = (j: { grader: string; code: string }) => `${j.grader}\u0000${j.code}`;
  const unique = [...new Map(jobs.map((j) => [key(j), j])).values()];
  const out = new Map<string, StoredVerdict>();
  let next = 0;
  const worker = async () => {
    while (next < unique.length) {
      const j = unique[next++] as { grader: string; code: string };
      out.set(key(j), storedVerdict(await pool.grade(j)));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, pool.stats().size) }, worker));
  return out;
}

function exerciseResults(
  b: SubmissionBundle,
  ctx: VerifyContext,
  verdictOf: (grader: string, code: string) => StoredVerdict | undefined,
): ExerciseResult[] {
  const byExercise = new Map<string, SubmissionBundle['submissions'][number][]>();
  for (const s of b.submissions) byExercise.set(s.exercise, [...(byExercise.get(s.exercise) ?? []), s]);
  const results: ExerciseResult[] = [];
  for (const [exercise, subs] of byExercise) {
    const claimedPassed = subs.some((s) => s.claimedPassed);
    const entry = ctx.exercises.get(exercise);
    if (!entry) {
      results.push({
        exercise,
        submissions: subs.length,
        claimedPassed,
        verified: 'unknown exercise',
        flag: claimedPassed ? 'claims a pass of an exercise this course does not have' : null,
        detail: 'not an exercise of this course',
      });
      continue;
    }
    const verdicts = subs.map((s) => ({ s, v: verdictOf(entry.grader, s.code) }));
    const passed = verdicts.some(({ v }) => v?.passed === true);
    const differ = verdicts.filter(({ s, v }) => s.claimedPassed !== (v?.passed === true));
    const newest = [...verdicts].sort((x, y) => x.s.submittedAt.localeCompare(y.s.submittedAt)).at(-1);
    results.push({
      exercise,
      submissions: subs.length,
      claimedPassed,
      verified: passed ? 'passed' : 'failed',
      flag:
        differ.length === 0
          ? null
          : differ
              .map(
                ({ s, v }) =>
                  `submission of ${s.submittedAt} claims ${s.claimedPassed ? 'passed' : 'failed'}, verified ${verdictSummary(v ?? null)}`,
              )
              .join('; '),
      detail: verdictSummary(newest?.v ?? null),
    });
  }
  const order = [...ctx.exercises.keys()];
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  return results.sort((x, y) => rank(x.exercise) - rank(y.exercise) || x.exercise.localeCompare(y.exercise));
}

function quizResults(b: SubmissionBundle, catalog: Catalog): QuizResult[] {
  const byChapter = new Map<string, SubmissionBundle['quizAttempts'][number][]>();
  for (const a of b.quizAttempts) byChapter.set(a.chapter, [...(byChapter.get(a.chapter) ?? []), a]);
  const results: QuizResult[] = [];
  for (const [chapter, all] of byChapter) {
    const attempts = [...all].sort((x, y) => x.at.localeCompare(y.at));
    // Two attempts count, as in the workbook: a third is a forgery or a second browser.
    const counted = attempts.slice(0, MAX_QUIZ_ATTEMPTS);
    const claimedScore = Math.max(...counted.map((a) => a.claimedScore));
    const claimedMax = Math.max(...counted.map((a) => a.claimedMax));
    const questions = catalog.chapters.find((c) => c.slug === chapter)?.questions ?? [];
    if (questions.length === 0) {
      results.push({
        chapter,
        attempts: attempts.length,
        claimedScore,
        claimedMax,
        verifiedScore: null,
        verifiedMax: null,
        flag: 'cannot be checked: this build has no quiz for the chapter',
      });
      continue;
    }
    const flags: string[] = [];
    if (attempts.length > MAX_QUIZ_ATTEMPTS)
      flags.push(`${attempts.length} attempts; only the first ${MAX_QUIZ_ATTEMPTS} count`);
    let best = 0;
    let max = 0;
    for (const [i, a] of counted.entries()) {
      const r = scoreAttempt(questions, a.variant, a.responses as Readonly<Record<string, Answer>>);
      best = Math.max(best, r.score);
      max = r.max;
      if (r.score !== a.claimedScore || r.max !== a.claimedMax)
        flags.push(`attempt ${i + 1} claims ${a.claimedScore}/${a.claimedMax}, its answers score ${r.score}/${r.max}`);
    }
    results.push({
      chapter,
      attempts: attempts.length,
      claimedScore,
      claimedMax,
      verifiedScore: best,
      verifiedMax: max,
      flag: flags.length ? flags.join('; ') : null,
    });
  }
  const order = catalog.chapters.map((c) => c.slug);
  const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : order.length);
  return results.sort((x, y) => rank(x.chapter) - rank(y.chapter) || x.chapter.localeCompare(y.chapter));
}

export async function verifyBundles(
  bundles: readonly { file: string; bundle: SubmissionBundle }[],
  ctx: VerifyContext,
): Promise<BundleResult[]> {
  const jobs = bundles.flatMap(({ bundle }) =>
    bundle.submissions.flatMap((s) => {
      const e = ctx.exercises.get(s.exercise);
      return e ? [{ grader: e.grader, code: s.code }] : [];
    }),
  );
  const verdicts = await gradeAll(ctx.pool, jobs);
  return bundles.map(({ file, bundle }) => {
    const exercises = exerciseResults(bundle, ctx, (grader, code) => verdicts.get(`${grader}\u0000${code}`));
    const quizzes = quizResults(bundle, ctx.catalog);
    return {
      file,
      learnerName: bundle.learnerName,
      cohortId: bundle.cohortId,
      exportedAt: bundle.exportedAt,
      exercises,
      quizzes,
      flags: exercises.filter((e) => e.flag).length + quizzes.filter((q) => q.flag).length,
    };
  });
}

/** The gradebook: one row per bundle, claimed and verified side by side for every exercise and chapter quiz. */
export function verifyCsv(results: readonly BundleResult[]): string {
  const exercises = [...new Set(results.flatMap((r) => r.exercises.map((e) => e.exercise)))];
  const chapters = [...new Set(results.flatMap((r) => r.quizzes.map((q) => q.chapter)))];
  const header = ['Name', 'Cohort', 'Bundle', 'Exported', 'Flags'];
  for (const e of exercises) header.push(`${e} claimed`, `${e} verified`, `${e} flag`);
  for (const c of chapters) header.push(`${c} quiz claimed`, `${c} quiz verified`, `${c} quiz max`, `${c} quiz flag`);
  const lines = [header.map(csvCell).join(',')];
  for (const r of results) {
    const row: (string | number | null)[] = [r.learnerName, r.cohortId, r.file, r.exportedAt, r.flags];
    for (const id of exercises) {
      const e = r.exercises.find((x) => x.exercise === id);
      row.push(
        e ? (e.claimedPassed ? 'passed' : 'failed') : 'not submitted',
        e ? e.verified : 'not submitted',
        e?.flag ? `FLAG: ${e.flag}` : '',
      );
    }
    for (const slug of chapters) {
      const q = r.quizzes.find((x) => x.chapter === slug);
      row.push(
        q?.claimedScore ?? null,
        q?.verifiedScore ?? null,
        q?.verifiedMax ?? null,
        q?.flag ? `FLAG: ${q.flag}` : '',
      );
    }
    lines.push(row.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** What the command prints about one bundle: a summary line, then one line per flag. */
export function describeResult(r: BundleResult): string[] {
  const passed = r.exercises.filter((e) => e.verified === 'passed').length;
  const lines = [
    `${r.learnerName} (${r.cohortId}, ${r.file}): ${passed} of ${r.exercises.length} exercises verified passed, ${r.quizzes.length} quizzes re-scored, ${r.flags} flag${r.flags === 1 ? '' : 's'}`,
  ];
  for (const e of r.exercises) if (e.flag) lines.push(`  FLAG ${e.exercise}: ${e.flag}`);
  for (const q of r.quizzes) if (q.flag) lines.push(`  FLAG ${q.chapter} quiz: ${q.flag}`);
  return lines;
}
