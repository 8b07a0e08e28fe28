/**
 * The simulation view, loaded on demand by the island (or the run dialog):
 * controls, fault injection, node boards, space-time diagram, protocol
 * machines, charts, text alternative and live narration over one precomputed run.
 *
 * Layers (RaftScope's split): the engine worker computes a trace; the run
 * hook (useSimulationRun.ts) keeps it with its time travel and player; the
 * model (model/*) folds and travels through it; the panels (panels/*) and
 * views (views/*) draw pure functions of the current state. This file only
 * wires them together and owns the view-wide bits: the drawing width, the
 * live narration and the status line.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { describeFault, type FaultKind } from './model/faults.ts';
import type { TraceRun } from './model/exercise-run.ts';
import { flightPositions } from './model/trace-index.ts';
import { violationMarkers } from './model/violations.ts';
import { narrate } from './model/narrate.ts';
import { layoutBoards } from './views/boards.ts';
import { Boards } from './views/Boards.tsx';
import { LagChart, LatencyHistogram } from './views/Charts.tsx';
import { MachinesPanel } from './views/MachinesPanel.tsx';
import { consumersOf, useSimulationRun } from './useSimulationRun.ts';
import { FailureBanner } from './panels/FailureBanner.tsx';
import { PlaybackControls } from './panels/PlaybackControls.tsx';
import { RunMeta } from './panels/RunMeta.tsx';
import { FaultPanel } from './panels/FaultPanel.tsx';
import { SpaceTimePanel } from './panels/SpaceTimePanel.tsx';
import { ChecksPanel } from './panels/ChecksPanel.tsx';
import { TablesPanel } from './panels/TablesPanel.tsx';

export { FIXED_RUN_NOTE } from './panels/RunMeta.tsx';

export interface SimulationAppProps {
  readonly scenario: string;
  /** Fault families the learner may inject. */
  readonly faults: readonly FaultKind[];
  readonly title: string;
  readonly seed: number;
  /** Checker names to run (default: all but linearizable). */
  readonly checks?: readonly string[];
  /** Start from this run, as a replay-link string `#sim=...` (untrusted: validated here). */
  readonly initialHash?: string;
  /** Start playing once loaded (the learner pressed Play). */
  readonly autoplay?: boolean;
  /** Advance one step once loaded (the learner pressed Step). */
  readonly autostep?: boolean;
  /** Element that receives `workbook:sim-open` requests. */
  readonly host?: HTMLElement;
  /** Move focus into the view once loaded (it replaced the button the learner pressed). */
  readonly focusOnLoad?: boolean;
  /** Show the scenario's title and description (the dialog has no caption of its own). */
  readonly showInfo?: boolean;
  /**
   * A ready-made, validated run to show instead of running `scenario` (a failed
   * exercise seed rebuilt with the learner's code). It is only judged, never
   * re-run: fault injection, other seeds and replay links are off.
   */
  readonly fixedRun?: TraceRun;
}

let instances = 0;

/** Drawings use the element's real width as their coordinate system, so text stays readable on a phone. */
function useWidth(el: { current: HTMLElement | null }, ready: boolean): number {
  const [width, setWidth] = useState(720);
  useEffect(() => {
    const node = el.current;
    if (!node || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      const w = Math.round(entries[0]?.contentRect.width ?? 720);
      if (w > 0) setWidth((old) => (Math.abs(old - w) >= 24 ? w : old));
    });
    ro.observe(node);
    return () => ro.disconnect();
  }, [ready]);
  return width;
}

export default function SimulationApp(props: SimulationAppProps) {
  const idPrefix = useMemo(() => `sim${++instances}`, []);
  const rootRef = useRef<HTMLElement>(null);
  const run = useSimulationRun(props, rootRef);
  const { loaded, player, playing } = run;
  const [announce, setAnnounce] = useState('');
  const lastAnnounce = useRef(0);
  const width = useWidth(rootRef, loaded !== null);

  const tt = loaded?.tt;
  const state = tt?.state;

  // Narrate each step: always when stepping by hand, at most every 2 s while playing.
  useEffect(() => {
    if (!tt || !state) return;
    const now = Date.now();
    if (playing && now - lastAnnounce.current < 2000) return;
    lastAnnounce.current = now;
    setAnnounce(narrate(tt.event, state));
  }, [state?.cursor, playing, tt]);

  const index = loaded?.index ?? null;
  const markers = useMemo(() => (loaded ? violationMarkers(loaded.result.trace, loaded.result.checks) : []), [loaded]);
  const drawWidth = Math.max(320, Math.min(width, 1000));
  const layout = useMemo(() => layoutBoards(index?.nodes ?? [], Math.min(drawWidth, 760)), [index, drawWidth]);
  const consumers = useMemo(() => (loaded ? consumersOf(loaded.result) : []), [loaded]);

  const header = (
    <div class="sim-status" role="status">
      {run.busy && <span class="sim-busy">{run.busy}</span>}
      {run.error && <span class="bad">Could not run the simulation: {run.error}</span>}
    </div>
  );

  if (!loaded || !tt || !state || !index) {
    return (
      <section class="sim-app" ref={rootRef} aria-label={`Simulation: ${props.title}`}>
        {header}
      </section>
    );
  }

  const { result, seed, faults } = loaded;
  const trace = result.trace;
  const flights = flightPositions(state, index);
  const fixed = props.fixedRun;
  const allowed = new Set(fixed ? [] : props.faults);
  const now = state.time;
  const inject = (f: Parameters<typeof run.inject>[0]) =>
    void run
      .inject(f)
      .then(() => setAnnounce(`Injected: ${describeFault(f)}. The run was recomputed from seed ${seed}.`));

  return (
    <section class="sim-app" ref={rootRef} aria-label={`Simulation: ${props.title}`}>
      {header}
      {fixed?.failure && (
        <FailureBanner failure={fixed.failure} note={fixed.note} cursor={state.cursor} onSeek={run.seek} />
      )}
      {props.showInfo && (
        <p class="sim-run-info">
          <strong>{result.info.title}</strong> — {result.info.description}
        </p>
      )}
      <PlaybackControls
        cursor={state.cursor}
        length={tt.length}
        time={now}
        playing={playing}
        speed={run.speed}
        onSeek={run.seek}
        onToggle={() => player?.toggle()}
        onSpeed={run.setSpeed}
      />
      <RunMeta
        scenario={props.scenario}
        run={result}
        events={trace.events.length}
        runMs={result.runMs}
        checkMs={result.checkMs}
        seed={seed}
        faults={faults}
        cursor={tt.cursor}
        fixed={!!fixed}
        onRunSeed={run.runSeed}
        onError={run.setError}
        onAnnounce={setAnnounce}
      />

      {allowed.size > 0 && (
        <FaultPanel
          allowed={allowed}
          nodes={state.order}
          consumers={consumers}
          state={state}
          now={now}
          onInject={inject}
          disabled={!!run.busy}
          faults={faults}
          onClear={run.clearFaults}
        />
      )}

      <div class="sim-stage">
        <Boards state={state} flights={flights} layout={layout} />
        {state.narration && <p class="sim-note-line">{state.narration}</p>}
      </div>

      <SpaceTimePanel
        trace={trace}
        index={index}
        checks={result.checks}
        markers={markers}
        cursor={state.cursor}
        time={now}
        width={drawWidth}
        idPrefix={idPrefix}
        onSeek={run.seek}
      />

      <ChecksPanel
        checks={result.checks}
        markers={markers}
        cursor={state.cursor}
        idPrefix={idPrefix}
        onSeek={run.seek}
      />

      <MachinesPanel trace={trace} cursor={state.cursor} idPrefix={idPrefix} />

      <section class="sim-section sim-charts" aria-label="Charts">
        <LagChart series={result.lag} time={now} endTime={index.endTime} />
        <LatencyHistogram samples={result.latencies} upTo={state.cursor} />
      </section>

      <TablesPanel state={state} flights={flights} trace={trace} idPrefix={idPrefix} />

      <p class="visually-hidden" aria-live="polite" aria-atomic="true">
        {announce}
      </p>
    </section>
  );
}
