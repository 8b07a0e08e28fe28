/**
 * Node boards: one card per node (role, up/down, epoch, LSN / applied LSN,
 * lag, queue depth, key values) and the messages in flight between them.
 * A pure render of (view state, message positions, layout).
 */
import type { ViewState, NodeView } from '../model/fold.ts';
import { lagOf } from '../model/fold.ts';
import type { FlightPosition } from '../model/trace-index.ts';
import { formatValue } from '../model/narrate.ts';
import { along, linkSegment, NARROW, type BoardBox, type BoardLayout } from './boards.ts';
import { CARD_FONTS, fit, lineChars, NARROW_CARD_FONTS, roleLabel, type CardFonts } from './board-text.ts';

export interface BoardsProps {
  readonly state: ViewState;
  readonly flights: readonly FlightPosition[];
  readonly layout: BoardLayout;
}

function kindClass(kind: string): string {
  if (kind.includes('heartbeat')) return 'sim-msg--quiet';
  if (kind.includes('ack') || kind.includes('reply') || kind.includes('response')) return 'sim-msg--reply';
  return 'sim-msg--data';
}

export function boardsSummary(s: ViewState): string {
  const parts = s.order.map((id) => {
    const n = s.nodes[id];
    if (!n) return id;
    return `${n.lastRole} ${id} ${n.up ? 'up' : 'down'}, LSN ${n.lsn}, applied ${n.appliedLsn}`;
  });
  const flights = s.inFlight.length;
  return `Nodes: ${parts.join('; ')}. ${flights} message${flights === 1 ? '' : 's'} in flight.${s.partition ? ' Network partitioned.' : ''}`;
}

function sameSide(s: ViewState, a: string, b: string): boolean {
  if (!s.partition) return true;
  return s.partition.some((g) => g.includes(a) && g.includes(b));
}

export function Boards({ state, flights, layout }: BoardsProps) {
  const boxes = layout.boxes;
  const order = state.order.filter((id) => boxes.has(id));
  // Links: every pair that is partitioned, slowed, or has traffic right now.
  const pairs = new Map<string, { a: BoardBox; b: BoardBox; cut: boolean; factor: number | null }>();
  const pairKey = (x: string, y: string) => (x < y ? `${x}|${y}` : `${y}|${x}`);
  const addPair = (x: string, y: string) => {
    const a = boxes.get(x);
    const b = boxes.get(y);
    if (!a || !b || x === y) return;
    const k = pairKey(x, y);
    if (pairs.has(k)) return;
    const f = state.slowLinks[`${x}->${y}`] ?? state.slowLinks[`${y}->${x}`] ?? null;
    pairs.set(
      k,
      x < y ? { a, b, cut: !sameSide(state, x, y), factor: f } : { a: b, b: a, cut: !sameSide(state, x, y), factor: f },
    );
  };
  for (const k of Object.keys(state.slowLinks)) {
    const [x, y] = k.split('->');
    if (x && y) addPair(x, y);
  }
  if (state.partition)
    for (let i = 0; i < order.length; i++)
      for (let j = i + 1; j < order.length; j++)
        if (!sameSide(state, order[i]!, order[j]!)) addPair(order[i]!, order[j]!);
  for (const f of flights) addPair(f.flight.from, f.flight.to);
  const showLabels = flights.length <= 8;

  return (
    <svg
      class={layout.width < 560 ? 'sim-boards sim-boards--narrow' : 'sim-boards'}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width="100%"
      role="img"
      aria-label={boardsSummary(state)}
    >
      <g class="sim-links">
        {[...pairs.values()].map(({ a, b, cut, factor }) => {
          const seg = linkSegment(a, b);
          if (!seg) return null;
          const mx = (seg.x1 + seg.x2) / 2;
          const my = (seg.y1 + seg.y2) / 2;
          return (
            <g key={`${a.node}|${b.node}`}>
              <line
                class={cut ? 'sim-link sim-link--cut' : factor ? 'sim-link sim-link--slow' : 'sim-link'}
                x1={seg.x1}
                y1={seg.y1}
                x2={seg.x2}
                y2={seg.y2}
              />
              {cut && (
                <text class="sim-link-label sim-link-label--cut" x={mx} y={my + 5} text-anchor="middle">
                  ✕
                </text>
              )}
              {!cut && factor !== null && (
                <text class="sim-link-label sim-link-label--slow" x={mx} y={my - 6} text-anchor="middle">
                  slow ×{factor}
                </text>
              )}
            </g>
          );
        })}
      </g>
      <g class="sim-boards-cards">
        {order.map((id) => (
          <Board
            key={id}
            n={state.nodes[id] as NodeView}
            box={boxes.get(id) as BoardBox}
            lag={lagOf(state, id)}
            fonts={layout.width < NARROW ? NARROW_CARD_FONTS : CARD_FONTS}
          />
        ))}
      </g>
      <g class="sim-msgs">
        {flights.map((f) => {
          const a = boxes.get(f.flight.from);
          const b = boxes.get(f.flight.to);
          if (!a || !b) return null;
          const seg = linkSegment(a, b, a.node < b.node ? 5 : -5);
          if (!seg) return null;
          const p = along(seg, f.progress);
          return (
            <g key={f.flight.msg} class={`sim-msg ${kindClass(f.flight.kind)}`}>
              <circle cx={p.x} cy={p.y} r={f.flight.copies > 1 ? 7 : 5} />
              {f.flight.copies > 1 && <circle class="sim-msg-dup" cx={p.x} cy={p.y} r={3} />}
              {showLabels && (
                <text x={p.x + 8} y={a.node < b.node ? p.y - 6 : p.y + 14}>
                  {f.flight.summary ? `${f.flight.kind} ${f.flight.summary}` : f.flight.kind}
                </text>
              )}
            </g>
          );
        })}
      </g>
    </svg>
  );
}

function Board({ n, box, lag, fonts }: { n: NodeView; box: BoardBox; lag: number | null; fonts: CardFonts }) {
  const x = box.cx - box.w / 2;
  const y = box.cy - box.h / 2;
  const isLeader = n.lastRole === 'leader' || n.lastRole === 'single';
  const keys = Object.keys(n.values).sort();
  const cls = `sim-board${n.up ? '' : ' sim-board--down'}${n.lastRole === 'leader' ? ' sim-board--leader' : ''}`;
  const line = (i: number) => y + 40 + i * 15;
  const chars = lineChars(box.w, fonts);
  // A skewed clock gets a line of its own rather than pushing the lag line past the card's edge.
  const clock = n.skew !== 0 ? `clock ${n.skew > 0 ? '+' : ''}${n.skew} ms` : null;
  const firstKey = clock ? 3 : 2;
  const shown = keys.slice(0, 3);
  const more = keys.length > 3 ? `+${keys.length - 3} keys` : null;
  return (
    <g class={cls}>
      <rect x={x} y={y} width={box.w} height={box.h} rx={8} />
      <text class="sim-board-title" x={x + 10} y={y + 19}>
        {n.node}
      </text>
      <text class="sim-board-role" x={x + box.w - 10} y={y + 19} text-anchor="end">
        {roleLabel({ node: n.node, role: n.lastRole, up: n.up, epoch: n.epoch }, box.w, fonts)}
      </text>
      <text x={x + 10} y={line(0)}>
        {fit(`LSN ${n.lsn} · applied ${n.appliedLsn}`, chars)}
      </text>
      <text x={x + 10} y={line(1)} class={!isLeader && lag !== null && lag > 0 ? 'sim-board-lag' : undefined}>
        {fit(
          isLeader ? `commit ${n.commitLsn} · queue ${n.queueDepth}` : `lag ${lag ?? '–'} · queue ${n.queueDepth}`,
          chars,
        )}
      </text>
      {clock && (
        <text class="sim-board-clock" x={x + 10} y={line(2)}>
          {fit(clock, chars)}
        </text>
      )}
      {shown.map((k, i) => (
        <text key={k} class="sim-board-kv" x={x + 10} y={line(firstKey + i)}>
          {fit(
            `${k.length > 8 ? `${k.slice(0, 7)}…` : k} = ${formatValue(n.values[k])}`,
            // the last shown key shares its line with "+N keys" at the right
            i === 2 && more ? chars - more.length - 1 : chars,
          )}
        </text>
      ))}
      {more && (
        <text class="sim-board-more" x={x + box.w - 10} y={line(firstKey + 2)} text-anchor="end">
          {more}
        </text>
      )}
      {n.suspects.length > 0 && (
        <text class="sim-board-suspect" x={x + 10} y={y + box.h + 14}>
          {fit(`suspects ${n.suspects.join(', ')}`, chars)}
        </text>
      )}
    </g>
  );
}
