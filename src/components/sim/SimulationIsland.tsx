/**
 * The simulation island: what hydrates on the lesson page. It stays tiny (a
 * Play and a Step button) and imports the real view — and through it the
 * engine worker — only when the learner presses one of them, or when a
 * replay link / `workbook:open-run` asks for a specific run. Hovering or
 * focusing the island prefetches the view's code, nothing more.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import type { SimulationAppProps } from './SimulationApp.tsx';
import type { FaultKind } from './model/faults.ts';
import { readPendingRun, SIM_OPEN_EVENT } from './pending.ts';

export interface SimulationIslandProps {
  readonly scenario: string;
  readonly faults: readonly FaultKind[];
  readonly title: string;
  readonly seed: number;
  readonly checks?: readonly string[];
}

type App = ComponentType<SimulationAppProps>;

let appPromise: Promise<App> | null = null;
function loadApp(): Promise<App> {
  appPromise ??= import('./SimulationApp.tsx').then((m) => m.default);
  return appPromise;
}

export default function SimulationIsland(props: SimulationIslandProps) {
  const host = useRef<HTMLDivElement>(null);
  const [App, setApp] = useState<App | null>(null);
  const [start, setStart] = useState<{ autoplay?: boolean; autostep?: boolean; initialHash?: string; focus?: boolean }>(
    {},
  );
  const [status, setStatus] = useState<'idle' | 'loading' | 'failed'>('idle');

  const open = (s: typeof start) => {
    setStart(s);
    setStatus('loading');
    loadApp().then(
      (A) => {
        setStatus('idle');
        setApp(() => A);
      },
      () => setStatus('failed'),
    );
  };

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    // A run requested before this island hydrated (replay link, quiz, exercise).
    const pending = readPendingRun(el);
    if (pending) open({ initialHash: pending });
    const onOpen = (ev: Event) => {
      if (App) return; // the loaded view handles it
      const run = readPendingRun(el, (ev as CustomEvent).detail);
      if (run) open({ initialHash: run });
    };
    el.addEventListener(SIM_OPEN_EVENT, onOpen);
    return () => el.removeEventListener(SIM_OPEN_EVENT, onOpen);
  }, [App]);

  const prefetch = () => void loadApp().catch(() => undefined);

  return (
    <div
      class="sim-island"
      ref={host}
      data-sim-scenario={props.scenario}
      data-sim-faults={props.faults.join(',')}
      onPointerEnter={prefetch}
      onFocusCapture={prefetch}
    >
      {App ? (
        <App
          scenario={props.scenario}
          faults={props.faults}
          title={props.title}
          seed={props.seed}
          {...(props.checks ? { checks: props.checks } : {})}
          {...(start.initialHash ? { initialHash: start.initialHash } : {})}
          autoplay={!!start.autoplay}
          autostep={!!start.autostep}
          focusOnLoad={!!start.focus}
          host={host.current ?? undefined}
        />
      ) : (
        <div class="sim-placeholder">
          <div class="sim-controls" role="group" aria-label="Playback">
            <button
              type="button"
              class="primary"
              onClick={() => open({ autoplay: true, focus: true })}
              aria-label="Play"
            >
              ▶ Play
            </button>
            <button type="button" onClick={() => open({ autostep: true, focus: true })} aria-label="Step forward">
              Step ▶
            </button>
            <span class="sim-pos">seed {props.seed}</span>
          </div>
          <p class="sim-ph-note" role="status">
            {status === 'failed'
              ? 'The simulation could not be loaded. Reload the page to try again.'
              : status === 'loading'
                ? 'Loading the simulation…'
                : ''}
          </p>
        </div>
      )}
    </div>
  );
}
