/**
 * The line under the playback bar: the run's seed, a form to run another
 * seed, the replay link (copied, or shown in a field when the clipboard is
 * refused), and how long the engine and the checkers took. An exercise run
 * is fixed, so it shows a note instead of the form and the link.
 */
import { useEffect, useState } from 'preact/hooks';
import { serialiseRun } from '../model/hash.ts';
import type { Fault } from '../model/faults.ts';

/** Why the controls that re-run a simulation are missing on an exercise run. */
export const FIXED_RUN_NOTE = 'This is your exercise run; faults and seeds are fixed.';

export interface RunMetaProps {
  readonly scenario: string;
  /** The run shown (its identity: a new run resets the seed field). */
  readonly run: object;
  readonly events: number;
  /** How long the engine and the checkers took, ms. */
  readonly runMs: number;
  readonly checkMs: number;
  readonly seed: number;
  readonly faults: readonly Fault[];
  readonly cursor: number;
  /** An exercise run: no seed form, no replay link. */
  readonly fixed: boolean;
  readonly onRunSeed: (seed: number) => void;
  readonly onError: (message: string) => void;
  /** A sentence for the live region. */
  readonly onAnnounce: (text: string) => void;
}

export function RunMeta({
  scenario,
  run,
  events,
  runMs,
  checkMs,
  seed,
  faults,
  cursor,
  fixed,
  onRunSeed,
  onError,
  onAnnounce,
}: RunMetaProps) {
  const [seedInput, setSeedInput] = useState(String(seed));
  const [linkText, setLinkText] = useState<string | null>(null);
  // Every new run shows its own seed in the field (also when a fault re-ran the same seed).
  useEffect(() => setSeedInput(String(seed)), [run, seed]);

  const copyLink = async () => {
    const url = `${location.origin}${location.pathname}${location.search}${serialiseRun({ scenario, seed, step: cursor, faults })}`;
    try {
      await navigator.clipboard.writeText(url);
      setLinkText(null);
      onAnnounce('Replay link copied to the clipboard.');
    } catch {
      setLinkText(url);
      onAnnounce('Copy the replay link from the text field.');
    }
  };

  return (
    <div class="sim-meta">
      <span>
        Seed <strong>{seed}</strong>
      </span>
      {fixed ? (
        <span class="sim-fixed-note">{FIXED_RUN_NOTE}</span>
      ) : (
        <>
          <form
            class="sim-seed-form"
            onSubmit={(e) => {
              e.preventDefault();
              const v = Number(seedInput);
              if (Number.isInteger(v) && v >= 0 && v <= 0xffffffff) onRunSeed(v);
              else onError('A seed is a whole number from 0 to 4294967295.');
            }}
          >
            <label>
              <span class="visually-hidden">Seed to run</span>
              <input
                type="number"
                min={0}
                max={4294967295}
                step={1}
                value={seedInput}
                onInput={(e) => setSeedInput((e.currentTarget as HTMLInputElement).value)}
                aria-label="Seed to run"
              />
            </label>
            <button type="submit">Run seed</button>
          </form>
          <button type="button" onClick={() => void copyLink()}>
            Replay link
          </button>
        </>
      )}
      <span class="sim-engine-ms">
        {events} events · engine {Math.round(runMs)} ms · checks {Math.round(checkMs)} ms
      </span>
      {linkText && (
        <label class="sim-link-out">
          Replay link{' '}
          <input
            type="text"
            readOnly
            value={linkText}
            onFocus={(e) => (e.currentTarget as HTMLInputElement).select()}
          />
        </label>
      )}
    </div>
  );
}
