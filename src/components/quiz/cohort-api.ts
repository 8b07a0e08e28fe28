/**
 * The Quiz island's calls to a cohort server (src/server/quiz-routes.ts):
 * read the learner's attempts, start one, submit one. Loaded only in cohort
 * mode (CohortQuiz.tsx is imported lazily), so a static page never carries it.
 * Every call answers a plain result; a failure carries a sentence to show.
 */
import type { AttemptResult, ResolvedQuestion } from '../../assessment/quiz/types.ts';
import type { QuizResponse } from '../../progress/index.ts';
import { callApi, readSession, type Session } from '../../server/client/session.ts';

export interface ServerReview {
  readonly attempt: number;
  readonly variant: number;
  readonly score: number;
  readonly max: number;
  readonly submittedAt: number;
  readonly responses: Readonly<Record<string, QuizResponse>>;
  readonly result: AttemptResult;
  /** Each question with only this attempt's variant: use variant 0 on them. */
  readonly questions: readonly ResolvedQuestion[];
}

export interface ServerOpen {
  readonly attempt: number;
  readonly variant: number;
}

export interface ServerState {
  readonly maxAttempts: number;
  readonly submitted: readonly ServerReview[];
  readonly open: ServerOpen | null;
}

export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  /** status 0: the server could not be reached. */
  | { readonly ok: false; readonly status: number; readonly message: string };

/** This device's cohort sign-in, if any. */
export function cohortSession(): Session | null {
  try {
    return readSession(localStorage);
  } catch {
    return null;
  }
}

function failure(status: number, body: Record<string, unknown>): { ok: false; status: number; message: string } {
  const said = typeof body.error === 'string' ? body.error : '';
  const message =
    status === 0
      ? 'the cohort server cannot be reached (are you offline?)'
      : status === 401
        ? 'this device is no longer signed in to the cohort'
        : status >= 500
          ? `the cohort server failed (${status})${said ? `: ${said}` : ''}`
          : said || `the cohort server answered ${status}`;
  return { ok: false, status, message };
}

export interface QuizApi {
  state(): Promise<Outcome<ServerState>>;
  start(): Promise<Outcome<ServerOpen>>;
  submit(attempt: number, responses: Record<string, QuizResponse>): Promise<Outcome<ServerReview>>;
}

export function quizApi(base: string, token: string, chapter: string, fetchFn: typeof fetch = fetch): QuizApi {
  const path = `quiz/${encodeURIComponent(chapter)}`;
  return {
    async state() {
      const r = await callApi(fetchFn, base, path, { token });
      return r.status === 200 ? { ok: true, value: r.body as unknown as ServerState } : failure(r.status, r.body);
    },
    async start() {
      const r = await callApi(fetchFn, base, `${path}/start`, { token, body: {} });
      return r.status === 200 ? { ok: true, value: r.body as unknown as ServerOpen } : failure(r.status, r.body);
    },
    async submit(attempt, responses) {
      const r = await callApi(fetchFn, base, `${path}/submit`, { token, body: { attempt, responses } });
      return r.status === 200
        ? { ok: true, value: (r.body as { review: ServerReview }).review }
        : failure(r.status, r.body);
    },
  };
}
