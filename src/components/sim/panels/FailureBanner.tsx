/**
 * The banner over a replayed exercise run: which property failed, on which
 * seed and step, the grader's sentence, and a button back to that step.
 */
import type { TraceRun } from '../model/exercise-run.ts';

export interface FailureBannerProps {
  readonly failure: NonNullable<TraceRun['failure']>;
  readonly note: string | undefined;
  readonly cursor: number;
  readonly onSeek: (cursor: number) => void;
}

export function FailureBanner({ failure, note, cursor, onSeek }: FailureBannerProps) {
  return (
    <div class="sim-failure" role="group" aria-label="The failure you are replaying">
      <p class="sim-failure-head">
        <span class="sim-failure-badge">✗ failed</span> <code class="sim-failure-property">{failure.property}</code>{' '}
        <span>
          seed {failure.seed}, step {failure.step}
        </span>{' '}
        <button type="button" onClick={() => onSeek(failure.step + 1)} disabled={cursor === failure.step + 1}>
          Go to step {failure.step}
        </button>
      </p>
      <p class="sim-failure-msg">{failure.message}</p>
      {note && <p class="sim-failure-note">{note}</p>}
    </div>
  );
}
