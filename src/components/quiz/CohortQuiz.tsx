/**
 * The Quiz island in cohort mode (the page carries the cohort server's marker).
 * Quiz.tsx imports this module lazily, so static pages never load it.
 *
 * The page only has the public quiz file (no keys; src/server/quiz-public.ts),
 * so nothing is scored here: the server assigns each attempt's variant, scores
 * the submitted responses with the full key and answers with the review
 * (every key and explanation of that attempt's variant), which this view
 * shows with the same parts as the static quiz. The server's score is then
 * recorded in local progress, so the chapter's status matches the verified
 * grade. Without a cohort sign-in on this device the quiz points to the
 * sign-in page instead. A failed call (offline, refused, server error) is
 * shown and loses nothing: the answers stay in the draft (sessionStorage).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { MAX_ATTEMPTS } from '../../assessment/quiz/score.ts';
import type { Answer, ResolvedQuestion, RunRef } from '../../assessment/quiz/types.ts';
import { own, type QuizResponse } from '../../progress/index.ts';
import type { PublicQuestion, PublicQuiz } from '../../server/quiz-public.ts';
import { useProgress } from '../progress/useProgress.ts';
import { useStaticJson } from '../data/useStaticJson.ts';
import { cohortSession, quizApi, type ServerOpen, type ServerReview, type ServerState } from './cohort-api.ts';
import { clearDraft, loadDraft, saveDraft } from './draft.ts';
import { QuestionHead, QuestionNav, Review } from './parts.tsx';
import { freshDraft, isAnswered, moveItem, type Draft } from './attempt.ts';
import { Answering, AttemptSwitch, LiveStatus, NextAttempt, ResultsList } from './attempt-parts.tsx';
import { useFocusTarget, type FocusTarget } from './focus.ts';
import { openRun } from './open-run.ts';

export interface CohortQuizProps {
  chapter: string;
  src: string;
  titleId?: string;
  /** The cohort server's base path, from its marker. */
  base: string;
}

const isPublicQuiz = (v: unknown): v is PublicQuiz =>
  typeof v === 'object' &&
  v !== null &&
  (v as { public?: unknown }).public === true &&
  Array.isArray((v as { questions?: unknown }).questions);

/**
 * The answer form and question head read only a question's kind, scenario,
 * unit, prompt and option / item ids and texts, all of which the public file
 * has; the key fields they never read are simply absent.
 */
const asShown = (q: PublicQuestion): ResolvedQuestion => q as unknown as ResolvedQuestion;

export default function CohortQuiz({ chapter, src, titleId, base }: CohortQuizProps) {
  const session = useMemo(cohortSession, []);
  const api = useMemo(() => (session ? quizApi(base, session.token, chapter) : null), [session, base, chapter]);
  const data = useStaticJson(src, isPublicQuiz);
  const progress = useProgress();
  const [server, setServer] = useState<ServerState | null>(null);
  const [loadError, setLoadError] = useState('');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [index, setIndex] = useState(0);
  const [viewing, setViewing] = useState<number | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const [runNote, setRunNote] = useState('');
  const [reload, setReload] = useState(0);
  const root = useRef<HTMLElement>(null);
  /** Where focus goes after the next render (as in the static quiz). */
  const focus = useRef<FocusTarget>(null);
  const uid = `quiz-${chapter}`;
  const labelId = titleId ?? `${uid}-title`;
  const questions = data.state === 'ready' ? data.value.questions.map(asShown) : [];
  const total = questions.length;

  /** Copies the server's verified attempts into local progress, in order, so the chapter status matches. */
  const record = (reviews: readonly ServerReview[]) => {
    if (!progress) return;
    for (const r of reviews) {
      const local = own(progress.store.get().chapters, chapter)?.attempts ?? [];
      if (local.length !== r.attempt - 1) continue;
      const responses: Record<string, QuizResponse> = {};
      for (const [k, v] of Object.entries(r.responses)) responses[k] = Array.isArray(v) ? [...v] : v;
      progress.store.recordQuizAttempt(chapter, {
        score: r.score,
        max: r.max,
        variant: r.variant,
        responses,
        attempt: r.attempt,
        at: r.submittedAt,
      });
    }
  };

  const begin = (open: ServerOpen) => {
    const saved = loadDraft(chapter);
    if (saved && saved.attempt === open.attempt && saved.variant === open.variant) {
      const { index: at, ...rest } = saved;
      setDraft(rest);
      setIndex(Math.max(0, Math.min(at, total - 1)));
      return;
    }
    const learner = progress?.store.learnerSeed() ?? 0;
    setDraft(freshDraft(questions, learner, chapter, open.attempt, open.variant));
    setIndex(0);
  };

  const start = async () => {
    if (!api) return;
    setBusy(true);
    setError('');
    const r = await api.start();
    setBusy(false);
    if (!r.ok) return setError(`The attempt could not be started: ${r.message}.`);
    setServer((s) => (s ? { ...s, open: r.value } : s));
    setConfirming(false);
    setRunNote('');
    begin(r.value);
  };

  // Reads the learner's attempts from the server once the quiz file and progress are ready.
  useEffect(() => {
    if (!api || !progress || data.state !== 'ready') return;
    let live = true;
    setLoadError('');
    void api.state().then((r) => {
      if (!live) return;
      if (!r.ok) return setLoadError(r.message);
      setServer(r.value);
      record(r.value.submitted);
      if (r.value.open) begin(r.value.open);
      else if (r.value.submitted.length === 0) void start();
      else {
        // Submitted since (another tab or device): show the server's review instead of a stale draft.
        clearDraft(chapter);
        setDraft(null);
      }
    });
    return () => {
      live = false;
    };
  }, [api, progress !== null, data.state, reload]);

  useEffect(() => {
    if (draft) saveDraft(chapter, { ...draft, index });
  }, [draft, index]);

  useFocusTarget(root, focus);

  const section = (children: ComponentChildren, busyState = false) => (
    <section
      class="quiz"
      aria-labelledby={titleId}
      aria-label={titleId ? undefined : 'Quiz'}
      aria-busy={busyState}
      ref={root}
    >
      {children}
    </section>
  );

  if (!session) {
    return section(
      <p class="quiz-hint" role="note">
        This quiz is scored by your cohort&rsquo;s server, so it needs your cohort sign-in on this device.{' '}
        <a href={`${base}cohort/signin/`}>Sign in to the cohort</a> (use the personal link your instructor gave you),
        then come back to this page.
      </p>,
    );
  }
  if (data.state === 'failed') {
    return section(
      <p class="bad" role="alert">
        The quiz could not be loaded ({data.message}). Check your connection and try again.{' '}
        <button type="button" onClick={data.retry}>
          Try again
        </button>
      </p>,
    );
  }
  if (loadError) {
    return section(
      <p class="bad" role="alert">
        Your attempts could not be read from the cohort server: {loadError}. Nothing was lost.{' '}
        <button type="button" onClick={() => setReload((n) => n + 1)}>
          Try again
        </button>
      </p>,
    );
  }
  if (!progress || data.state !== 'ready' || !server) return section(<p class="quiz-hint">Loading the quiz…</p>, true);

  const submitted = server.submitted;
  const best = submitted.length ? submitted.reduce((a, b) => (b.score > a.score ? b : a)) : undefined;
  const question = questions[index];
  if (!question) return null;

  const header = (
    <header class="quiz-header">
      {!titleId && <h2 id={labelId}>Quiz</h2>}
      <p class="quiz-meta">
        {draft ? `Attempt ${draft.attempt} of ${MAX_ATTEMPTS}` : `${submitted.length} of ${MAX_ATTEMPTS} attempts used`}
        {best && ` · Best score ${best.score} / ${best.max}`} · scored by your cohort&rsquo;s server
      </p>
    </header>
  );
  const live = <LiveStatus text={announcement} />;
  const go = (i: number) => {
    setIndex(Math.max(0, Math.min(total - 1, i)));
    setConfirming(false);
    setRunNote('');
    focus.current = 'question';
  };

  // ----- answering -----
  if (draft) {
    const answered = questions.filter((q) => isAnswered(q, draft)).length;
    const move = (q: ResolvedQuestion, itemId: string, delta: -1 | 1) => {
      const moved = moveItem(draft, q, itemId, delta);
      if (!moved) return;
      setDraft(moved.draft);
      setAnnouncement(moved.announcement);
      focus.current = { move: `${itemId}:${delta}` };
    };
    const submit = async (force: boolean) => {
      if (!api || busy) return;
      if (answered < total && !force) {
        setConfirming(true);
        focus.current = 'confirm';
        return;
      }
      const responses: Record<string, QuizResponse> = {};
      for (const q of questions) {
        // An ordering never touched is unanswered (its shown order was only a shuffle).
        const a = isAnswered(q, draft) ? (draft.answers[q.id] ?? null) : null;
        responses[q.id] = Array.isArray(a) ? [...(a as readonly string[])] : (a as QuizResponse);
      }
      setBusy(true);
      setError('');
      const r = await api.submit(draft.attempt, responses);
      setBusy(false);
      if (!r.ok) {
        if (r.status === 409) {
          setError(`The server did not take this attempt: ${r.message}. This page now shows what the server has.`);
          setReload((n) => n + 1);
        } else setError(`The attempt was not submitted: ${r.message}. Your answers are kept on this page; try again.`);
        return;
      }
      const review = r.value;
      record([review]);
      clearDraft(chapter);
      setServer({
        ...server,
        open: null,
        submitted: [...submitted.filter((s) => s.attempt !== review.attempt), review],
      });
      setDraft(null);
      setViewing(null);
      setIndex(0);
      setConfirming(false);
      const correct = review.result.questions.filter((q) => q.correct).length;
      setAnnouncement(
        `Attempt ${review.attempt} of ${MAX_ATTEMPTS} submitted. You scored ${review.score} out of ${review.max}; ${correct} of ${total} questions fully correct.`,
      );
      focus.current = 'summary';
    };
    return section(
      <>
        {header}
        {live}
        <Answering
          questions={questions}
          draft={draft}
          index={index}
          go={go}
          uid={uid}
          onAnswer={(q, a) => setDraft({ ...draft, answers: { ...draft.answers, [q.id]: a } })}
          onMove={move}
          confirming={confirming}
          busy={busy}
          error={error}
          onSubmit={(force) => void submit(force)}
          onKeepAnswering={() => setConfirming(false)}
        />
      </>,
    );
  }

  // ----- reviewing (the server's reviews) -----
  const shown = submitted[Math.min(viewing ?? submitted.length - 1, submitted.length - 1)];
  const left = MAX_ATTEMPTS - submitted.length;
  if (!shown) {
    return section(
      <>
        {header}
        {live}
        {error && (
          <p class="bad" role="alert">
            {error}{' '}
            <button type="button" disabled={busy} onClick={() => void start()}>
              Try again
            </button>
          </p>
        )}
      </>,
    );
  }
  const shownIndex = submitted.indexOf(shown);
  const reviewed = shown.questions[index];
  const onRun = (run: RunRef, button: HTMLButtonElement) => setRunNote(openRun(run, button));
  const answerOf = (id: string): Answer =>
    (Object.prototype.hasOwnProperty.call(shown.responses, id) ? shown.responses[id] : null) ?? null;
  return section(
    <>
      {header}
      {live}
      <div class="quiz-summary">
        <h3 tabIndex={-1}>
          Attempt {shown.attempt} of {MAX_ATTEMPTS}: {shown.score} / {shown.max}
        </h3>
        <p>
          {shown.result.questions.filter((r) => r.correct).length} of {total} questions fully correct (scored by the
          cohort server).
        </p>
        <AttemptSwitch
          attempts={submitted}
          shown={shownIndex}
          onPick={(i) => {
            setViewing(i);
            setIndex(0);
            setRunNote('');
          }}
        />
        <NextAttempt left={left} next={submitted.length + 1} best={best} busy={busy} onStart={() => void start()} />
        {error && (
          <p class="bad" role="alert">
            {error}
          </p>
        )}
      </div>
      <ResultsList questions={shown.questions} results={shown.result.questions} index={index} go={go} />
      {reviewed && (
        <div class="quiz-question">
          <QuestionHead question={reviewed} variant={0} index={index} total={total} />
          <Review question={reviewed} variant={0} answer={answerOf(reviewed.id)} onRun={onRun} runNote={runNote} />
        </div>
      )}
      <QuestionNav index={index} total={total} go={go} />
    </>,
  );
}
