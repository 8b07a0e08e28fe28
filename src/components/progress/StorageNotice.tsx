/**
 * Banner shown when saved progress could not be read (and was set aside) or
 * cannot be saved (storage blocked or full). Renders nothing when all is well.
 *
 *   <StorageNotice client:idle progressHref="/progress/" />
 */
import './progress.css';
import { useState } from 'preact/hooks';
import { useProgress } from './useProgress.ts';
import { DetailsList } from './DetailsList.tsx';

export interface StorageNoticeProps {
  /** Link to the progress page (export, set-aside data). Omit on the progress page itself. */
  progressHref?: string;
}

export default function StorageNotice({ progressHref }: StorageNoticeProps) {
  const progress = useProgress();
  const [hidden, setHidden] = useState<string[]>([]);
  const notices = progress ? progress.store.notices().filter((n) => !hidden.includes(n.kind)) : [];
  return (
    <div class="storage-notice-region" role="status">
      {notices.map((n) => (
        <div class="storage-notice" key={n.kind}>
          <p>
            <strong aria-hidden="true">⚠ </strong>
            {n.message}
          </p>
          <DetailsList summary="What could not be read" items={n.details} />
          <p class="storage-notice-actions">
            {progressHref && (
              <a href={progressHref}>
                {n.kind === 'set-aside' ? 'See your progress and the set-aside data' : 'Export your progress'}
              </a>
            )}
            <button
              type="button"
              onClick={() =>
                n.kind === 'set-aside' ? progress?.store.dismissSetAside() : setHidden([...hidden, n.kind])
              }
            >
              Dismiss
            </button>
          </p>
        </div>
      ))}
    </div>
  );
}
