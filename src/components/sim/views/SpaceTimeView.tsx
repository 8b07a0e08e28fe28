/**
 * The full space-time diagram of the simulation view: a window of virtual
 * time that follows the playhead, message arrows, client operations, fault
 * marks and checker violations. Violation markers are buttons: focus or hover
 * shows the explanation, Enter/click jumps to the step.
 */
import { useState } from 'preact/hooks';
import type { SpaceTimeModel, PlacedMarker } from './spacetime.ts';

export interface SpaceTimeViewProps {
  readonly model: SpaceTimeModel;
  /** Virtual time of the playhead. */
  readonly time: number;
  readonly onMarker: (step: number) => void;
  readonly label: string;
  /** Unique per simulation on the page, for element ids. */
  readonly idPrefix: string;
}

const markChar: Record<string, string> = { crash: '✕', restart: '↻', elect: '★', fault: '⚡' };

export function SpaceTimeView({ model, time, onMarker, label, idPrefix }: SpaceTimeViewProps) {
  const [active, setActive] = useState<PlacedMarker | null>(null);
  const px = model.x(time);
  const activate = (p: PlacedMarker) => (ev: Event) => {
    if (ev instanceof KeyboardEvent && ev.key !== 'Enter' && ev.key !== ' ') return;
    ev.preventDefault();
    onMarker(p.marker.step);
  };
  const tipId = active ? `${idPrefix}-${active.marker.id}-tip` : undefined;
  const headId = `${idPrefix}-arrowhead`;
  return (
    <div class="sim-st">
      <svg
        class="sim-st-svg"
        viewBox={`0 0 ${model.width} ${model.height}`}
        width="100%"
        role="group"
        aria-label={label}
      >
        <defs>
          <marker id={headId} viewBox="0 0 6 6" refX="5.5" refY="3" markerWidth="6" markerHeight="6" orient="auto">
            <path d="M0,0 L6,3 L0,6 z" class="sim-st-head" />
          </marker>
        </defs>
        <g aria-hidden="true">
          {model.lanes.map((l) => (
            <g key={l.node}>
              <line class="sim-st-lane" x1={model.x.range[0]} x2={model.x.range[1]} y1={l.y} y2={l.y} />
              <text class="sim-st-lane-label" x={6} y={l.y + 4}>
                {l.node.length > 9 ? `${l.node.slice(0, 8)}…` : l.node}
              </text>
            </g>
          ))}
          {model.marks
            .filter((m) => m.y === null)
            .map((m) => (
              <g key={`g${m.step}`} class={`sim-st-global sim-st-global--${m.kind}`}>
                <line x1={m.x} x2={m.x} y1={6} y2={model.height - 6} />
                <text x={m.x + 3} y={12}>
                  {m.label}
                </text>
              </g>
            ))}
          {model.arrows.map((a, i) => (
            <line
              key={i}
              class={`sim-st-arrow sim-st-arrow--${a.fate}`}
              x1={a.x1}
              y1={a.y1}
              x2={a.x2}
              y2={a.y2}
              marker-end={a.fate === 'deliver' ? `url(#${headId})` : undefined}
            />
          ))}
          {model.ops.map((o) => (
            <line
              key={o.op}
              class={`sim-st-op sim-st-op--${o.outcome} sim-st-op--${o.kind === 'read' ? 'read' : 'write'}`}
              x1={o.x1}
              x2={o.x2}
              y1={o.y - 6}
              y2={o.y - 6}
            />
          ))}
          {model.marks
            .filter((m) => m.y !== null)
            .map((m) => (
              <text
                key={`m${m.step}`}
                class={`sim-st-mark sim-st-mark--${m.kind}`}
                x={m.x}
                y={(m.y ?? 0) + 4}
                text-anchor="middle"
              >
                {markChar[m.kind] ?? '•'}
              </text>
            ))}
          {model.markers.flatMap((p) =>
            p.related.map((r) => (
              <g
                key={`${p.marker.id}-r${r.step}`}
                class={active === p ? 'sim-st-related sim-st-related--on' : 'sim-st-related'}
              >
                <line x1={p.x} y1={p.y} x2={r.x} y2={r.y} />
                <circle cx={r.x} cy={r.y} r={5} />
              </g>
            )),
          )}
          <line class="sim-st-playhead" x1={px} x2={px} y1={0} y2={model.height} />
        </g>
        {model.markers.map((p) => (
          <g
            key={p.marker.id}
            class="sim-st-marker"
            tabindex={0}
            role="button"
            aria-label={p.marker.description}
            aria-describedby={active === p ? tipId : undefined}
            onMouseEnter={() => setActive(p)}
            onMouseLeave={() => setActive((a) => (a === p ? null : a))}
            onFocus={() => setActive(p)}
            onBlur={() => setActive((a) => (a === p ? null : a))}
            onClick={activate(p)}
            onKeyDown={activate(p)}
          >
            <circle cx={p.x} cy={p.y} r={8} />
            <text x={p.x} y={p.y + 4} text-anchor="middle" aria-hidden="true">
              !
            </text>
          </g>
        ))}
      </svg>
      {active && (
        <div
          id={tipId}
          class="sim-tip"
          role="tooltip"
          style={{
            left: `${Math.min(60, Math.max(0, (active.x / model.width) * 100 - 10))}%`,
            ...(active.y > model.height / 2
              ? { bottom: `${((model.height - active.y + 14) / model.height) * 100}%` }
              : { top: `${((active.y + 14) / model.height) * 100}%` }),
          }}
        >
          <strong>{active.marker.property}</strong> at step {active.marker.step}
          <br />
          {active.marker.message}
          <br />
          <span class="sim-tip-hint">Enter or click to jump to this step · seed {active.marker.seed}</span>
        </div>
      )}
      {model.omittedArrows > 0 && (
        <p class="sim-note">
          {model.omittedArrows} heartbeat/message arrows not drawn in this window; zoom in to see them.
        </p>
      )}
    </div>
  );
}
