/**
 * The quiz API of cohort mode, mounted by app.ts under `api/quiz`:
 *
 *   GET  quiz/:chapter          the learner's attempts (reviews of submitted ones) and the open one
 *   POST quiz/:chapter/start    opens the next attempt (variant chosen here), or returns the open one
 *   POST quiz/:chapter/submit   { attempt, responses } → scored with the full key, stored, reviewed
 *
 * Who the learner is comes from the bearer token only; the body carries
 * nothing but the attempt number and the responses (a score, a variant or a
 * person id in it is refused by name).
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { MAX_ATTEMPTS } from '../assessment/quiz/score.ts';
import type { Db } from './db.ts';
import type { Person } from './people.ts';
import { quizState, startAttempt, submitAttempt, type QuizBook } from './quiz.ts';
import { parseBody } from './parse-body.ts';
import { emptyBody } from './requests.ts';

type Env = { Variables: { person: Person; token: string } };

/** A 12-question quiz's responses are well under 4 KB; this leaves room for long ordering lists. */
const QUIZ_BODY_BYTES = 32_768;

const answer = z.union([z.null(), z.string().max(200), z.number().finite(), z.array(z.string().max(200)).max(64)]);

export const submitBody = z.strictObject({
  // Not capped at MAX_ATTEMPTS here: a third attempt is answered 409 like any attempt that is not open.
  attempt: z.number().int().min(1).max(1000),
  responses: z.record(z.string().max(100), answer).refine((r) => Object.keys(r).length <= 200, 'too many responses'),
});

export function quizRoutes(options: { db: Db; book: QuizBook; signedIn: MiddlewareHandler<Env> }): Hono<Env> {
  const { db, book, signedIn } = options;
  const routes = new Hono<Env>();
  const limit = bodyLimit({
    maxSize: QUIZ_BODY_BYTES,
    onError: (c) => c.json({ error: `the body is larger than ${QUIZ_BODY_BYTES} bytes` }, 413),
  });

  const quizOf = (c: Context<Env>) => {
    const chapter = c.req.param('chapter') ?? '';
    const quiz = book.get(chapter);
    return quiz ? { chapter, quiz } : undefined;
  };
  const noQuiz = (c: Context<Env>) =>
    c.json({ error: `there is no quiz for chapter "${c.req.param('chapter') ?? ''}" in this course` }, 404);

  routes.get('/:chapter', signedIn, async (c) => {
    const q = quizOf(c);
    if (!q) return noQuiz(c);
    return c.json(await quizState(db, q.quiz, c.get('person').id, q.chapter));
  });

  routes.post('/:chapter/start', limit, signedIn, async (c) => {
    const q = quizOf(c);
    if (!q) return noQuiz(c);
    const b = await parseBody(c, emptyBody);
    if (b instanceof Response) return b;
    const r = await startAttempt(db, q.quiz, c.get('person').id, q.chapter);
    if (!r.ok) return c.json({ error: r.error }, 409);
    return c.json({ chapter: q.chapter, maxAttempts: MAX_ATTEMPTS, ...r.open });
  });

  routes.post('/:chapter/submit', limit, signedIn, async (c) => {
    const q = quizOf(c);
    if (!q) return noQuiz(c);
    const b = await parseBody(c, submitBody);
    if (b instanceof Response) return b;
    const r = await submitAttempt(db, q.quiz, c.get('person').id, q.chapter, b.attempt, b.responses);
    if (!r.ok) return c.json({ error: r.error }, r.status);
    return c.json({ chapter: q.chapter, review: r.review });
  });

  return routes;
}
