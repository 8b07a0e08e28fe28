/**
 * The Machines panel of the simulation view: for each owner in the run (node,
 * CDC consumer, session), the protocol machines its `state` trace events name,
 * drawn from the prebuilt statechart asset with the current state filled and
 * the transition taken at this step marked. Closed by default; the asset is
 * fetched the first time the panel opens, never on page load.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Trace } from '../../../engine/trace/events.ts';
import {
  machineTracks,
  machinesAt,
  operationOwners,
  operationsAt,
  type IsFinal,
  type MachineNow,
} from '../model/machines.ts';
import { loadCharts, type ChartAsset } from '../../statechart/asset.ts';
import { highlightOf } from '../../statechart/highlight.ts';
import { StatechartSvg } from '../../statechart/StatechartSvg.tsx';
import { formatMs } from '../model/narrate.ts';

export interface MachinesPanelProps {
  readonly trace: Trace;
  readonly cursor: number;
  readonly idPrefix: string;
}

/** Operation machines drawn at once: the rest are counted by state. */
const OPERATIONS_DRAWN = 3;

/** The owner-picker's name for the group of per-operation machines. */
const OPERATIONS = 'client operations';

/** `client.waiting,node.queued` as a reader says it: `waiting / queued`. */
export function shortState(path: string): string {
  return path
    .split(',')
    .map((region) => region.split('.').slice(1).join('.') || region)
    .join(' / ');
}

/** What a screen reader hears for one machine: its state, and the change when it happened at this step. */
export function describeMachine(m: MachineNow): string {
  const head = `${m.owner}, ${m.machine} machine: ${m.state}`;
  if (!m.last) return `${head}.`;
  return m.now
    ? `${head}, just changed from ${m.last.from} on ${m.last.event}.`
    : `${head} since t=${formatMs(m.last.time)} (${m.last.event}).`;
}

export function MachinesPanel({ trace, cursor, idPrefix }: MachinesPanelProps) {
  const [open, setOpen] = useState(false);
  const [charts, setCharts] = useState<ChartAsset | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** One owner's machines, or everyone's (`null`): a chart is only readable at its own size, so they stack. */
  const [only, setOnly] = useState<string | null>(null);
  const tracks = useMemo(() => machineTracks(trace), [trace]);
  const id = `${idPrefix}-machines`;

  useEffect(() => {
    if (!open || charts) return;
    let live = true;
    loadCharts(import.meta.env.BASE_URL)
      .then((c) => live && setCharts(c))
      .catch((err: unknown) => live && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      live = false;
    };
  }, [open, charts]);

  const ops = useMemo(() => operationOwners(trace), [trace]);
  const isFinal = useMemo<IsFinal>(() => {
    const finals = new Set<string>();
    for (const [machine, entry] of Object.entries(charts ?? {}))
      for (const st of entry.graph.states) if (st.kind === 'final') finals.add(`${machine}|${st.id}`);
    return (machine, path) => finals.has(`${machine}|${path}`);
  }, [charts]);
  const all = useMemo(() => machinesAt(tracks, cursor), [tracks, cursor]);
  // Nodes, consumers and sessions are few and drawn one by one; operations are many and summarised.
  const now = all.filter((m) => !ops.has(m.owner));
  const operations = useMemo(() => operationsAt(all, ops, isFinal), [all, ops, isFinal]);
  const hasOperations = tracks.some((t) => ops.has(t.owner));
  // Operations change at almost every step: announcing them would drown the narration.
  const changed = now.filter((m) => m.now);
  const owners = [...new Set(now.map((m) => m.owner)), ...(hasOperations ? [OPERATIONS] : [])];
  const shown = only !== null && owners.includes(only) ? [only] : owners;

  return (
    <section class="sim-section sim-machines" aria-labelledby={`${id}-head`}>
      <div class="sim-section-head">
        <h3 id={`${id}-head`}>Machines</h3>
        <button type="button" aria-expanded={open} aria-controls={id} onClick={() => setOpen((v) => !v)}>
          {open ? 'Hide' : 'Show'} the protocol machines
        </button>
      </div>
      <div id={id} hidden={!open}>
        {open && tracks.length === 0 && <p>No protocol machine changed state in this run: every node kept its role.</p>}
        {open && error && <p class="bad">Could not load the statecharts: {error}</p>}
        {open && tracks.length > 0 && !charts && !error && <p class="sim-busy">Loading the statecharts…</p>}
        {open && charts && (
          <>
            <p class="sim-machines-text">
              Each chart is drawn from the machine the engine runs; the filled box is the state at this step and a thick
              arrow the transition this step took. Only machines that change state in this run are shown.
            </p>
            {now.length > 0 && (
              <p class="sim-machines-now">
                Step {cursor}: {now.map((m) => `${m.owner} (${m.machine}) ${m.state}`).join(', ')}
                {changed.length > 0 ? ` (${changed.map((m) => m.owner).join(', ')} just changed)` : ''}.
              </p>
            )}
            {/* Only changes are announced: every step while playing would drown the narration. */}
            <p class="visually-hidden" aria-live="polite" aria-atomic="true">
              {changed.map(describeMachine).join(' ')}
            </p>
            {owners.length > 1 && (
              <fieldset class="sim-machines-pick">
                <legend>Show the machines of</legend>
                {[null, ...owners].map((o) => (
                  <label key={o ?? '*'}>
                    <input
                      type="radio"
                      name={`${id}-owner`}
                      checked={(o === null && shown.length > 1) || (o !== null && shown.length === 1 && shown[0] === o)}
                      onChange={() => setOnly(o)}
                    />{' '}
                    {o ?? 'everyone'}
                  </label>
                ))}
              </fieldset>
            )}
            {shown.map((owner) =>
              owner === OPERATIONS ? (
                <OperationsGroup key={owner} operations={operations} charts={charts} idPrefix={`${id}-ops`} />
              ) : (
                <div key={owner} class="sim-machines-owner" role="group" aria-label={owner}>
                  <h4 class="sim-subhead">{owner}</h4>
                  <div class="sim-machines-grid">
                    {now
                      .filter((m) => m.owner === owner)
                      .map((m) => (
                        <MachineChart key={m.machine} m={m} charts={charts} idPrefix={`${id}-${owner}-${m.machine}`} />
                      ))}
                  </div>
                </div>
              ),
            )}
          </>
        )}
      </div>
    </section>
  );
}

function OperationsGroup({
  operations,
  charts,
  idPrefix,
}: {
  operations: ReturnType<typeof operationsAt>;
  charts: ChartAsset;
  idPrefix: string;
}) {
  const drawn = operations.inFlight.slice(0, OPERATIONS_DRAWN);
  return (
    <div class="sim-machines-owner" role="group" aria-label={OPERATIONS}>
      <h4 class="sim-subhead">Client operations</h4>
      {operations.counts.length === 0 ? (
        <p class="sim-machines-text">No operation has been sent yet.</p>
      ) : (
        <>
          <p class="sim-machines-text">
            Operations sent so far, by the state of their request (at the client / at the node):
          </p>
          <ul class="sim-machines-counts">
            {operations.counts.map((c) => (
              <li key={c.state}>
                {shortState(c.state)}: <strong>{c.count}</strong>
              </li>
            ))}
          </ul>
          <p class="sim-machines-text">
            {operations.inFlight.length === 0
              ? 'None is in flight at this step.'
              : `${operations.inFlight.length} in flight; ${drawn.length === operations.inFlight.length ? 'all' : `the ${drawn.length} most recently changed`} drawn below.`}
          </p>
        </>
      )}
      <div class="sim-machines-grid">
        {drawn.map((m) => (
          <MachineChart key={m.owner} m={m} charts={charts} idPrefix={`${idPrefix}-${m.owner}`} />
        ))}
      </div>
    </div>
  );
}

function MachineChart({ m, charts, idPrefix }: { m: MachineNow; charts: ChartAsset; idPrefix: string }) {
  const entry = Object.prototype.hasOwnProperty.call(charts, m.machine) ? charts[m.machine] : undefined;
  const safe = idPrefix.replace(/[^a-zA-Z0-9_-]/g, '-');
  const text = describeMachine(m);
  if (!entry) return <p class="sim-machines-text">{text}</p>;
  const hl = highlightOf(entry.graph, m.state, m.now && m.last ? m.last : undefined);
  return (
    <figure class="sim-machine" data-owner={m.owner} data-machine={m.machine} data-state={m.state}>
      <div
        class="sc-scroll"
        tabindex={0}
        role="group"
        aria-label={`${m.owner}: ${entry.title} (scrolls sideways when wide)`}
      >
        <StatechartSvg
          layout={entry.layout}
          idPrefix={safe}
          title={`${m.owner}: ${entry.title} statechart`}
          describedBy={`${safe}-now`}
          active={hl.active}
          current={hl.current}
          taken={hl.taken}
        />
      </div>
      <figcaption id={`${safe}-now`} class="sim-machines-text">
        {text}
      </figcaption>
    </figure>
  );
}
