/**
 * The page's notebook: every `[data-nb-cell]` section in document order (read
 * from the DOM, so cells that are not hydrated yet still count), each cell's
 * current code, and the outputs. Islands subscribe to their cell's state.
 *
 * Running cell k runs cells 1..k-1 first, silently, in the same fresh worker,
 * so k sees what they define. "Run all" reports every cell. Nothing runs unless
 * the learner asks, and `stop()` ends the run in progress (the Stop button).
 */
import type { RunResult } from '../../runner/client.ts';
import type { CellOutput, CellSource, ConsoleLine, RunError } from '../../runner/protocol.ts';
import { markRunFinished, markRunStarted } from '../../progress/run-marker.ts';

export type CellStatus = 'idle' | 'queued' | 'running' | 'done' | 'error' | 'skipped';

export interface CellView {
  readonly status: CellStatus;
  /** Console lines so far (streamed while running). */
  readonly console: readonly ConsoleLine[];
  readonly output?: CellOutput;
  /** Error of this run (for a prelude failure: names the earlier cell). */
  readonly error?: RunError;
  /** Title of the earlier cell that failed, when `error.cell` is not this cell. */
  readonly errorInCellTitle?: string;
  /** Page-side time from Run to result, ms. */
  readonly wallMs?: number;
}

export interface CellInfo {
  readonly id: string;
  /** Notebook group ('' = the page's main notebook). */
  readonly group: string;
  readonly title: string;
  readonly original: string;
  readonly element: HTMLElement;
}

/** A cell that has not run (what the build renders). */
export const IDLE_VIEW: CellView = { status: 'idle', console: [] };

/** How often streamed console lines are shown while a cell runs, ms. */
const STREAM_FLUSH_MS = 50;

type Runner = (
  cells: readonly CellSource[],
  onConsole: (cell: string, line: ConsoleLine) => void,
  signal: AbortSignal,
) => Promise<RunResult>;

export class Notebook {
  private readonly views = new Map<string, CellView>();
  private readonly listeners = new Map<string, Set<(v: CellView) => void>>();
  /** Current code of cells whose island is live (edited in memory). */
  private readonly live = new Map<string, string>();
  private busy = false;
  private current: AbortController | null = null;

  constructor(
    private readonly root: ParentNode,
    private readonly runner: Runner,
  ) {}

  cells(): CellInfo[] {
    return [...this.root.querySelectorAll<HTMLElement>('[data-nb-cell]')].map((el, i) => ({
      id: el.dataset.cellId ?? `cell-${i + 1}`,
      group: el.dataset.notebook ?? '',
      title: el.dataset.cellTitle || `Cell ${i + 1}`,
      original: el.dataset.code ?? '',
      element: el,
    }));
  }

  setCode(id: string, code: string): void {
    this.live.set(id, code);
  }

  code(cell: CellInfo): string {
    return this.live.get(cell.id) ?? cell.original;
  }

  view(id: string): CellView {
    return this.views.get(id) ?? IDLE_VIEW;
  }

  isBusy(): boolean {
    return this.busy;
  }

  /** Stops the run in progress, if any (its cells show that it was stopped). */
  stop(): void {
    this.current?.abort();
  }

  subscribe(id: string, fn: (v: CellView) => void): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(fn);
    return () => set.delete(fn);
  }

  private set(id: string, v: CellView): void {
    this.views.set(id, v);
    for (const fn of this.listeners.get(id) ?? []) fn(v);
  }

  /** The cells of `id`'s notebook (its group), in page order. */
  notebookOf(id: string): CellInfo[] {
    const all = this.cells();
    const group = all.find((c) => c.id === id)?.group;
    return group === undefined ? [] : all.filter((c) => c.group === group);
  }

  /** The cells above `id` in its notebook (what runs before it). */
  before(id: string): CellInfo[] {
    const cells = this.notebookOf(id);
    const k = cells.findIndex((c) => c.id === id);
    return cells.slice(0, Math.max(0, k));
  }

  /** Clears every output of `id`'s notebook (the "Reset" button). */
  reset(id: string): void {
    for (const c of this.notebookOf(id)) this.set(c.id, IDLE_VIEW);
  }

  /** Runs cell `id` after the cells above it (silently). */
  run(id: string): Promise<void> {
    const cells = this.notebookOf(id);
    const k = cells.findIndex((c) => c.id === id);
    if (k < 0) return Promise.resolve();
    return this.execute(cells.slice(0, k + 1), new Set([id]), id);
  }

  /** Runs every cell of `id`'s notebook, reporting each. */
  runAll(id: string): Promise<void> {
    const cells = this.notebookOf(id);
    return this.execute(cells, new Set(cells.map((c) => c.id)), id);
  }

  /** `from` is the cell whose button started the run (named if the run takes the tab down). */
  private async execute(cells: CellInfo[], report: Set<string>, from: string): Promise<void> {
    if (this.busy || cells.length === 0) return;
    this.busy = true;
    markRunStarted(from);
    const controller = new AbortController();
    this.current = controller;
    const byId = new Map(cells.map((c) => [c.id, c]));
    const streamed = new Map<string, ConsoleLine[]>();
    for (const c of cells) if (report.has(c.id)) this.set(c.id, { status: 'queued', console: [] });
    const first = cells.find((c) => report.has(c.id));
    if (first) this.set(first.id, { status: 'running', console: [] });
    // streamed lines are shown in batches: one render per line would make a print loop quadratic
    const dirty = new Set<string>();
    let flushTimer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      flushTimer = null;
      for (const c of dirty) this.set(c, { status: 'running', console: [...(streamed.get(c) ?? [])] });
      dirty.clear();
    };
    const t0 = performance.now();
    try {
      const res = await this.runner(
        cells.map((c) => ({ id: c.id, code: this.code(c), report: report.has(c.id) })),
        (cell, line) => {
          const lines = streamed.get(cell) ?? [];
          lines.push(line);
          streamed.set(cell, lines);
          dirty.add(cell);
          flushTimer ??= setTimeout(flush, STREAM_FLUSH_MS);
        },
        controller.signal,
      );
      if (flushTimer !== null) clearTimeout(flushTimer);
      const wallMs = performance.now() - t0;
      const got = new Set<string>();
      for (const out of res.outputs) {
        got.add(out.cell);
        this.set(out.cell, {
          status: out.error ? 'error' : 'done',
          console: out.console,
          output: out,
          ...(out.error ? { error: out.error } : {}),
          wallMs,
        });
      }
      for (const c of cells) {
        if (!report.has(c.id) || got.has(c.id)) continue;
        const err = res.error;
        if (err && err.cell !== undefined && err.cell !== c.id) {
          // an earlier cell failed (or the run timed out before reaching this one)
          const failed = err.cell !== undefined ? byId.get(err.cell) : undefined;
          this.set(c.id, {
            status: failed && !report.has(failed.id) ? 'error' : 'skipped',
            console: streamed.get(c.id) ?? [],
            error: err,
            ...(failed ? { errorInCellTitle: failed.title } : {}),
            wallMs,
          });
        } else if (err) {
          this.set(c.id, { status: 'error', console: streamed.get(c.id) ?? [], error: err, wallMs });
        } else this.set(c.id, { status: 'skipped', console: [] });
      }
      // a timeout belongs to whichever cell was running: show it on the first unfinished reported cell only
      if (res.error && res.error.cell === undefined) {
        let shown = false;
        for (const c of cells) {
          if (!report.has(c.id) || got.has(c.id)) continue;
          if (!shown) {
            this.set(c.id, { status: 'error', console: streamed.get(c.id) ?? [], error: res.error, wallMs });
            shown = true;
          } else this.set(c.id, { status: 'skipped', console: [] });
        }
      }
    } finally {
      markRunFinished();
      if (flushTimer !== null) clearTimeout(flushTimer);
      this.busy = false;
      this.current = null;
    }
  }
}

let shared: Notebook | null = null;

/** The page's notebook (one per page), running cells in the runner worker. */
export function pageNotebook(): Notebook {
  if (typeof document === 'undefined') {
    // server render: no cells, no runs (the island renders its static shell)
    return new Notebook({ querySelectorAll: () => [] } as unknown as ParentNode, () =>
      Promise.reject(new Error('server')),
    );
  }
  shared ??= new Notebook(document, async (cells, onConsole, signal) => {
    const { runCells } = await import('../../runner/client.ts');
    return runCells(cells, { onConsole, signal });
  });
  return shared;
}
