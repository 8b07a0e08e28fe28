/**
 * The attempt-level pieces both quiz views render (the static Quiz.tsx and
 * the cohort CohortQuiz.tsx): the whole answering layout (question list, the
 * question on screen with its form, Previous / Next, and the submit area with
 * its "Submit anyway / Keep answering" confirmation), the results list and
 * attempt switch of a review, the line that offers the next attempt, and the
 * polite live region. Stateless: the views own the state.
 */
import type { Answer, QuestionResult, ResolvedQuestion } from '../../assessment/quiz/types.ts';
import { isAnswered, type Draft } from './attempt.ts';
import { AnswerForm, QuestionHead, QuestionNav, resultLabel } from './parts.tsx';

/** Announcements for screen readers (moves, submissions). */
export function LiveStatus({ text }: { text: string }) {
  return (
    <p class="visually-hidden" role="status" aria-live="polite">
      {text}
    </p>
  );
}

interface ListProps {
  questions: readonly ResolvedQuestion[];
  /** The question on screen. */
  index: number;
  go: (i: number) => void;
}

/** While answering: one button a question, marked answered (●) or not (○). */
export function AnsweringList({ questions, draft, index, go }: ListProps & { draft: Draft }) {
  return (
    <nav class="quiz-list" aria-label="Questions">
      <ol>
        {questions.map((q, i) => {
          const done = isAnswered(q, draft);
          return (
            <li key={q.id}>
              <button
                type="button"
                class={done ? 'answered' : undefined}
                aria-current={i === index ? 'step' : undefined}
                aria-label={`Question ${i + 1}, ${done ? 'answered' : 'not answered'}`}
                onClick={() => go(i)}
              >
                {i + 1}
                <span aria-hidden="true">{done ? '●' : '○'}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/** In a review: one button a question, with its verdict and points (`results[i]` is question i's). */
export function ResultsList({ questions, results, index, go }: ListProps & { results: readonly QuestionResult[] }) {
  return (
    <nav class="quiz-list" aria-label="Questions and results">
      <ol>
        {questions.map((q, i) => {
          const r = results[i];
          const l = r ? resultLabel(r) : { mark: '', text: '', tone: 'bad' as const };
          return (
            <li key={q.id}>
              <button
                type="button"
                class={`result ${l.tone}`}
                aria-current={i === index ? 'step' : undefined}
                aria-label={`Question ${i + 1}, ${l.text}, ${r?.points ?? 0} of ${r?.max ?? 0} points`}
                onClick={() => go(i)}
              >
                {i + 1}
                <span aria-hidden="true">{l.mark}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

interface SubmitProps {
  answered: number;
  total: number;
  /** 1-based number of the attempt being answered. */
  attempt: number;
  /** Asking "Submit anyway?" because some questions are not answered. */
  confirming: boolean;
  /** A submission is under way (cohort mode): the buttons wait. */
  busy?: boolean;
  error: string;
  /** `force` submits even with questions unanswered. */
  onSubmit: (force: boolean) => void;
  onKeepAnswering: () => void;
}

/** "3 of 12 answered.", the submit button or the unanswered-questions confirmation, and any error. */
export function SubmitArea({
  answered,
  total,
  attempt,
  confirming,
  busy,
  error,
  onSubmit,
  onKeepAnswering,
}: SubmitProps) {
  return (
    <div class="quiz-submit">
      <p>
        {answered} of {total} answered.
      </p>
      {confirming ? (
        <div class="quiz-confirm">
          <p tabIndex={-1}>
            {total - answered} {total - answered === 1 ? 'question is' : 'questions are'} not answered and will score 0.
            Submit anyway?
          </p>
          <button type="button" class="primary" disabled={busy} onClick={() => onSubmit(true)}>
            Submit anyway
          </button>{' '}
          <button type="button" onClick={onKeepAnswering}>
            Keep answering
          </button>
        </div>
      ) : (
        <button type="button" class="primary" disabled={busy} onClick={() => onSubmit(false)}>
          {busy ? 'Submitting…' : `Submit attempt ${attempt}`}
        </button>
      )}
      {error && (
        <p class="bad" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

type AnsweringProps = ListProps &
  Omit<SubmitProps, 'answered' | 'total' | 'attempt'> & {
    draft: Draft;
    /** Prefix of the form's element ids, unique on the page. */
    uid: string;
    /** The learner changed the answer to `question` (the one on screen). */
    onAnswer: (question: ResolvedQuestion, answer: Answer) => void;
    onMove: (question: ResolvedQuestion, itemId: string, delta: -1 | 1) => void;
  };

/**
 * While answering: the question list, the question on screen (`questions[index]`)
 * and its form, Previous / Next, and the submit area with the draft's count. The
 * form is keyed by attempt and question, so moving to another question starts a
 * fresh form.
 */
export function Answering({ questions, draft, index, go, uid, onAnswer, onMove, ...submit }: AnsweringProps) {
  const question = questions[index];
  if (!question) return null;
  const total = questions.length;
  return (
    <>
      <AnsweringList questions={questions} draft={draft} index={index} go={go} />
      <div class="quiz-question">
        <QuestionHead question={question} variant={draft.variant} index={index} total={total} />
        <AnswerForm
          key={`${draft.attempt}-${question.id}`}
          uid={`${uid}-${question.id}`}
          question={question}
          variant={draft.variant}
          answer={draft.answers[question.id] ?? null}
          onAnswer={(a) => onAnswer(question, a)}
          onMove={(id, d) => onMove(question, id, d)}
        />
      </div>
      <QuestionNav index={index} total={total} go={go} />
      <SubmitArea
        answered={questions.filter((q) => isAnswered(q, draft)).length}
        total={total}
        attempt={draft.attempt}
        {...submit}
      />
    </>
  );
}

interface SwitchProps {
  /**
   * The submitted attempts, oldest first. One that carries its own `attempt`
   * number (the server's) is labelled with it; otherwise its place counts.
   */
  attempts: readonly { readonly score: number; readonly max: number; readonly attempt?: number }[];
  /** Index of the attempt on screen. */
  shown: number;
  onPick: (i: number) => void;
}

/** "Review attempt 1 (7 / 10)" buttons, shown once there is more than one attempt. */
export function AttemptSwitch({ attempts, shown, onPick }: SwitchProps) {
  if (attempts.length <= 1) return null;
  return (
    <p class="quiz-attempt-switch" role="group" aria-label="Attempt to review">
      {attempts.map((a, i) => (
        <button key={a.attempt ?? i + 1} type="button" aria-pressed={i === shown} onClick={() => onPick(i)}>
          Review attempt {a.attempt ?? i + 1} ({a.score} / {a.max})
        </button>
      ))}
    </p>
  );
}

interface NextProps {
  /** Attempts not used yet. */
  left: number;
  /** 1-based number of the attempt the button would start. */
  next: number;
  best: { readonly score: number; readonly max: number } | undefined;
  busy?: boolean;
  onStart: () => void;
}

/** "Start attempt 2" with what changes, or "No attempts left" with the score that counts. */
export function NextAttempt({ left, next, best, busy, onStart }: NextProps) {
  return left > 0 ? (
    <p>
      {left} attempt left; the best score counts. The next attempt draws the simulation-based questions from a different
      seed, so the numbers change.{' '}
      <button type="button" class="primary" disabled={busy} onClick={onStart}>
        Start attempt {next}
      </button>
    </p>
  ) : (
    <p>
      <strong>No attempts left.</strong> Your best score, {best?.score} / {best?.max}, counts.
    </p>
  );
}
