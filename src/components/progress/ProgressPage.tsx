/**
 * The progress page: every chapter's status, quiz attempts and exercise
 * statuses; export, import (merge) and reset; set-aside data; the
 * submission bundle for an instructor to verify (BundleExport.tsx).
 *
 *   <ProgressPage client:load chapters={[{ slug, number, title, href, exercises: [{ id, title }] }]} />
 */
import './progress.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  EXERCISE_STATUS_LABEL,
  MAX_QUIZ_ATTEMPTS,
  MAX_QUIZ_SCORE,
  bestAttempt,
  exerciseStatus,
  own,
  type ExerciseStatus,
} from '../../progress/index.ts';
import BundleExport from './BundleExport.tsx';
import StorageNotice from './StorageNotice.tsx';
import { DetailsList } from './DetailsList.tsx';
import { downloadText, formatDate, useProgress } from './useProgress.ts';

export interface ProgressChapter {
  slug: string;
  number: number;
  title: string;
  /** Link to the lesson. */
  href?: string;
  /** Graded exercises of the chapter, by the id the exercise island records progress under. */
  exercises?: readonly { id: string; title: string }[];
}

export interface ProgressPageProps {
  chapters: readonly ProgressChapter[];
  /** Show the storage-problem banner at the top (default true; turn off if the layout already shows StorageNotice). */
  notice?: boolean;
}

const STATUS_MARK: Record<ExerciseStatus, string> = {
  'not-started': '○',
  attempted: '…',
  passed: '✓',
  revealed: '⚑',
  'revealed-then-passed': '✓⚑',
};

type Message = { tone: 'ok' | 'bad'; text: string; details?: readonly string[] } | null;

export default function ProgressPage({ chapters, notice = true }: ProgressPageProps) {
  const progress = useProgress();
  const [message, setMessage] = useState<Message>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const resetButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  const resetPrompt = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    // Focus follows the confirmation: into it when it opens, back to the button when it closes.
    if (confirmReset) resetPrompt.current?.focus();
    else if (wasConfirming.current) resetButton.current?.focus();
    wasConfirming.current = confirmReset;
  }, [confirmReset]);

  if (!progress) {
    return (
      <div class="progress-page">
        <p>Loading your progress…</p>
      </div>
    );
  }
  const { store, data } = progress;
  const known = new Set(chapters.flatMap((c) => (c.exercises ?? []).map((e) => e.id)));
  const otherExercises = Object.keys(data.exercises).filter((id) => !known.has(id));
  const completeCount = chapters.filter((c) => own(data.chapters, c.slug)?.completedAt !== undefined).length;
  // The course total: every chapter's quiz is worth the same, whether or not it was taken.
  const quizPoints = chapters.reduce(
    (sum, c) => sum + (bestAttempt(own(data.chapters, c.slug)?.attempts ?? [])?.score ?? 0),
    0,
  );
  const quizMax = chapters.length * MAX_QUIZ_SCORE;
  const cellCount = Object.keys(data.cells).length;
  const aside = store.setAsideEntries();

  const onImport = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    let text: string;
    try {
      text = await file.text();
    } catch {
      setMessage({ tone: 'bad', text: 'The file could not be read. Your current progress was not changed.' });
      return;
    } finally {
      input.value = '';
    }
    const r = store.importText(text);
    setMessage(
      r.ok ? { tone: 'ok', text: r.message, details: r.skipped } : { tone: 'bad', text: `Import refused: ${r.reason}` },
    );
  };

  const exerciseRow = (id: string, title: string) => {
    const record = own(data.exercises, id);
    const status = exerciseStatus(record);
    const note = status === 'passed' && record?.revealedAt !== undefined ? ' (reference viewed after passing)' : '';
    return (
      <li key={id}>
        <span aria-hidden="true" class={`ex-mark ${status}`}>
          {STATUS_MARK[status]}
        </span>{' '}
        {title}: <strong>{EXERCISE_STATUS_LABEL[status]}</strong>
        {note}
        {record && record.runs > 0 ? ` · ${record.runs} graded run${record.runs === 1 ? '' : 's'}` : ''}
      </li>
    );
  };

  return (
    <div class="progress-page">
      {notice && <StorageNotice />}
      <p class="progress-summary">
        <strong>
          {completeCount} of {chapters.length}
        </strong>{' '}
        chapters complete · quizzes{' '}
        <strong>
          {quizPoints} of {quizMax.toLocaleString('en-GB')}
        </strong>{' '}
        points (best attempts) · {cellCount} notebook cell{cellCount === 1 ? '' : 's'} edited
        {!store.persistent() && ' · saved for this tab only'}
      </p>

      <ul class="progress-chapters">
        {chapters.map((c) => {
          const cp = own(data.chapters, c.slug);
          const attempts = cp?.attempts ?? [];
          const best = bestAttempt(attempts);
          return (
            <li key={c.slug} class="card">
              <h2>
                {c.number}. {c.href ? <a href={c.href}>{c.title}</a> : c.title}
              </h2>
              <dl>
                <dt>Chapter</dt>
                <dd>
                  {cp?.completedAt !== undefined
                    ? `✓ Complete (${formatDate(cp.completedAt)})`
                    : '○ Not marked complete'}
                </dd>
                <dt>Quiz</dt>
                <dd>
                  {best ? (
                    <>
                      Best {best.score} / {best.max} · attempts:{' '}
                      {attempts.map((a, i) => `#${i + 1} ${a.score} / ${a.max} (${formatDate(a.at)})`).join(', ')} ·{' '}
                      {MAX_QUIZ_ATTEMPTS - attempts.length > 0
                        ? `${MAX_QUIZ_ATTEMPTS - attempts.length} attempt left`
                        : 'no attempts left'}
                    </>
                  ) : (
                    'Not taken yet'
                  )}
                </dd>
                {c.exercises && c.exercises.length > 0 && (
                  <>
                    <dt>Exercises</dt>
                    <dd>
                      <ul class="progress-exercises">{c.exercises.map((e) => exerciseRow(e.id, e.title))}</ul>
                    </dd>
                  </>
                )}
              </dl>
            </li>
          );
        })}
      </ul>
      {otherExercises.length > 0 && (
        <section class="card">
          <h2>Other exercises</h2>
          <ul class="progress-exercises">{otherExercises.map((id) => exerciseRow(id, id))}</ul>
        </section>
      )}

      <section class="progress-actions" aria-labelledby="progress-keep">
        <h2 id="progress-keep">Keep or move your progress</h2>
        <p>
          Progress is saved in this browser only. Export it to a file to keep a copy or move it to another browser.
          Importing a file <strong>merges</strong> it with the progress here and keeps the best of both: completed
          chapters stay complete, the two best quiz attempts are kept, exercise passes and reveals are kept, and the
          newer edit of each notebook cell wins. Nothing here is deleted. To replace your progress instead, reset first,
          then import.
        </p>
        <p class="progress-buttons">
          <button
            type="button"
            class="primary"
            onClick={() => {
              const f = store.exportFile();
              downloadText(f.name, f.text);
              setMessage({ tone: 'ok', text: `Exported your progress to ${f.name}.` });
            }}
          >
            Export progress
          </button>
          <label class="button" for="progress-import">
            Import progress…
          </label>
          <input
            id="progress-import"
            class="visually-hidden-file"
            type="file"
            accept=".json,application/json"
            onChange={onImport}
          />
        </p>
        <h3>For your instructor</h3>
        <p>
          If your course is graded, your instructor may ask for a submission bundle: your submitted solutions and quiz
          answers in one file. They grade it again themselves, so it shows only what your code and answers really earn.
        </p>
        <BundleExport data={data} onDone={setMessage} />
        <div role="status" class="progress-message">
          {message && (
            <>
              <p class={message.tone}>
                <strong aria-hidden="true">{message.tone === 'ok' ? '✓ ' : '✗ '}</strong>
                {message.text}
              </p>
              <DetailsList summary="Skipped parts of the file" items={message.details} />
            </>
          )}
        </div>

        <h3>Start over</h3>
        {confirmReset ? (
          <div class="progress-confirm">
            <p ref={resetPrompt} tabIndex={-1}>
              This deletes every completed chapter, quiz attempt, exercise status and notebook edit saved in this
              browser. It cannot be undone; export first if you might want them back.
            </p>
            <button
              type="button"
              class="danger"
              onClick={() => {
                store.reset();
                setConfirmReset(false);
                setMessage({ tone: 'ok', text: 'Your progress was reset.' });
              }}
            >
              Yes, reset all progress
            </button>{' '}
            <button type="button" onClick={() => setConfirmReset(false)}>
              Cancel
            </button>
          </div>
        ) : (
          <button type="button" ref={resetButton} onClick={() => setConfirmReset(true)}>
            Reset progress…
          </button>
        )}
      </section>

      {aside.length > 0 && (
        <section class="progress-actions" aria-labelledby="progress-aside">
          <h2 id="progress-aside">Set-aside data</h2>
          <p>
            Saved progress that could not be read was kept here instead of being deleted ({aside.length}{' '}
            {aside.length === 1 ? 'copy' : 'copies'}, newest from {formatDate(aside[0]?.at ?? 0)}). Download it if you
            want to inspect or repair it.
          </p>
          <p class="progress-buttons">
            <button
              type="button"
              onClick={() => downloadText('replication-workbook-set-aside.json', `${JSON.stringify(aside, null, 2)}\n`)}
            >
              Download set-aside data
            </button>
            <button type="button" onClick={() => store.discardSetAside()}>
              Discard set-aside data
            </button>
          </p>
        </section>
      )}
    </div>
  );
}
