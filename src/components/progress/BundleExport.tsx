/**
 * "Export submission bundle" on the Progress page: asks for the learner's
 * name and the cohort id (filled in from the cohort sign-in when this
 * browser has one), then downloads the bundle (submission-bundle.ts) for an
 * instructor to verify with `npm run cohort -- verify`. A plain form: every
 * field has a label, Enter submits, focus moves into the form and back.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ProgressData } from '../../progress/index.ts';
import { readSession, type Session } from '../../server/client/session.ts';
import { readSubmissionLog, type LoggedSubmission } from '../exercise/submission-log.ts';
import { downloadText } from './download.ts';
import { buildSubmissionBundle, bundleFileName } from './submission-bundle.ts';

export default function BundleExport({
  data,
  onDone,
}: {
  data: ProgressData;
  onDone: (m: { tone: 'ok' | 'bad'; text: string }) => void;
}) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [cohort, setCohort] = useState('');
  const nameField = useRef<HTMLInputElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (open) nameField.current?.focus();
    else if (wasOpen.current) opener.current?.focus();
    wasOpen.current = open;
  }, [open]);

  const start = () => {
    let session: Session | null;
    try {
      session = readSession(window.localStorage);
    } catch {
      session = null;
    }
    if (session) {
      setName((n) => n || session.displayName);
      setCohort((c) => c || session.cohortName);
    }
    setOpen(true);
  };

  const onSubmit = (e: Event) => {
    e.preventDefault();
    if (!name.trim() || !cohort.trim()) {
      onDone({ tone: 'bad', text: 'A submission bundle needs your name and the cohort id your instructor gave you.' });
      return;
    }
    let submissions: LoggedSubmission[];
    try {
      submissions = readSubmissionLog(window.localStorage);
    } catch {
      submissions = [];
    }
    const bundle = buildSubmissionBundle({
      learnerName: name,
      cohortId: cohort,
      progress: data,
      submissions,
      now: Date.now(),
    });
    const file = bundleFileName(name);
    downloadText(file, `${JSON.stringify(bundle, null, 2)}\n`);
    setOpen(false);
    onDone({
      tone: 'ok',
      text: `Exported ${file}: ${bundle.submissions.length} submitted solution${bundle.submissions.length === 1 ? '' : 's'} and ${bundle.quizAttempts.length} quiz attempt${bundle.quizAttempts.length === 1 ? '' : 's'}. Your instructor verifies it by grading the code and scoring the answers again.`,
    });
  };

  if (!open)
    return (
      <button type="button" ref={opener} onClick={start}>
        Export submission bundle…
      </button>
    );
  return (
    <form class="progress-bundle" onSubmit={onSubmit} aria-label="Export submission bundle">
      <p>
        A submission bundle holds every solution you submitted in this browser and every quiz attempt with your answers,
        for your instructor to verify.
      </p>
      <label>
        Your name{' '}
        <input
          ref={nameField}
          type="text"
          required
          maxLength={80}
          autocomplete="name"
          value={name}
          onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
        />
      </label>{' '}
      <label>
        Cohort id{' '}
        <input
          type="text"
          required
          maxLength={120}
          value={cohort}
          onInput={(e) => setCohort((e.currentTarget as HTMLInputElement).value)}
        />
      </label>{' '}
      <button type="submit" class="primary">
        Download bundle
      </button>{' '}
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}
