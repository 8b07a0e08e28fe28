/**
 * The checkers' verdicts on the run (✓ held, ✗ violated, ? could not tell)
 * and the list of violations, each a button to the step where it shows.
 */
import type { CheckResult } from '../../../engine/trace/events.ts';
import { visibleMarkers, type ViolationMarker } from '../model/violations.ts';

/** Violations listed by name; the rest are counted. */
const LISTED = 30;

export interface ChecksPanelProps {
  readonly checks: readonly CheckResult[];
  readonly markers: readonly ViolationMarker[];
  readonly cursor: number;
  readonly idPrefix: string;
  readonly onSeek: (cursor: number) => void;
}

export function ChecksPanel({ checks, markers, cursor, idPrefix, onSeek }: ChecksPanelProps) {
  const total = markers.length;
  const reached = visibleMarkers(markers, cursor).length;
  return (
    <section class="sim-section" aria-labelledby={`${idPrefix}-chk`}>
      <h3 id={`${idPrefix}-chk`}>Checkers</h3>
      <ul class="sim-checks">
        {checks.map((c) => (
          <li key={c.property} class={c.valid === true ? 'ok' : c.valid === false ? 'bad' : 'warn'}>
            {c.valid === true ? '✓' : c.valid === false ? '✗' : '?'} {c.property}
            {c.violations.length > 0
              ? ` — ${c.violations.length} violation${c.violations.length === 1 ? '' : 's'}`
              : ''}
          </li>
        ))}
      </ul>
      {total > 0 && (
        <details class="sim-violations">
          <summary>
            {total} violation{total === 1 ? '' : 's'} in this run ({reached} reached so far)
          </summary>
          <ol>
            {markers.slice(0, LISTED).map((m) => (
              <li key={m.id}>
                <button type="button" onClick={() => onSeek(m.step + 1)}>
                  Go to step {m.step}
                </button>{' '}
                <strong>{m.property}</strong>: {m.message}
              </li>
            ))}
          </ol>
          {total > LISTED && <p>…and {total - LISTED} more.</p>}
        </details>
      )}
    </section>
  );
}
