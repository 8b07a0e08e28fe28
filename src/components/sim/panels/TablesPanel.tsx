/**
 * The text alternative: a button that shows the current state as tables
 * (nodes, messages in flight, pending operations). The tables are only
 * built while shown.
 */
import { useState } from 'preact/hooks';
import type { Trace } from '../../../engine/trace/events.ts';
import type { ViewState } from '../model/fold.ts';
import type { FlightPosition } from '../model/trace-index.ts';
import { SummaryTable } from '../views/SummaryTable.tsx';

export interface TablesPanelProps {
  readonly state: ViewState;
  readonly flights: readonly FlightPosition[];
  readonly trace: Trace;
  readonly idPrefix: string;
}

export function TablesPanel({ state, flights, trace, idPrefix }: TablesPanelProps) {
  const [show, setShow] = useState(false);
  return (
    <section class="sim-section">
      <button type="button" aria-expanded={show} aria-controls={`${idPrefix}-table`} onClick={() => setShow((v) => !v)}>
        {show ? 'Hide' : 'Show'} the state as tables
      </button>
      <div id={`${idPrefix}-table`} hidden={!show}>
        {show && <SummaryTable state={state} flights={flights} trace={trace} />}
      </div>
    </section>
  );
}
