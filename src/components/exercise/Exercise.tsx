/**
 * The interactive part of a graded exercise (hydrated `client:visible`).
 *
 * - The learner's code starts as the starter, is saved in progress (as the
 *   cell edit `exercise:<id>`) and survives reloads.
 * - A plain textarea is usable at once; focusing it loads the Monaco editor
 *   (shared with notebook cells) on demand, and the textarea stays if it fails.
 * - "Run checks" grades a few seeds; "Submit" grades the full suite with a
 *   progress bar. Both run in the runner's Web Worker (with its watchdog), and
 *   the worker's answer becomes a GradeReport through the same code Node uses.
 * - Every failure names property, seed and step, with "Replay this run": the
 *   runner worker rebuilds that seed's run with the code that was graded
 *   (`replay` request: same compile path, same grader, same watchdog), and the
 *   simulation view opens that very trace at the failing step
 *   (`workbook:open-run` with a ready `trace`), violations marked.
 * - Every Submit is kept in this browser with its code and verdict
 *   (submission-log.ts) for the Progress page's submission bundle; a failed
 *   save is said on screen. On a page served by a cohort server, Submit also
 *   sends the code to the server and shows the server's own verdict when it
 *   arrives (src/server/client/submission-client.ts, fetched from the
 *   server only then: the static build carries none of it).
 * - "Reveal reference solution" asks for confirmation, then fetches the
 *   reference (a build-time JSON file, not part of the page) and records the
 *   reveal once it is on screen.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  CORE_PROPERTIES,
  type GradeFailure,
  type GradeReport,
  type SuiteName,
} from '../../assessment/grading/types.ts';
import type { OpenTraceDetail } from '../sim/run-request.ts';
import { reportFromGradeResult } from '../../assessment/grading/report.ts';
import { EXERCISE_STATUS_LABEL, exerciseStatus } from '../../progress/index.ts';
import { useProgress } from '../progress/useProgress.ts';
import type { CodeEditorHandle } from '../editor/monaco.ts';
import { afterEditorLoads, loadEditor } from '../editor/load.ts';
import { useStaticJson } from '../data/useStaticJson.ts';
import type { ReferenceData } from '../../site/lazy-data.ts';
import type { VerificationStatus } from '../../server/client/submission-client.ts';
import { logSubmission } from './submission-log.ts';

export interface ExerciseProps {
  id: string;
  chapter: string;
  title: string;
  entry: string;
  /** What the entry is: an exported function (default) or a configuration value (`export const entry = { ... }`). */
  entryKind?: 'function' | 'value';
  /** Grader name; sent to the worker as the grade request's exercise id. */
  grader: string;
  scenario: string;
  checkSeeds: number[];
  submitSeeds: number[];
  properties: { name: string; description: string }[];
  starter: string;
  /** URL of the reference solution's JSON file, fetched only when the learner asks to see it. */
  referenceSrc: string;
  /** Hints as HTML (rendered at build time from the exercise's Markdown). */
  hints: string[];
}

/**
 * Detail of a `workbook:open-run` event that names a registry scenario (the
 * view re-runs it from its seed, without any learner code). Exercises send an
 * `OpenTraceDetail` instead: the learner's own run, ready-made.
 */
export interface OpenRunDetail {
  readonly scenario: string;
  readonly seed: number;
  readonly step: number;
  /** The exercise the run came from (its learner code is saved under `exercise:<id>`). */
  readonly exercise: string;
}

export type { OpenTraceDetail };

export const OPEN_RUN_EVENT = 'workbook:open-run';

/** Properties whose failure has no run to show (nothing ran, or grading stopped between seeds). */
const NO_RUN: ReadonlySet<string> = new Set([CORE_PROPERTIES.entry, CORE_PROPERTIES.time]);

type EditorState = 'plain' | 'loading' | 'ready' | 'failed';

interface Outcome {
  readonly suite: SuiteName;
  readonly report: GradeReport;
  /** The code that was graded (a replay must rebuild the run with it, not with later edits). */
  readonly code: string;
}

export function editKey(id: string): string {
  return `exercise:${id}`;
}

export function openRun(detail: OpenRunDetail | OpenTraceDetail): void {
  window.dispatchEvent(new CustomEvent<OpenRunDetail | OpenTraceDetail>(OPEN_RUN_EVENT, { detail }));
}

/** What "Replay this run" needs besides the failure. */
interface ReplaySource {
  /** Grader name (the runner's exercise id). */
  readonly grader: string;
  /** The code that was graded. */
  readonly code: string;
  /** Exercise title, for the dialog heading. */
  readonly title: string;
}

/**
 * Rebuilds the failing run in the runner worker with the graded code and asks
 * the simulation view to open it at the failing step. With `shrunk`, it
 * rebuilds the failure's smallest failing run instead (same seed and code,
 * fewer operations). Resolves with a sentence for the learner when there is
 * nothing to open, else null.
 */
export async function replayFailure(
  source: ReplaySource,
  graded: GradeFailure,
  shrunk = false,
): Promise<string | null> {
  const smaller = shrunk ? graded.smaller : undefined;
  const failure = smaller ? { ...graded, step: smaller.step, message: smaller.message } : graded;
  const { replayInWorker } = await import('../../runner/client.ts');
  const r = await replayInWorker(source.grader, source.code, failure.seed, {
    timeoutMs: 4000,
    ...(smaller ? { scale: smaller.scale } : {}),
  });
  if (r.error) return `The run could not be rebuilt: ${r.error.message}`;
  const trace = r.trace;
  if (!trace || trace.events.length === 0) {
    const why = r.failures.find((f) => f.property === failure.property)?.message ?? failure.message;
    return `There is no run to show for this failure: ${why}`;
  }
  const last = trace.events.length - 1;
  const step = Math.min(failure.step, last);
  const again = r.failures.find((f) => f.property === failure.property);
  const note = r.traceTruncated
    ? `The run is long: only its first ${trace.events.length} events are shown.`
    : again?.step !== failure.step
      ? 'Rebuilt with the same code and seed, this run did not fail the same way: does your function use randomness or the clock?'
      : undefined;
  openRun({
    trace,
    step,
    title: smaller
      ? `${source.title}, seed ${failure.seed}, smallest failing run (${smaller.size})`
      : `${source.title}, seed ${failure.seed}`,
    failure: { property: failure.property, message: failure.message, seed: failure.seed, step },
    violations: r.violations.filter((v) => v.step <= last),
    properties: r.properties,
    ...(note !== undefined ? { note } : {}),
  });
  return null;
}

/** The cohort server's base path when this page was served by one (its marker), else null. */
function cohortBase(): string | null {
  return document.querySelector('meta[name="workbook-cohort"]')?.getAttribute('content') ?? null;
}

/** Sends a submission to the cohort server for its own verdict (cohort-only code, loaded from the server). */
async function verifyOnCohort(
  base: string,
  exercise: string,
  code: string,
  onStatus: (s: VerificationStatus) => void,
): Promise<void> {
  const url = `${base}cohort/_src/server/client/submission-client.ts`;
  try {
    const m = (await import(/* @vite-ignore */ url)) as typeof import('../../server/client/submission-client.ts');
    await m.submitForVerification({ exercise, code, onStatus });
  } catch (e) {
    onStatus({
      state: 'offline',
      text: `The cohort server could not be asked to verify this submission (${e instanceof Error ? e.message : String(e)}).`,
    });
  }
}

export default function Exercise(props: ExerciseProps) {
  const { id, title, starter, referenceSrc } = props;
  const progress = useProgress();
  const [code, setCode] = useState(starter);
  const [editorState, setEditorState] = useState<EditorState>('plain');
  const [running, setRunning] = useState<SuiteName | null>(null);
  const [done, setDone] = useState(0);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [showReference, setShowReference] = useState(false);
  const [hintsShown, setHintsShown] = useState(0);
  const [cohortStatus, setCohortStatus] = useState<VerificationStatus | null>(null);
  const [saveProblem, setSaveProblem] = useState<string | null>(null);
  const editorBox = useRef<HTMLDivElement>(null);
  const editor = useRef<CodeEditorHandle | null>(null);
  /** The grading in progress (Stop aborts it) and the button that started it (focus goes back there). */
  const grading = useRef<AbortController | null>(null);
  const openerRef = useRef<HTMLButtonElement | null>(null);
  const stopButton = useRef<HTMLButtonElement>(null);
  const codeRef = useRef(starter);
  const loadedSaved = useRef(false);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const ids = { task: `ex-${id}-code-label`, results: `ex-${id}-results`, reference: `ex-${id}-reference` };

  // Restore the learner's saved code once the store is available.
  useEffect(() => {
    if (!progress || loadedSaved.current) return;
    loadedSaved.current = true;
    const saved = progress.store.getCellEdit(editKey(id));
    if (saved !== undefined && saved !== codeRef.current) {
      codeRef.current = saved;
      setCode(saved);
      editor.current?.setValue(saved);
    }
  }, [progress, id]);

  useEffect(() => () => editor.current?.dispose(), []);

  const onEdit = (value: string) => {
    codeRef.current = value;
    setCode(value);
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => {
      const store = progress?.store;
      if (!store) return;
      if (value === starter) store.clearCellEdit(editKey(id));
      else store.saveCellEdit(editKey(id), value);
    }, 400);
  };

  const openEditor = async () => {
    if (editorState !== 'plain') return;
    setEditorState('loading');
    const loading = loadEditor();
    void import('../../runner/client.ts').then((m) => afterEditorLoads(() => m.prestartRunner()));
    try {
      const m = await loading;
      const box = editorBox.current;
      if (!box) return;
      editor.current = m.createCodeEditor(box, {
        id: `exercise-${id}`,
        value: codeRef.current,
        ariaLabel: `Your solution to ${title}. Press Control+Enter or Command+Enter to run the checks.`,
        onChange: onEdit,
        onRun: () => void grade('checks'),
      });
      setEditorState('ready');
      editor.current.focus();
    } catch (e) {
      console.error(e);
      setEditorState('failed');
    }
  };

  const grade = async (suite: SuiteName) => {
    if (running) return;
    const seeds = suite === 'checks' ? props.checkSeeds : props.submitSeeds;
    // the clicked button is disabled while grading: keep focus on a control (Stop), then bring it back
    const opener = document.activeElement instanceof HTMLButtonElement ? document.activeElement : null;
    openerRef.current = opener;
    const controller = new AbortController();
    grading.current = controller;
    setRunning(suite);
    setDone(0);
    setOutcome(null);
    let finished = 0;
    const sent = codeRef.current;
    let passed = false;
    if (suite === 'submit') {
      setCohortStatus(null);
      const base = cohortBase();
      if (base !== null) void verifyOnCohort(base, id, sent, setCohortStatus);
    }
    try {
      const { gradeInWorker } = await import('../../runner/client.ts');
      const msg = await gradeInWorker(props.grader, sent, seeds, {
        timeoutMs: 4000,
        signal: controller.signal,
        onProgress: (p) => {
          finished = p.done;
          setDone(p.done);
        },
      });
      const report = reportFromGradeResult(msg, { scenario: props.scenario }, seeds, finished);
      setOutcome({ suite, report, code: sent });
      passed = report.passed;
      if (suite === 'submit') progress?.store.recordExerciseRun(id, report.passed);
      editor.current?.showErrorLine(report.error?.line ?? null, report.error?.message);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      setOutcome({
        suite,
        code: sent,
        report: {
          passed: false,
          runs: 0,
          failures: [],
          durationMs: 0,
          error: { kind: 'internal', message: `The grader could not run: ${message}` },
        },
      });
    } finally {
      grading.current = null;
      setRunning(null);
    }
    if (suite === 'submit' && !controller.signal.aborted) {
      let problem: string | null;
      try {
        problem = logSubmission(window.localStorage, { exercise: id, code: sent, submittedAt: Date.now(), passed });
      } catch {
        problem = 'This submission could not be saved in this browser (storage is blocked).';
      }
      setSaveProblem(problem);
    }
  };

  useEffect(() => {
    if (running && openerRef.current && document.activeElement !== stopButton.current) stopButton.current?.focus();
    if (!running && openerRef.current) {
      const back = openerRef.current;
      openerRef.current = null;
      if (document.activeElement === document.body || document.activeElement === stopButton.current) back.focus();
    }
  }, [running]);

  const record = progress?.store.exercise(id);
  const status = exerciseStatus(record);
  const revealedBefore = record?.revealedAt !== undefined;

  const reveal = () => {
    setConfirming(false);
    setShowReference(true);
  };

  const total = running === 'submit' ? props.submitSeeds.length : props.checkSeeds.length;

  return (
    <div class="ex-island" data-status={status} data-editor={editorState}>
      <p class="ex-status">
        <span class="visually-hidden">Status: </span>
        <span class={`ex-badge ex-badge--${status}`}>{progress ? EXERCISE_STATUS_LABEL[status] : 'Not started'}</span>
      </p>

      <label class="ex-label" id={ids.task} for={`ex-${id}-textarea`}>
        Your solution: export {props.entryKind === 'value' ? 'a configuration object' : 'a function'} named{' '}
        <code>{props.entry}</code>
      </label>
      <div class="ex-code">
        <textarea
          id={`ex-${id}-textarea`}
          class="ex-textarea"
          spellcheck={false}
          autocapitalize="off"
          autocomplete="off"
          rows={Math.min(24, Math.max(8, code.split('\n').length + 1))}
          value={code}
          hidden={editorState === 'ready'}
          onInput={(e) => onEdit((e.currentTarget as HTMLTextAreaElement).value)}
          onFocus={() => void openEditor()}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void grade('checks');
            }
          }}
        />
        <div class="ex-editor" ref={editorBox} hidden={editorState !== 'ready' && editorState !== 'loading'} />
        {editorState === 'loading' ? <p class="ex-note">Loading the editor…</p> : null}
        {editorState === 'failed' ? (
          <p class="ex-note">The full editor could not load; you can keep editing here.</p>
        ) : null}
      </div>

      <div class="ex-toolbar" role="toolbar" aria-label={`${title}: actions`}>
        <button type="button" class="primary" onClick={() => void grade('checks')} disabled={running !== null}>
          Run checks
        </button>
        <button type="button" onClick={() => void grade('submit')} disabled={running !== null}>
          Submit
        </button>
        <button
          type="button"
          onClick={() => {
            onEdit(starter);
            editor.current?.setValue(starter);
          }}
          disabled={running !== null || code === starter}
        >
          Start over
        </button>
        <span class="ex-hint-text">
          Run checks: {props.checkSeeds.length} seeds. Submit: {props.submitSeeds.length} seeds.
        </span>
      </div>

      {running ? (
        <div class="ex-progress">
          <label>
            {running === 'submit' ? 'Grading the full suite' : 'Running the checks'}: {done} of {total} seeds
            <progress max={total} value={done} />
          </label>{' '}
          <button type="button" class="ex-stop" ref={stopButton} onClick={() => grading.current?.abort()}>
            Stop
          </button>
        </div>
      ) : null}

      <div class="ex-results" id={ids.results} role="status" aria-live="polite" aria-atomic="false">
        {outcome ? <Results outcome={outcome} source={{ grader: props.grader, code: outcome.code, title }} /> : null}
        {cohortStatus ? (
          <p
            class={`ex-cohort ex-cohort--${cohortStatus.state}${cohortStatus.passed === false ? ' ex-cohort--failed' : ''}`}
          >
            {cohortStatus.text}
          </p>
        ) : null}
        {saveProblem ? <p class="ex-note ex-save-problem">{saveProblem}</p> : null}
      </div>

      <details class="ex-properties">
        <summary>What the checker verifies</summary>
        <ul>
          {props.properties.map((p) => (
            <li key={p.name}>
              <code>{p.name}</code>: {p.description}
            </li>
          ))}
        </ul>
      </details>

      {props.hints.length > 0 ? (
        <div class="ex-hints">
          <ol>
            {props.hints.slice(0, hintsShown).map((h, i) => (
              <li key={i} dangerouslySetInnerHTML={{ __html: h }} />
            ))}
          </ol>
          {hintsShown < props.hints.length ? (
            <button type="button" onClick={() => setHintsShown((n) => n + 1)}>
              {hintsShown === 0 ? 'Show a hint' : 'Show another hint'} ({hintsShown + 1} of {props.hints.length})
            </button>
          ) : null}
        </div>
      ) : null}

      <div class="ex-reveal">
        {showReference ? (
          <div id={ids.reference}>
            <Reference src={referenceSrc} onShown={() => progress?.store.recordReveal(id)} />
            <button type="button" onClick={() => setShowReference(false)}>
              Hide reference solution
            </button>
          </div>
        ) : confirming ? (
          <div class="ex-confirm" role="group" aria-label="Confirm revealing the reference solution">
            <p>
              Reveal the reference solution? Your progress will show that you saw it. You can still pass the exercise
              afterwards.
            </p>
            <button type="button" class="primary" onClick={reveal}>
              Yes, reveal it
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        ) : (
          <button type="button" onClick={() => (revealedBefore ? reveal() : setConfirming(true))}>
            Reveal reference solution
          </button>
        )}
      </div>
    </div>
  );
}

const isReference = (v: unknown): v is ReferenceData =>
  typeof v === 'object' && v !== null && typeof (v as { code?: unknown }).code === 'string';

/** The reference solution, fetched on first reveal; `onShown` runs once it is on screen (the reveal is recorded then). */
function Reference({ src, onShown }: { src: string; onShown: () => void }) {
  const data = useStaticJson(src, isReference);
  const ready = data.state === 'ready';
  useEffect(() => {
    if (ready) onShown();
  }, [ready]);
  if (data.state === 'loading') return <p class="ex-note">Loading the reference solution…</p>;
  if (data.state === 'failed')
    return (
      <p class="ex-note" role="alert">
        The reference solution could not be loaded ({data.message}). Check your connection and try again.{' '}
        <button type="button" onClick={data.retry}>
          Try again
        </button>
      </p>
    );
  return (
    <>
      <p>The reference solution (revealing it is recorded in your progress):</p>
      <pre class="ex-reference">
        <code>{data.value.code}</code>
      </pre>
    </>
  );
}

function Results({ outcome, source }: { outcome: Outcome; source: ReplaySource }) {
  const { report, suite } = outcome;
  const what = suite === 'submit' ? 'Submit' : 'Checks';
  if (report.error) {
    return (
      <div class="ex-result ex-result--error" data-error-kind={report.error.kind}>
        <p>
          <strong>{what}: could not finish.</strong> {report.error.message}
        </p>
      </div>
    );
  }
  if (report.passed) {
    return (
      <div class="ex-result ex-result--pass">
        <p>
          <strong>
            {what}: passed on all {report.runs} seeds
          </strong>{' '}
          ({(report.durationMs / 1000).toFixed(1)} s).{' '}
          {suite === 'checks' ? 'Now press Submit to run the full suite.' : 'Exercise complete.'}
        </p>
      </div>
    );
  }
  return (
    <div class="ex-result ex-result--fail">
      <p>
        <strong>
          {what}: {report.failures.length} {report.failures.length === 1 ? 'property' : 'properties'} failed
        </strong>{' '}
        over {report.runs} seeds.
      </p>
      <ul class="ex-failures">
        {report.failures.map((f) => (
          <FailureItem key={f.property} failure={f} source={source} />
        ))}
      </ul>
    </div>
  );
}

function FailureItem({ failure, source }: { failure: GradeFailure; source: ReplaySource }) {
  const [state, setState] = useState<'idle' | 'opening' | 'opening-small'>('idle');
  const [problem, setProblem] = useState<string | null>(null);
  const smaller = failure.smaller;
  const replay = async (shrunk: boolean) => {
    if (state !== 'idle') return;
    setState(shrunk ? 'opening-small' : 'opening');
    setProblem(null);
    try {
      setProblem(await replayFailure(source, failure, shrunk));
    } catch (e) {
      setProblem(`The run could not be rebuilt: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setState('idle');
    }
  };
  return (
    <li class="ex-failure" data-property={failure.property} data-seed={failure.seed} data-step={failure.step}>
      <p class="ex-failure__head">
        <code>{failure.property}</code> <span>seed {failure.seed}</span> <span>step {failure.step}</span>
      </p>
      {failure.cause === 'module-state' ? (
        <p class="ex-failure__cause">
          <strong>Likely cause: state kept between runs.</strong> This seed passes when graded on its own, with your
          module loaded afresh.
        </p>
      ) : null}
      {smaller ? (
        <>
          <p class="ex-failure__smaller">
            <strong>Smallest failing run</strong> (same seed and code, fewer operations): {smaller.message}
          </p>
          <p class="ex-failure__msg">
            <strong>In the graded run:</strong> {failure.message}
          </p>
        </>
      ) : (
        <p class="ex-failure__msg">{failure.message}</p>
      )}
      {NO_RUN.has(failure.property) ? null : (
        <div class="ex-failure__actions">
          {smaller ? (
            <button
              type="button"
              onClick={() => void replay(true)}
              disabled={state !== 'idle'}
              aria-label={`Replay the smallest failing run: ${failure.property}, seed ${failure.seed}, step ${smaller.step} of ${smaller.size}`}
            >
              {state === 'opening-small' ? 'Rebuilding the small run…' : 'Replay the smallest run'}
            </button>
          ) : null}
          <button
            type="button"
            onClick={() => void replay(false)}
            disabled={state !== 'idle'}
            aria-label={`Replay ${smaller ? 'the full' : 'this'} run: ${failure.property}, seed ${failure.seed}, step ${failure.step}`}
          >
            {state === 'opening' ? 'Rebuilding your run…' : smaller ? 'Replay the full run' : 'Replay this run'}
          </button>
        </div>
      )}
      {problem ? <p class="ex-failure__replay">{problem}</p> : null}
    </li>
  );
}
