/**
 * The playback bar: rewind, step back, play / pause, step forward, speed and
 * the seek slider, with the position as text. Stateless: the run hook owns
 * the cursor and the player.
 */
import { SPEEDS, isSpeed, type Speed } from '../model/player.ts';
import { formatMs } from '../model/narrate.ts';

export interface PlaybackControlsProps {
  readonly cursor: number;
  /** Events in the run (the last cursor). */
  readonly length: number;
  /** Virtual time at the cursor. */
  readonly time: number;
  readonly playing: boolean;
  readonly speed: Speed;
  readonly onSeek: (cursor: number) => void;
  readonly onToggle: () => void;
  readonly onSpeed: (s: Speed) => void;
}

export function PlaybackControls({
  cursor,
  length,
  time,
  playing,
  speed,
  onSeek,
  onToggle,
  onSpeed,
}: PlaybackControlsProps) {
  return (
    <div class="sim-controls" role="group" aria-label="Playback">
      <button type="button" onClick={() => onSeek(0)} disabled={cursor === 0} aria-label="Rewind">
        |◀<span class="sim-btn-text"> Rewind</span>
      </button>
      <button type="button" onClick={() => onSeek(cursor - 1)} disabled={cursor === 0} aria-label="Step back">
        ◀<span class="sim-btn-text"> Step back</span>
      </button>
      <button type="button" class="primary" data-autofocus onClick={onToggle} aria-label={playing ? 'Pause' : 'Play'}>
        {playing ? '⏸ Pause' : '▶ Play'}
      </button>
      <button type="button" onClick={() => onSeek(cursor + 1)} disabled={cursor >= length} aria-label="Step forward">
        <span class="sim-btn-text">Step </span>▶
      </button>
      <label class="sim-speed">
        Speed{' '}
        <select
          value={String(speed)}
          onChange={(e) => {
            const v = Number((e.currentTarget as HTMLSelectElement).value);
            if (isSpeed(v)) onSpeed(v);
          }}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={String(s)}>
              {s} steps/s
            </option>
          ))}
        </select>
      </label>
      <label class="sim-seek">
        <span class="visually-hidden">Seek</span>
        <input
          type="range"
          min={0}
          max={length}
          step={1}
          value={cursor}
          aria-label="Seek"
          aria-valuetext={`step ${cursor} of ${length}, t=${formatMs(time)}`}
          onInput={(e) => onSeek(Number((e.currentTarget as HTMLInputElement).value))}
        />
      </label>
      <span class="sim-pos" aria-hidden="true">
        step {cursor}/{length} · t={formatMs(time)}
      </span>
    </div>
  );
}
