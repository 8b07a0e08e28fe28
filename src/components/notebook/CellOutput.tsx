/**
 * A cell's output: status, console lines, value, error (with the learner's
 * line), and a timeline when the value was a simulation trace. The Timeline
 * component (src/components/sim) loads only when there is a trace to draw.
 */
import { useEffect, useState } from 'preact/hooks';
import type { FunctionComponent } from 'preact';
import type { CellView } from './notebook.ts';
import type { RunError } from '../../runner/protocol.ts';
import type { Trace } from '../../engine/trace/events.ts';
import { ValueView } from './ValueView.tsx';

type TimelineComponent = FunctionComponent<{ trace: Trace; label?: string }>;
let timelinePromise: Promise<TimelineComponent> | null = null;

function LazyTimeline({ trace }: { trace: Trace }) {
  const [C, setC] = useState<TimelineComponent | null>(null);
  useEffect(() => {
    let alive = true;
    timelinePromise ??= import('../sim/Timeline.tsx').then((m) => m.Timeline as unknown as TimelineComponent);
    timelinePromise.then((c) => alive && setC(() => c)).catch(() => undefined);
    return () => {
      alive = false;
    };
  }, []);
  return (
    <div class="nb-timeline" data-nb-timeline>
      {C ? <C trace={trace} /> : <p class="nb-muted">Drawing the timeline…</p>}
    </div>
  );
}

function ErrorBox({ error, cellId, inCell }: { error: RunError; cellId: string; inCell?: string | undefined }) {
  const elsewhere = error.cell !== undefined && error.cell !== cellId;
  const where =
    error.line !== undefined
      ? ` on line ${error.line}${error.column !== undefined ? `, column ${error.column}` : ''}`
      : '';
  let lead: string;
  if (error.kind === 'timeout') lead = '';
  else if (error.kind === 'limit') lead = `Simulation too large${where}: `;
  else if (error.kind === 'syntax') lead = `Syntax error${where}: `;
  else lead = `${error.name}${where}: `;
  return (
    <div class="nb-error" data-nb-error role="alert">
      {elsewhere ? (
        <p>
          The cell <a href={`#cell-${error.cell}`}>{inCell ?? error.cell}</a> above{' '}
          {error.kind === 'timeout' ? 'did not finish' : 'failed'}, so this cell did not run.
        </p>
      ) : null}
      <p>
        <strong>{lead}</strong>
        {error.message}
      </p>
      {error.kind === 'limit' ? (
        <p class="nb-muted">
          The engine caps how many events one run may record, so a runaway loop cannot freeze the page.
        </p>
      ) : null}
    </div>
  );
}

export function CellOutput({ view, cellId }: { view: CellView; cellId: string }) {
  const out = view.output;
  const status =
    view.status === 'running' || view.status === 'queued'
      ? 'Running…'
      : view.status === 'skipped'
        ? 'Not run: an earlier cell stopped the run.'
        : view.status === 'done'
          ? `Ran${view.wallMs !== undefined ? ` in ${Math.max(1, Math.round(view.wallMs))} ms` : ''}.`
          : view.status === 'error'
            ? 'Stopped with an error.'
            : '';
  const lines = view.console;
  return (
    <>
      {status ? <p class="nb-status">{status}</p> : null}
      {lines.length > 0 ? (
        <pre class="nb-console" data-nb-console>
          {lines.map((l, i) => (
            <div key={i} class={`nb-line nb-l-${l.level}`}>
              {l.level === 'warn' || l.level === 'error' ? <span class="visually-hidden">{l.level}: </span> : null}
              {l.text}
            </div>
          ))}
          {out && out.droppedConsole > 0 ? (
            <div class="nb-line nb-muted">… {out.droppedConsole} more lines not shown</div>
          ) : null}
        </pre>
      ) : null}
      {out?.value && !out.trace ? (
        <div class="nb-value" data-nb-value>
          <ValueView x={out.value} open />
        </div>
      ) : null}
      {out?.trace ? (
        <>
          <LazyTimeline trace={out.trace} />
          {out.traceTruncated ? (
            <p class="nb-muted">Only the first {out.trace.events.length} events are shown.</p>
          ) : null}
          {out.value ? (
            <details class="nb-value" data-nb-value>
              <summary>Value</summary>
              <ValueView x={out.value} />
            </details>
          ) : null}
        </>
      ) : null}
      {view.error ? <ErrorBox error={view.error} cellId={cellId} inCell={view.errorInCellTitle} /> : null}
    </>
  );
}
