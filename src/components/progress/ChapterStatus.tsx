/**
 * Small status for a chapter in the home page list: complete, best quiz score.
 *
 *   <ChapterStatus client:idle chapter="leaders-and-followers" />
 *
 * Renders nothing on the server (progress lives in the browser).
 */
import './progress.css';
import { MAX_QUIZ_ATTEMPTS, bestAttempt, own } from '../../progress/index.ts';
import { useProgress } from './useProgress.ts';

export interface ChapterStatusProps {
  /** Chapter slug. */
  chapter: string;
}

export default function ChapterStatus({ chapter }: ChapterStatusProps) {
  const progress = useProgress();
  const c = progress ? own(progress.data.chapters, chapter) : undefined;
  if (!progress) return <span class="chapter-status" />;
  const parts: string[] = [];
  if (c?.completedAt !== undefined) parts.push('✓ Complete');
  const best = bestAttempt(c?.attempts ?? []);
  if (best)
    parts.push(`Quiz best ${best.score} / ${best.max} (${c?.attempts.length ?? 0} of ${MAX_QUIZ_ATTEMPTS} attempts)`);
  return (
    <span class={`chapter-status${c?.completedAt !== undefined ? ' is-complete' : ''}`}>
      {parts.length > 0 ? parts.join(' · ') : 'Not started'}
    </span>
  );
}
