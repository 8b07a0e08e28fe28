/**
 * The chapter quiz island.
 *
 *   <Quiz client:visible chapter="leaders-and-followers" src={dataUrl(quizFile(chapter))} />
 *
 * `src` is the build-time ResolvedQuiz (src/assessment/quiz/resolve.ts) as a
 * static JSON file (src/site/lazy-data.ts): the engine never ships to the page
 * for it, and the page does not carry it either; the island fetches it when it
 * hydrates (scrolled into view), showing a loading state, or an error with
 * "Try again" that leaves any saved attempt untouched. One question at a time with Previous /
 * Next and a question list; two attempts, the second on a different variant
 * (different engine-derived numbers); the best score counts and is saved to
 * progress. After an attempt every option is explained, and predict questions
 * offer "Run this scenario", which dispatches a bubbling, cancelable
 * `workbook:open-run` CustomEvent with `detail: { scenario, seed }`; the
 * simulation view calls `preventDefault()` on it to say it took the run.
 *
 * Cohort mode: on a page served by a cohort server (its marker meta tag), the
 * quiz file is the keyless public version and the server scores; this island
 * then loads CohortQuiz.tsx on demand and renders that instead. The static
 * workbook never loads that module, and behaves exactly as described above.
 */
import './quiz.css';
import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { MAX_ATTEMPTS, scoreAttempt, scoreQuestion } from '../../assessment/quiz/score.ts';
import type { Answer, ResolvedQuestion, ResolvedQuiz, RunRef } from '../../assessment/quiz/types.ts';
import { pickVariant } from '../../assessment/quiz/variants.ts';
import { bestAttempt, own, type QuizAttempt, type QuizResponse } from '../../progress/index.ts';
import { downloadText, useProgress } from '../progress/useProgress.ts';
import { clearDraft, loadDraft, saveDraft } from './draft.ts';
import { useStaticJson } from '../data/useStaticJson.ts';
import { QuestionHead, QuestionNav, Review } from './parts.tsx';
import { freshDraft, isAnswered, moveItem, type Draft } from './attempt.ts';
import { Answering, AttemptSwitch, LiveStatus, NextAttempt, ResultsList } from './attempt-parts.tsx';
import { useFocusTarget, type FocusTarget } from './focus.ts';
import { openRun } from './open-run.ts';

export interface QuizProps {
  /** Chapter slug; progress is saved under it. */
  chapter: string;
  /** URL of the quiz resolved at build time by resolveQuiz, as JSON. */
  src: string;
  /**
   * Id of a heading the page already shows for the quiz (e.g. the chapter's "Quiz" h2).
   * When given, the island labels itself with it and renders no h2 of its own.
   */
  titleId?: string;
}

// A keyless public file (cohort mode) cannot be scored here, so it is not accepted.
const isQuiz = (v: unknown): v is ResolvedQuiz =>
  typeof v === 'object' &&
  v !== null &&
  Array.isArray((v as { questions?: unknown }).questions) &&
  (v as { public?: unknown }).public !== true;

/** Stands in until the quiz's file arrives, so the hooks below run the same way in every state. */
const NO_QUIZ: ResolvedQuiz = { variantSeeds: [], pointsPerQuestion: 0, maxScore: 0, questions: [] };

/** The cohort server's base path when the page carries its marker, else null (static workbook, or server rendering). */
function cohortBase(): string | null {
  if (typeof document === 'undefined') return null;
  return document.querySelector('meta[name="workbook-cohort"]')?.getAttribute('content') ?? null;
}

type CohortView = ComponentType<QuizProps & { base: string }>;

export default function Quiz(props: QuizProps) {
  const [base] = useState(cohortBase);
  return base === null ? <StaticQuiz {...props} /> : <CohortLoader {...props} base={base} />;
}

/** Loads the cohort-mode view on demand; shows the same loading state as the static quiz meanwhile. */
function CohortLoader(props: QuizProps & { base: string }) {
  const [view, setView] = useState<{ Component: CohortView } | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setFailed(false);
    import('./CohortQuiz.tsx')
      .then((m) => live && setView({ Component: m.default }))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [attempt]);
  if (view) return <view.Component {...props} />;
  return (
    <section class="quiz" aria-label="Quiz" aria-busy={!failed}>
      {failed ? (
        <p class="bad" role="alert">
          The quiz could not be loaded. Check your connection and try again.{' '}
          <button type="button" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </p>
      ) : (
        <p class="quiz-hint">Loading the quiz…</p>
      )}
    </section>
  );
}

function StaticQuiz({ chapter, src, titleId }: QuizProps) {
  const data = useStaticJson(src, isQuiz);
  const quiz = data.state === 'ready' ? data.value : NO_QUIZ;
  const progress = useProgress();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [index, setIndex] = useState(0);
  const [viewing, setViewing] = useState<number | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [error, setError] = useState('');
  const [runNote, setRunNote] = useState('');
  /** The last attempt was recorded only in this tab's memory (storage refused it). */
  const [unsaved, setUnsaved] = useState(false);
  const focus = useRef<FocusTarget>(null);
  const root = useRef<HTMLElement>(null);
  const uid = `quiz-${chapter}`;
  const labelId = titleId ?? `${uid}-title`;
  const total = quiz.questions.length;
  const attempts: readonly QuizAttempt[] = progress ? (own(progress.data.chapters, chapter)?.attempts ?? []) : [];

  const startAttempt = (used: readonly QuizAttempt[]) => {
    if (!progress) return;
    const learner = progress.store.learnerSeed();
    const n = used.length + 1;
    const variant = pickVariant(
      quiz,
      learner,
      chapter,
      used.map((a) => a.variant),
    );
    setDraft(freshDraft(quiz.questions, learner, chapter, n, variant));
    setIndex(0);
    setConfirming(false);
    setError('');
    setRunNote('');
  };

  // An attempt in progress before a reload comes back; otherwise the first attempt starts by itself.
  useEffect(() => {
    if (!progress || draft || data.state !== 'ready') return;
    const saved = loadDraft(chapter);
    if (saved && saved.attempt === attempts.length + 1 && saved.attempt <= MAX_ATTEMPTS) {
      const { index: at, ...rest } = saved;
      setDraft(rest);
      setIndex(Math.min(at, total - 1));
      return;
    }
    if (saved) clearDraft(chapter); // submitted since, here or in another tab
    if (attempts.length === 0) startAttempt(attempts);
  }, [progress !== null, attempts.length, data.state]);

  useEffect(() => {
    if (draft) saveDraft(chapter, { ...draft, index });
  }, [draft, index]);

  useFocusTarget(root, focus);

  const go = (i: number) => {
    setIndex(Math.max(0, Math.min(total - 1, i)));
    setConfirming(false);
    setRunNote('');
    focus.current = 'question';
  };

  // One section element in every state (tests and assistive technology keep hold of it while the quiz loads).
  if (!progress || data.state !== 'ready') {
    return (
      <section class="quiz" aria-label="Quiz" aria-busy={data.state !== 'failed'} ref={root}>
        {data.state === 'failed' ? (
          <p class="bad" role="alert">
            The quiz could not be loaded ({data.message}). Check your connection and try again; an attempt in progress
            is kept. If the site was just updated, reload the page.{' '}
            <button type="button" onClick={data.retry}>
              Try again
            </button>
          </p>
        ) : (
          <p class="quiz-hint">Loading the quiz…</p>
        )}
      </section>
    );
  }

  const best = bestAttempt(attempts);
  const question = quiz.questions[index];

  const setAnswer = (id: string, a: Answer) => draft && setDraft({ ...draft, answers: { ...draft.answers, [id]: a } });

  const move = (q: ResolvedQuestion, itemId: string, delta: -1 | 1) => {
    const moved = draft && moveItem(draft, q, itemId, delta);
    if (!moved) return;
    setDraft(moved.draft);
    setAnnouncement(moved.announcement);
    focus.current = { move: `${itemId}:${delta}` };
  };

  const submit = (force: boolean) => {
    if (!draft) return;
    const unanswered = quiz.questions.filter((q) => !isAnswered(q, draft)).length;
    if (unanswered > 0 && !force) {
      setConfirming(true);
      focus.current = 'confirm';
      return;
    }
    const result = scoreAttempt(quiz.questions, draft.variant, draft.answers);
    const responses: Record<string, QuizResponse> = {};
    for (const q of quiz.questions) {
      const a = draft.answers[q.id] ?? null;
      responses[q.id] = Array.isArray(a) ? [...(a as readonly string[])] : (a as QuizResponse);
    }
    const saved = progress.store.recordQuizAttempt(chapter, {
      score: result.score,
      max: result.max,
      variant: draft.variant,
      responses,
      attempt: draft.attempt,
    });
    if (!saved.ok) {
      setError(`The attempt could not be saved: ${saved.reason}.`);
      return;
    }
    clearDraft(chapter);
    setUnsaved(!saved.saved);
    const correct = result.questions.filter((r) => r.correct).length;
    setDraft(null);
    setViewing(saved.attempts.length - 1);
    setIndex(0);
    setConfirming(false);
    setError('');
    setAnnouncement(
      `Attempt ${draft.attempt} of ${MAX_ATTEMPTS} submitted. You scored ${result.score} out of ${result.max}; ${correct} of ${total} questions fully correct.`,
    );
    focus.current = 'summary';
  };

  const onRun = (run: RunRef, button: HTMLButtonElement) => setRunNote(openRun(run, button));

  const header = (
    <header class="quiz-header">
      {!titleId && <h2 id={labelId}>Quiz</h2>}
      <p class="quiz-meta">
        {draft ? `Attempt ${draft.attempt} of ${MAX_ATTEMPTS}` : `${attempts.length} of ${MAX_ATTEMPTS} attempts used`}
        {best && ` · Best score ${best.score} / ${best.max}`}
      </p>
    </header>
  );
  const live = <LiveStatus text={announcement} />;

  if (!question) return null;

  // ----- answering -----
  if (draft) {
    return (
      <section class="quiz" aria-labelledby={labelId} ref={root}>
        {header}
        {live}
        <Answering
          questions={quiz.questions}
          draft={draft}
          index={index}
          go={go}
          uid={uid}
          onAnswer={(q, a) => setAnswer(q.id, a)}
          onMove={move}
          confirming={confirming}
          error={error}
          onSubmit={submit}
          onKeepAnswering={() => setConfirming(false)}
        />
      </section>
    );
  }

  // ----- reviewing -----
  const shown = attempts[Math.min(viewing ?? attempts.length - 1, attempts.length - 1)];
  if (!shown) {
    return (
      <section class="quiz" aria-labelledby={labelId} ref={root}>
        {header}
        {live}
      </section>
    );
  }
  const shownIndex = attempts.indexOf(shown);
  const responses = shown.responses;
  const answerOf = (q: ResolvedQuestion): Answer | undefined =>
    responses ? ((Object.prototype.hasOwnProperty.call(responses, q.id) ? responses[q.id] : null) ?? null) : undefined;
  const results = quiz.questions.map((q) => scoreQuestion(q, shown.variant, answerOf(q) ?? null));
  const left = MAX_ATTEMPTS - attempts.length;
  return (
    <section class="quiz" aria-labelledby={labelId} ref={root}>
      {header}
      {live}
      <div class="quiz-summary">
        <h3 tabIndex={-1}>
          Attempt {shownIndex + 1} of {MAX_ATTEMPTS}: {shown.score} / {shown.max}
        </h3>
        {unsaved && (
          <p class="bad quiz-unsaved" role="alert">
            This attempt could not be saved in this browser (storage is full or blocked). It is kept only while this tab
            is open.{' '}
            <button
              type="button"
              onClick={() => {
                const f = progress.store.exportFile();
                downloadText(f.name, f.text);
              }}
            >
              Export progress
            </button>
          </p>
        )}
        {responses && (
          <p>
            {results.filter((r) => r.correct).length} of {total} questions fully correct.
          </p>
        )}
        <AttemptSwitch
          attempts={attempts}
          shown={shownIndex}
          onPick={(i) => {
            setViewing(i);
            setIndex(0);
            setRunNote('');
          }}
        />
        <NextAttempt left={left} next={attempts.length + 1} best={best} onStart={() => startAttempt(attempts)} />
      </div>
      <ResultsList questions={quiz.questions} results={results} index={index} go={go} />
      <div class="quiz-question">
        <QuestionHead question={question} variant={shown.variant} index={index} total={total} />
        <Review
          question={question}
          variant={shown.variant}
          answer={answerOf(question)}
          onRun={onRun}
          runNote={runNote}
        />
      </div>
      <QuestionNav index={index} total={total} go={go} />
    </section>
  );
}
