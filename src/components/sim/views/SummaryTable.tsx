/**
 * Text alternative to the drawings: the node boards, the messages in flight
 * and the latest events as tables a screen reader can walk.
 */
import type { Trace } from '../../../engine/trace/events.ts';
import type { ViewState } from '../model/fold.ts';
import { lagOf } from '../model/fold.ts';
import type { FlightPosition } from '../model/trace-index.ts';
import { describeEvent, formatMs, formatValue } from '../model/narrate.ts';

export function SummaryTable({
  state,
  flights,
  trace,
}: {
  state: ViewState;
  flights: readonly FlightPosition[];
  trace: Trace;
}) {
  const recentFrom = Math.max(0, state.cursor - 8);
  const recent = trace.events.slice(recentFrom, state.cursor);
  return (
    <div class="sim-summary">
      <table>
        <caption>
          Nodes at step {state.cursor} (t={formatMs(state.time)})
          {state.partition ? `, partition ${state.partition.map((g) => `{${g.join(', ')}}`).join(' | ')}` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Role</th>
            <th scope="col">State</th>
            <th scope="col">Epoch</th>
            <th scope="col">LSN</th>
            <th scope="col">Applied</th>
            <th scope="col">Lag</th>
            <th scope="col">Queue</th>
            <th scope="col">Data</th>
          </tr>
        </thead>
        <tbody>
          {state.order.map((id) => {
            const n = state.nodes[id];
            if (!n) return null;
            const keys = Object.keys(n.values).sort();
            return (
              <tr key={id}>
                <th scope="row">{id}</th>
                <td>{n.lastRole}</td>
                <td>{n.up ? 'up' : 'down'}</td>
                <td>{n.epoch}</td>
                <td>{n.lsn}</td>
                <td>{n.appliedLsn}</td>
                <td>{lagOf(state, id)}</td>
                <td>{n.queueDepth}</td>
                <td>{keys.length === 0 ? '—' : keys.map((k) => `${k} = ${formatValue(n.values[k])}`).join(', ')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <table>
        <caption>Messages in flight ({flights.length})</caption>
        <thead>
          <tr>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Kind</th>
            <th scope="col">Sent</th>
            <th scope="col">Progress</th>
          </tr>
        </thead>
        <tbody>
          {flights.length === 0 ? (
            <tr>
              <td colSpan={5}>None</td>
            </tr>
          ) : (
            flights.map((f) => (
              <tr key={f.flight.msg}>
                <td>{f.flight.from}</td>
                <td>{f.flight.to}</td>
                <td>
                  {f.flight.kind}
                  {f.flight.summary ? ` (${f.flight.summary})` : ''}
                  {f.flight.copies > 1 ? ` ×${f.flight.copies}` : ''}
                </td>
                <td>{formatMs(f.flight.sentAt)}</td>
                <td>{Math.round(f.progress * 100)}%</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <table>
        <caption>Latest events</caption>
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Time</th>
            <th scope="col">Event</th>
          </tr>
        </thead>
        <tbody>
          {recent.length === 0 ? (
            <tr>
              <td colSpan={3}>Start of the run</td>
            </tr>
          ) : (
            recent.map((e) => (
              <tr key={e.step}>
                <td>{e.step}</td>
                <td>{formatMs(e.time)}</td>
                <td>{describeEvent(e, state)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
