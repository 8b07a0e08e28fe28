/**
 * The simulation view's run hook: asks the engine worker for a run (or has it
 * judge a ready-made exercise run), keeps the trace with its time travel and
 * player, and exposes the few moves the panels make (seek, re-run with a seed
 * or a fault, clear faults, playback speed).
 *
 * It owns everything that outlives one render: the latest run, the player's
 * timer, the sequence number that drops answers to superseded requests, and
 * the first-load and `workbook:sim-open` wiring. Panels receive plain values
 * and callbacks from it and hold no run state of their own.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import { checkTraceOnEngine, runOnEngine } from './engine/client.ts';
import type { RunResult } from './engine/protocol.ts';
import { TimeTravel, commonPrefix } from './model/timetravel.ts';
import { Player, type Speed } from './model/player.ts';
import { indexTrace, type TraceIndex } from './model/trace-index.ts';
import { describeFault, type Fault, type FaultKind } from './model/faults.ts';
import { parseRunHash, type RunConfig } from './model/hash.ts';
import { readPendingRun, SIM_OPEN_EVENT } from './pending.ts';
import { exerciseChecks, type TraceRun } from './model/exercise-run.ts';

/** What the hook needs from the view's props. */
export interface RunSource {
  readonly scenario: string;
  readonly faults: readonly FaultKind[];
  readonly seed: number;
  readonly checks?: readonly string[];
  readonly initialHash?: string;
  readonly autoplay?: boolean;
  readonly autostep?: boolean;
  readonly host?: HTMLElement;
  readonly focusOnLoad?: boolean;
  readonly fixedRun?: TraceRun;
}

/** One computed run and everything derived from it once. */
export interface Loaded {
  readonly result: RunResult;
  readonly index: TraceIndex;
  readonly tt: TimeTravel;
  readonly seed: number;
  readonly faults: readonly Fault[];
}

export interface SimulationRun {
  readonly loaded: Loaded | null;
  readonly player: Player | null;
  readonly playing: boolean;
  /** What is being computed, for the status line (null when idle). */
  readonly busy: string | null;
  readonly error: string | null;
  readonly setError: (message: string | null) => void;
  readonly speed: Speed;
  readonly setSpeed: (s: Speed) => void;
  /** Moves the cursor (clamped) and redraws. */
  readonly seek: (cursor: number) => void;
  /** Re-runs the scenario with another seed, keeping the injected faults. */
  readonly runSeed: (seed: number) => void;
  /** Re-runs from the same seed with one more fault, staying where the new run still agrees. */
  readonly inject: (f: Fault) => Promise<void>;
  /** Re-runs from the same seed without injected faults. */
  readonly clearFaults: () => void;
}

/** A fault naming a node or consumer the run does not have (a link for another run), if any. */
function unknownFault(faults: readonly Fault[], index: TraceIndex, r: RunResult): Fault | undefined {
  const nodes = new Set(index.nodes);
  const consumers = new Set(consumersOf(r));
  return faults.find(
    (f) =>
      ('node' in f && !nodes.has(f.node)) ||
      (f.kind === 'slow' && (!nodes.has(f.from) || !nodes.has(f.to))) ||
      (f.kind === 'partition' && f.groups.some((g) => g.some((x) => !nodes.has(x)))) ||
      (f.kind === 'crash-consumer' && !consumers.has(f.consumer)),
  );
}

/** Names of the CDC consumers in a run (chapter 3), for the crash-consumer fault. */
export function consumersOf(r: RunResult): string[] {
  const seen = new Set<string>();
  for (const e of r.trace.events) if (e.type === 'cdc') seen.add(e.consumer);
  return [...seen];
}

const BROWSER_TIMER = {
  set: (fn: () => void, ms: number): unknown => setTimeout(fn, ms),
  clear: (h: unknown): void => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: (): number => performance.now(),
};

interface LoadOptions {
  /** Stay at this cursor if the new run agrees with the old one that far. */
  readonly keepCursor?: number;
  readonly seekTo?: number;
  /** Status line while the run computes. */
  readonly label: string;
}

export function useSimulationRun(props: RunSource, rootRef: RefObject<HTMLElement>): SimulationRun {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [busy, setBusy] = useState<string | null>('Loading the simulation…');
  const [error, setError] = useState<string | null>(null);
  const [, setTick] = useState(0);
  const [speed, setSpeedState] = useState<Speed>(25);
  const playerRef = useRef<Player | null>(null);
  const loadedRef = useRef<Loaded | null>(null);
  const pendingPlay = useRef(!!props.autoplay);
  const runSeq = useRef(0);

  const rerender = useCallback(() => setTick((t) => t + 1), []);

  if (!playerRef.current && loaded) {
    playerRef.current = new Player(loaded.tt, BROWSER_TIMER, rerender);
  }

  /** Runs (or re-runs) the scenario; keeps the position when the new run shares the prefix. */
  const load = useCallback(
    async (seed: number, faults: readonly Fault[], opts: LoadOptions) => {
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
      const unknown = unknownFault(faults, index, result);
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

  const focusView = () => rootRef.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();

  // First load: the ready-made run, or the requested run if there is a valid one, else the default seed.
  useEffect(() => {
    const fixed = props.fixedRun;
    const run = !fixed && props.initialHash ? requested(props.initialHash) : null;
    const focus = () => {
      if (props.focusOnLoad || run || fixed) focusView();
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
      void load(run.seed, run.faults, { seekTo: run.step, label: `Opening seed ${run.seed}…` }).then(focusView);
    };
    host.addEventListener(SIM_OPEN_EVENT, onOpen);
    return () => host.removeEventListener(SIM_OPEN_EVENT, onOpen);
  }, [props.host, load]);

  const player = playerRef.current;

  const seek = (c: number) => {
    const tt = loadedRef.current?.tt;
    if (!tt) return;
    tt.seek(c);
    rerender();
  };

  const runSeed = (seed: number) => {
    const cur = loadedRef.current;
    if (!cur) return;
    player?.pause();
    void load(seed, cur.faults, { label: `Running seed ${seed}…` });
  };

  const inject = async (f: Fault): Promise<void> => {
    const cur = loadedRef.current;
    if (!cur || props.fixedRun) return;
    await load(cur.seed, [...cur.faults, f], {
      keepCursor: cur.tt.cursor,
      label: `Re-running with ${describeFault(f)}…`,
    });
  };

  const clearFaults = () => {
    const cur = loadedRef.current;
    if (!cur) return;
    void load(cur.seed, [], { keepCursor: cur.tt.cursor, label: 'Re-running without injected faults…' });
  };

  const setSpeed = (s: Speed) => {
    setSpeedState(s);
    if (player) player.speed = s;
    if (player?.playing) {
      player.pause();
      player.play();
    }
  };

  return {
    loaded,
    player,
    playing: !!player?.playing,
    busy,
    error,
    setError,
    speed,
    setSpeed,
    seek,
    runSeed,
    inject,
    clearFaults,
  };
}
