/**
 * The simulation view, loaded on demand by the island (or the run dialog):
 * controls, fault injection, node boards, space-time diagram, protocol
 * machines, charts, text alternative and live narration over one precomputed run.
 *
 * Layers (RaftScope's split): the engine worker computes a trace; the model
 * (model/*) folds and travels through it; the views (views/*) draw pure
 * functions of the current state. This file only wires them together.
 */
import { useEffect, useMemo, useRef, useState, useCallback } from 'preact/hooks';
import type { NodeId } from '../../engine/trace/events.ts';
import { checkTraceOnEngine, runOnEngine } from './engine/client.ts';
import type { RunResult } from './engine/protocol.ts';
import { TimeTravel, commonPrefix } from './model/timetravel.ts';
import { Player, SPEEDS, isSpeed, type Speed } from './model/player.ts';
import { indexTrace, flightPositions, type TraceIndex } from './model/trace-index.ts';
import { violationMarkers, visibleMarkers } from './model/violations.ts';
import { narrate, formatMs } from './model/narrate.ts';
import { describeFault, type Fault, type FaultKind } from './model/faults.ts';
import { serialiseRun, isNodeId, parseRunHash, type RunConfig } from './model/hash.ts';
import { readPendingRun, SIM_OPEN_EVENT } from './pending.ts';
import { exerciseChecks, type TraceRun } from './model/exercise-run.ts';
import { layoutBoards } from './views/boards.ts';
import { Boards } from './views/Boards.tsx';
import { spaceTime, followWindow } from './views/spacetime.ts';
import { SpaceTimeView } from './views/SpaceTimeView.tsx';
import { LagChart, LatencyHistogram } from './views/Charts.tsx';
import { SummaryTable } from './views/SummaryTable.tsx';
import { MachinesPanel } from './views/MachinesPanel.tsx';
import { Timeline } from './Timeline.tsx';

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

/** Why the controls that re-run a simulation are missing on an exercise run. */
export const FIXED_RUN_NOTE = 'This is your exercise run; faults and seeds are fixed.';

/** Message kinds left out of the diagrams when "Hide heartbeats" is on (a constant: memoised views key on it). */
const QUIET = ['heartbeat', 'heartbeat-ack'] as const;

const SPAN_STEPS = [20, 50, 100, 250, 500, 1000, 2500, 5000, Infinity];

interface Loaded {
  readonly result: RunResult;
  readonly index: TraceIndex;
  readonly tt: TimeTravel;
  readonly seed: number;
  readonly faults: readonly Fault[];
}

let instances = 0;

const BROWSER_TIMER = {
  set: (fn: () => void, ms: number): unknown => setTimeout(fn, ms),
  clear: (h: unknown): void => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: (): number => performance.now(),
};

/** Names of the CDC consumers in a run (chapter 3), for the crash-consumer fault. */
function consumersOf(r: RunResult): string[] {
  const seen = new Set<string>();
  for (const e of r.trace.events) if (e.type === 'cdc') seen.add(e.consumer);
  return [...seen];
}

export default function SimulationApp(props: SimulationAppProps) {
  const idPrefix = useMemo(() => `sim${++instances}`, []);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [busy, setBusy] = useState<string | null>('Loading the simulation…');
  const [error, setError] = useState<string | null>(null);
  const [, setTick] = useState(0);
  const [speed, setSpeedState] = useState<Speed>(25);
  const [spanIdx, setSpanIdx] = useState(2);
  const [showTable, setShowTable] = useState(false);
  const [hideHeartbeats, setHideHeartbeats] = useState(true);
  const [announce, setAnnounce] = useState('');
  const [linkText, setLinkText] = useState<string | null>(null);
  const [seedInput, setSeedInput] = useState(String(props.seed));
  const playerRef = useRef<Player | null>(null);
  const loadedRef = useRef<Loaded | null>(null);
  const lastAnnounce = useRef(0);
  const rootRef = useRef<HTMLElement>(null);
  const pendingPlay = useRef(!!props.autoplay);
  const runSeq = useRef(0);
  // Drawings use the real width as their coordinate system, so text stays readable on a phone.
  const [width, setWidth] = useState(720);
  useEffect(() => {
    const el = rootRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      const w = Math.round(entries[0]?.contentRect.width ?? 720);
      if (w > 0) setWidth((old) => (Math.abs(old - w) >= 24 ? w : old));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [loaded !== null]);

  const rerender = useCallback(() => setTick((t) => t + 1), []);

  if (!playerRef.current && loaded) {
    playerRef.current = new Player(loaded.tt, BROWSER_TIMER, rerender);
  }

  /** Runs (or re-runs) the scenario; keeps the position when the new run shares the prefix. */
  const load = useCallback(
    async (seed: number, faults: readonly Fault[], opts: { keepCursor?: number; seekTo?: number; label: string }) => {
      const seq = ++runSeq.current;
      setBusy(opts.label);
      setError(null);
      let result: RunResult;
      const fixed = props.fixedRun;
      try {
        if (fixed) {
          const checked = await checkTraceOnEngine({
            trace: fixed.trace,
            info: {
              name: fixed.trace.label,
              chapter: 0,
              title: fixed.title,
              description: `seed ${fixed.trace.seed}, run with your code`,
            },
            ...(props.checks ? { checks: props.checks } : {}),
          });
          result = { ...checked, checks: exerciseChecks(checked.checks, fixed.violations, fixed.properties) };
        } else {
          result = await runOnEngine({
            scenario: props.scenario,
            seed,
            faults,
            ...(props.checks ? { checks: props.checks } : {}),
          });
        }
      } catch (err) {
        if (seq !== runSeq.current) return;
        setBusy(null);
        setError(err instanceof Error ? err.message : String(err));
        return;
      }
      if (seq !== runSeq.current) return;
      const index = indexTrace(result.trace);
      const nodes = new Set(index.nodes);
      const consumers = new Set(consumersOf(result));
      const unknown = faults.find(
        (f) =>
          ('node' in f && !nodes.has(f.node)) ||
          (f.kind === 'slow' && (!nodes.has(f.from) || !nodes.has(f.to))) ||
          (f.kind === 'partition' && f.groups.some((g) => g.some((x) => !nodes.has(x)))) ||
          (f.kind === 'crash-consumer' && !consumers.has(f.consumer)),
      );
      if (unknown) {
        setBusy(null);
        setError(`This run has no node named in "${describeFault(unknown)}".`);
        return;
      }
      const prev = loadedRef.current;
      const tt = new TimeTravel(result.trace);
      let cursor = opts.seekTo ?? 0;
      if (opts.keepCursor !== undefined && prev)
        cursor = Math.min(opts.keepCursor, commonPrefix(prev.tt.trace, result.trace));
      tt.seek(cursor);
      const next: Loaded = { result, index, tt, seed, faults };
      loadedRef.current = next;
      playerRef.current?.setTimeTravel(tt);
      setLoaded(next);
      setSeedInput(String(seed));
      setBusy(null);
      if (pendingPlay.current) {
        pendingPlay.current = false;
        if (!playerRef.current) {
          playerRef.current = new Player(tt, BROWSER_TIMER, rerender);
        }
        playerRef.current.speed = speed;
        playerRef.current.play();
      }
      rerender();
    },
    [props.scenario, props.checks, props.fixedRun, rerender, speed],
  );

  /** Validates a requested run (replay link or open-run event); an error message when it cannot be opened here. */
  const requested = (hash: string): RunConfig | string => {
    const r = parseRunHash(hash, props.faults);
    if (!r) return 'the link does not describe a run';
    if (!r.ok) return r.error;
    if (r.run.scenario !== props.scenario) return `the link is for scenario ${r.run.scenario}, not ${props.scenario}`;
    return r.run;
  };

  // First load: the ready-made run, or the requested run if there is a valid one, else the default seed.
  useEffect(() => {
    const fixed = props.fixedRun;
    const run = !fixed && props.initialHash ? requested(props.initialHash) : null;
    const focus = () => {
      if (props.focusOnLoad || run || fixed) rootRef.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    };
    if (fixed) {
      void load(fixed.trace.seed, [], { seekTo: fixed.step + 1, label: 'Opening your run…' }).then(focus);
    } else if (typeof run === 'string') {
      void load(props.seed, [], { seekTo: 0, label: 'Loading the simulation…' }).then(() =>
        setError(`The requested run could not be opened: ${run}.`),
      );
    } else if (run) {
      void load(run.seed, run.faults, { seekTo: run.step, label: `Opening seed ${run.seed}…` }).then(focus);
    } else {
      void load(props.seed, [], { seekTo: props.autostep ? 1 : 0, label: 'Loading the simulation…' }).then(focus);
    }
    return () => playerRef.current?.pause();
  }, []);

  // Later requests to open another run of this scenario (replay link, quiz, exercise).
  useEffect(() => {
    const host = props.host;
    if (!host) return;
    const onOpen = (ev: Event) => {
      const hash = readPendingRun(host, (ev as CustomEvent).detail);
      if (!hash) return;
      const run = requested(hash);
      if (typeof run === 'string') {
        setError(`The requested run could not be opened: ${run}.`);
        return;
      }
      playerRef.current?.pause();
      void load(run.seed, run.faults, { seekTo: run.step, label: `Opening seed ${run.seed}…` }).then(() =>
        rootRef.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus(),
      );
    };
    host.addEventListener(SIM_OPEN_EVENT, onOpen);
    return () => host.removeEventListener(SIM_OPEN_EVENT, onOpen);
  }, [props.host, load]);

  const tt = loaded?.tt;
  const state = tt?.state;
  const player = playerRef.current;
  const playing = !!player?.playing;

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
  const lags = loaded?.result.lag ?? [];
  const latencies = loaded?.result.latencies ?? [];
  const drawWidth = Math.max(320, Math.min(width, 1000));
  const layout = useMemo(() => layoutBoards(index?.nodes ?? [], Math.min(drawWidth, 760)), [index, drawWidth]);
  const consumers = useMemo(() => (loaded ? consumersOf(loaded.result) : []), [loaded]);

  const seek = (c: number) => {
    if (!tt) return;
    tt.seek(c);
    rerender();
  };

  const inject = (f: Fault) => {
    if (!loaded || !tt || props.fixedRun) return;
    void load(loaded.seed, [...loaded.faults, f], {
      keepCursor: tt.cursor,
      label: `Re-running with ${describeFault(f)}…`,
    }).then(() => setAnnounce(`Injected: ${describeFault(f)}. The run was recomputed from seed ${loaded.seed}.`));
  };

  const copyLink = async () => {
    if (!loaded || !tt) return;
    const url = `${location.origin}${location.pathname}${location.search}${serialiseRun({ scenario: props.scenario, seed: loaded.seed, step: tt.cursor, faults: loaded.faults })}`;
    try {
      await navigator.clipboard.writeText(url);
      setLinkText(null);
      setAnnounce('Replay link copied to the clipboard.');
    } catch {
      setLinkText(url);
      setAnnounce('Copy the replay link from the text field.');
    }
  };

  const setSpeed = (s: Speed) => {
    setSpeedState(s);
    if (player) player.speed = s;
    if (player?.playing) {
      player.pause();
      player.play();
    }
  };

  const header = (
    <div class="sim-status" role="status">
      {busy && <span class="sim-busy">{busy}</span>}
      {error && <span class="bad">Could not run the simulation: {error}</span>}
    </div>
  );

  if (!loaded || !tt || !state || !index) {
    return (
      <section class="sim-app" ref={rootRef} aria-label={`Simulation: ${props.title}`}>
        {header}
      </section>
    );
  }

  const trace = loaded.result.trace;
  const n = tt.length;
  const flights = flightPositions(state, index);
  const span = SPAN_STEPS[spanIdx] ?? Infinity;
  const win = followWindow(state.time, span, index.endTime);
  const shown = visibleMarkers(markers, state.cursor);
  const model = spaceTime(
    index,
    { width: drawWidth, laneGap: 34, top: 22, bottom: 16, left: 52, right: 10 },
    { t0: win.t0, t1: win.t1, markers: shown, maxArrows: 500, ...(hideHeartbeats ? { hideKinds: QUIET } : {}) },
  );
  const nodes = state.order;
  const fixed = props.fixedRun;
  const failure = fixed?.failure;
  const allowed = new Set(fixed ? [] : props.faults);
  const now = state.time;
  const violationsTotal = markers.length;

  return (
    <section class="sim-app" ref={rootRef} aria-label={`Simulation: ${props.title}`}>
      {header}
      {failure && (
        <div class="sim-failure" role="group" aria-label="The failure you are replaying">
          <p class="sim-failure-head">
            <span class="sim-failure-badge">✗ failed</span> <code class="sim-failure-property">{failure.property}</code>{' '}
            <span>
              seed {failure.seed}, step {failure.step}
            </span>{' '}
            <button type="button" onClick={() => seek(failure.step + 1)} disabled={state.cursor === failure.step + 1}>
              Go to step {failure.step}
            </button>
          </p>
          <p class="sim-failure-msg">{failure.message}</p>
          {fixed.note && <p class="sim-failure-note">{fixed.note}</p>}
        </div>
      )}
      {props.showInfo && (
        <p class="sim-run-info">
          <strong>{loaded.result.info.title}</strong> — {loaded.result.info.description}
        </p>
      )}
      <div class="sim-controls" role="group" aria-label="Playback">
        <button type="button" onClick={() => seek(0)} disabled={state.cursor === 0} aria-label="Rewind">
          |◀<span class="sim-btn-text"> Rewind</span>
        </button>
        <button
          type="button"
          onClick={() => seek(state.cursor - 1)}
          disabled={state.cursor === 0}
          aria-label="Step back"
        >
          ◀<span class="sim-btn-text"> Step back</span>
        </button>
        <button
          type="button"
          class="primary"
          data-autofocus
          onClick={() => player?.toggle()}
          aria-label={playing ? 'Pause' : 'Play'}
        >
          {playing ? '⏸ Pause' : '▶ Play'}
        </button>
        <button
          type="button"
          onClick={() => seek(state.cursor + 1)}
          disabled={state.cursor >= n}
          aria-label="Step forward"
        >
          <span class="sim-btn-text">Step </span>▶
        </button>
        <label class="sim-speed">
          Speed{' '}
          <select
            value={String(speed)}
            onChange={(e) => {
              const v = Number((e.currentTarget as HTMLSelectElement).value);
              if (isSpeed(v)) setSpeed(v);
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
            max={n}
            step={1}
            value={state.cursor}
            aria-label="Seek"
            aria-valuetext={`step ${state.cursor} of ${n}, t=${formatMs(now)}`}
            onInput={(e) => seek(Number((e.currentTarget as HTMLInputElement).value))}
          />
        </label>
        <span class="sim-pos" aria-hidden="true">
          step {state.cursor}/{n} · t={formatMs(now)}
        </span>
      </div>

      <div class="sim-meta">
        <span>
          Seed <strong>{loaded.seed}</strong>
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
                if (Number.isInteger(v) && v >= 0 && v <= 0xffffffff) {
                  player?.pause();
                  void load(v, loaded.faults, { label: `Running seed ${v}…` });
                } else setError('A seed is a whole number from 0 to 4294967295.');
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
          {n} events · engine {Math.round(loaded.result.runMs)} ms · checks {Math.round(loaded.result.checkMs)} ms
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

      {allowed.size > 0 && (
        <FaultPanel
          allowed={allowed}
          nodes={nodes}
          consumers={consumers}
          state={state}
          now={now}
          onInject={inject}
          disabled={!!busy}
          faults={loaded.faults}
          onClear={() =>
            void load(loaded.seed, [], { keepCursor: tt.cursor, label: 'Re-running without injected faults…' })
          }
        />
      )}

      <div class="sim-stage">
        <Boards state={state} flights={flights} layout={layout} />
        {state.note && <p class="sim-note-line">{state.note}</p>}
      </div>

      <section class="sim-section" aria-labelledby={`${idPrefix}-st`}>
        <div class="sim-section-head">
          <h3 id={`${idPrefix}-st`}>Space-time diagram</h3>
          <div class="sim-zoom" role="group" aria-label="Zoom">
            <button type="button" onClick={() => setSpanIdx((i) => Math.max(0, i - 1))} disabled={spanIdx === 0}>
              Zoom in
            </button>
            <button
              type="button"
              onClick={() => setSpanIdx((i) => Math.min(SPAN_STEPS.length - 1, i + 1))}
              disabled={spanIdx === SPAN_STEPS.length - 1}
            >
              Zoom out
            </button>
            <label>
              <input
                type="checkbox"
                checked={hideHeartbeats}
                onChange={(e) => setHideHeartbeats((e.currentTarget as HTMLInputElement).checked)}
              />{' '}
              Hide heartbeats
            </label>
          </div>
        </div>
        <SpaceTimeView
          model={model}
          time={now}
          idPrefix={idPrefix}
          onMarker={(step) => seek(step + 1)}
          label={`Space-time diagram from t=${formatMs(win.t0)} to t=${formatMs(win.t1)}: one lane per node, arrows are messages. ${shown.length} violation${shown.length === 1 ? '' : 's'} so far; each is a focusable marker.`}
        />
        <p class="sim-legend-line" aria-hidden="true">
          <span class="sim-key sim-key--msg">→ message</span> <span class="sim-key sim-key--drop">⇢ lost</span>{' '}
          <span class="sim-key sim-key--ack">▬ op acknowledged</span>{' '}
          <span class="sim-key sim-key--fail">▬ failed</span> <span class="sim-key sim-key--info">▬ unknown</span> ✕
          crash ↻ restart ★ elected <span class="sim-key sim-key--bad">! violation</span>
        </p>
        <h4 class="sim-subhead">Whole run</h4>
        <Timeline
          trace={trace}
          violations={loaded.result.checks}
          cursor={state.cursor}
          onSeek={seek}
          onViolation={(s) => seek(s + 1)}
          hideKinds={QUIET}
          width={drawWidth}
          label={`Whole run overview, ${n} events; click to seek.`}
        />
      </section>

      <section class="sim-section" aria-labelledby={`${idPrefix}-chk`}>
        <h3 id={`${idPrefix}-chk`}>Checkers</h3>
        <ul class="sim-checks">
          {loaded.result.checks.map((c) => (
            <li key={c.property} class={c.valid === true ? 'ok' : c.valid === false ? 'bad' : 'warn'}>
              {c.valid === true ? '✓' : c.valid === false ? '✗' : '?'} {c.property}
              {c.violations.length > 0
                ? ` — ${c.violations.length} violation${c.violations.length === 1 ? '' : 's'}`
                : ''}
            </li>
          ))}
        </ul>
        {violationsTotal > 0 && (
          <details class="sim-violations">
            <summary>
              {violationsTotal} violation{violationsTotal === 1 ? '' : 's'} in this run ({shown.length} reached so far)
            </summary>
            <ol>
              {markers.slice(0, 30).map((m) => (
                <li key={m.id}>
                  <button type="button" onClick={() => seek(m.step + 1)}>
                    Go to step {m.step}
                  </button>{' '}
                  <strong>{m.property}</strong>: {m.message}
                </li>
              ))}
            </ol>
            {markers.length > 30 && <p>…and {markers.length - 30} more.</p>}
          </details>
        )}
      </section>

      <MachinesPanel trace={trace} cursor={state.cursor} idPrefix={idPrefix} />

      <section class="sim-section sim-charts" aria-label="Charts">
        <LagChart series={lags} time={now} endTime={index.endTime} />
        <LatencyHistogram samples={latencies} upTo={state.cursor} />
      </section>

      <section class="sim-section">
        <button
          type="button"
          aria-expanded={showTable}
          aria-controls={`${idPrefix}-table`}
          onClick={() => setShowTable((v) => !v)}
        >
          {showTable ? 'Hide' : 'Show'} the state as tables
        </button>
        <div id={`${idPrefix}-table`} hidden={!showTable}>
          {showTable && <SummaryTable state={state} flights={flights} trace={trace} />}
        </div>
      </section>

      <p class="visually-hidden" aria-live="polite" aria-atomic="true">
        {announce}
      </p>
    </section>
  );
}

interface FaultPanelProps {
  readonly allowed: ReadonlySet<FaultKind>;
  readonly nodes: readonly NodeId[];
  readonly consumers: readonly string[];
  readonly state: NonNullable<TimeTravel['state']>;
  readonly now: number;
  readonly faults: readonly Fault[];
  readonly disabled: boolean;
  readonly onInject: (f: Fault) => void;
  readonly onClear: () => void;
}

function FaultPanel({ allowed, nodes, consumers, state, now, faults, disabled, onInject, onClear }: FaultPanelProps) {
  const [slowPair, setSlowPair] = useState(0);
  const [factor, setFactor] = useState(5);
  const [skewNode, setSkewNode] = useState(nodes[0] ?? '');
  const [skewMs, setSkewMs] = useState('50');
  const pairs: [NodeId, NodeId][] = [];
  for (let i = 0; i < nodes.length; i++)
    for (let j = i + 1; j < nodes.length; j++) pairs.push([nodes[i] as NodeId, nodes[j] as NodeId]);
  const at = Math.round(now * 1000) / 1000;
  const slowed = Object.keys(state.links);
  return (
    <fieldset class="sim-faults" disabled={disabled}>
      <legend>Inject a fault at t={formatMs(now)} (the run is recomputed from the same seed)</legend>
      {(allowed.has('crash') || allowed.has('restart')) && (
        <div class="sim-fault-row">
          {nodes.map((id) => {
            const up = state.nodes[id]?.up ?? true;
            if (up && allowed.has('crash'))
              return (
                <button key={id} type="button" onClick={() => onInject({ kind: 'crash', node: id, at })}>
                  Crash {id}
                </button>
              );
            if (!up && allowed.has('restart'))
              return (
                <button key={id} type="button" onClick={() => onInject({ kind: 'restart', node: id, at })}>
                  Restart {id}
                </button>
              );
            return null;
          })}
        </div>
      )}
      {allowed.has('partition') && (
        <div class="sim-fault-row">
          {state.partition ? (
            <button type="button" onClick={() => onInject({ kind: 'heal', at })}>
              Heal partition
            </button>
          ) : (
            nodes.map((id) => (
              <button
                key={id}
                type="button"
                onClick={() => onInject({ kind: 'partition', at, groups: [[id], nodes.filter((x) => x !== id)] })}
              >
                Isolate {id}
              </button>
            ))
          )}
        </div>
      )}
      {allowed.has('slow') && pairs.length > 0 && (
        <div class="sim-fault-row">
          <label>
            Link{' '}
            <select
              value={String(slowPair)}
              onChange={(e) => setSlowPair(Number((e.currentTarget as HTMLSelectElement).value))}
            >
              {pairs.map(([a, b], i) => (
                <option key={`${a}-${b}`} value={String(i)}>
                  {a} ↔ {b}
                </option>
              ))}
            </select>
          </label>
          <label>
            Factor{' '}
            <select
              value={String(factor)}
              onChange={(e) => setFactor(Number((e.currentTarget as HTMLSelectElement).value))}
            >
              {[2, 5, 10, 50].map((f) => (
                <option key={f} value={String(f)}>
                  ×{f}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            onClick={() => {
              const p = pairs[slowPair];
              if (p) onInject({ kind: 'slow', at, from: p[0], to: p[1], factor });
            }}
          >
            Slow link
          </button>
          {slowed.map((k) => {
            const [a, b] = k.split('->');
            if (!a || !b || !isNodeId(a) || !isNodeId(b)) return null;
            return (
              <button key={k} type="button" onClick={() => onInject({ kind: 'slow', at, from: a, to: b, factor: 1 })}>
                Restore {a} ↔ {b}
              </button>
            );
          })}
        </div>
      )}
      {allowed.has('skew') && (
        <div class="sim-fault-row">
          <label>
            Clock of{' '}
            <select value={skewNode} onChange={(e) => setSkewNode((e.currentTarget as HTMLSelectElement).value)}>
              {nodes.map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            </select>
          </label>
          <label>
            Offset (ms){' '}
            <input
              type="number"
              step={1}
              min={-100000}
              max={100000}
              value={skewMs}
              onInput={(e) => setSkewMs((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <button
            type="button"
            onClick={() => {
              const ms = Number(skewMs);
              if (Number.isFinite(ms) && Math.abs(ms) <= 100000 && isNodeId(skewNode))
                onInject({ kind: 'skew', at, node: skewNode, ms: Math.round(ms) });
            }}
          >
            Skew clock
          </button>
        </div>
      )}
      {allowed.has('crash-consumer') && consumers.length > 0 && (
        <div class="sim-fault-row">
          {consumers.filter(isNodeId).map((c) => (
            <button key={c} type="button" onClick={() => onInject({ kind: 'crash-consumer', at, consumer: c })}>
              Crash consumer {c}
            </button>
          ))}
        </div>
      )}
      {faults.length > 0 && (
        <div class="sim-fault-row sim-fault-list">
          <span>Injected: {faults.map(describeFault).join('; ')}</span>
          <button type="button" onClick={onClear}>
            Clear injected faults
          </button>
        </div>
      )}
    </fieldset>
  );
}
