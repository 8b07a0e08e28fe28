/**
 * "Mark chapter complete" toggle for the end of a lesson.
 *
 *   <MarkComplete client:visible chapter="leaders-and-followers" />
 */
import './progress.css';
import { own } from '../../progress/index.ts';
import { formatDate, useProgress } from './useProgress.ts';

export interface MarkCompleteProps {
  /** Chapter slug. */
  chapter: string;
}

export default function MarkComplete({ chapter }: MarkCompleteProps) {
  const progress = useProgress();
  const completedAt = progress ? own(progress.data.chapters, chapter)?.completedAt : undefined;
  const complete = completedAt !== undefined;
  return (
    <div class="mark-complete">
      <button
        type="button"
        class={complete ? 'is-complete' : undefined}
        aria-pressed={complete}
        disabled={!progress}
        onClick={() => progress?.store.setChapterComplete(chapter, !complete)}
      >
        <span aria-hidden="true">{complete ? '✓ ' : '○ '}</span>Mark chapter complete
      </button>
      <span class="mark-complete-state" role="status">
        {complete ? `Completed on ${formatDate(completedAt)}. Press again to undo.` : ''}
      </span>
    </div>
  );
}
