/**
 * Draws a laid-out statechart as SVG: rounded state boxes, containers holding
 * their children, initial-state dots, arrows labelled with event and [guard].
 * A pure function of its props, so the lesson renders it to static HTML at
 * build time (no hydration) and the simulation view reuses it with the
 * current state and the transition just taken highlighted.
 */
import type { ChartLayout, Point } from './layout.ts';
import { LABEL_FONT, LABEL_LINE, STATE_FONT } from './metrics.ts';

export interface StatechartSvgProps {
  readonly layout: ChartLayout;
  /** Unique on the page: prefixes the ids of the title and arrowheads. */
  readonly idPrefix: string;
  /** Accessible name of the drawing (becomes its `<title>`). */
  readonly title: string;
  /** ids of the element(s) that describe it further (a caption, a text list). */
  readonly describedBy?: string;
  /** Active states: the current one and every state enclosing it. */
  readonly active?: ReadonlySet<string>;
  /** The innermost current state(s). */
  readonly current?: ReadonlySet<string>;
  /** Transitions taken at the current step (transition ids). */
  readonly taken?: ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();

function pathOf(points: readonly Point[], curve = false): string {
  if (curve && points.length === 4) {
    const [a, b, c, d] = points as [Point, Point, Point, Point];
    return `M${a.x},${a.y} C${b.x},${b.y} ${c.x},${c.y} ${d.x},${d.y}`;
  }
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');
}

export function StatechartSvg(props: StatechartSvgProps) {
  const { layout, idPrefix, title } = props;
  const active = props.active ?? NONE;
  const current = props.current ?? NONE;
  const taken = props.taken ?? NONE;
  const arrow = `${idPrefix}-arrow`;
  const arrowOn = `${idPrefix}-arrow-on`;
  const titleId = `${idPrefix}-title`;
  return (
    <svg
      class="sc-svg"
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width={layout.width}
      height={layout.height}
      role="img"
      aria-labelledby={titleId}
      {...(props.describedBy ? { 'aria-describedby': props.describedBy } : {})}
      data-machine={layout.machine}
    >
      <title id={titleId}>{title}</title>
      <defs>
        <ArrowHead id={arrow} class="sc-arrowhead" />
        <ArrowHead id={arrowOn} class="sc-arrowhead sc-arrowhead--on" />
      </defs>
      {layout.states.map((s) => {
        const cls = [
          'sc-state',
          s.container ? 'sc-state--container' : '',
          s.pseudo ? 'sc-state--any' : '',
          active.has(s.id) ? 'sc-state--active' : '',
          current.has(s.id) ? 'sc-state--current' : '',
        ]
          .filter(Boolean)
          .join(' ');
        return (
          <g key={s.id} class={cls} {...(s.pseudo ? { 'data-pseudo': 'any' } : { 'data-state': s.id })}>
            <title>{s.pseudo ? 'any state: the machine’s own transitions' : s.id}</title>
            <rect x={s.x} y={s.y} width={s.w} height={s.h} rx={s.container ? 10 : 8} class="sc-box" />
            {s.kind === 'final' && (
              <rect x={s.x + 3} y={s.y + 3} width={s.w - 6} height={s.h - 6} rx={6} class="sc-box sc-box--inner" />
            )}
            <text
              x={s.container ? s.x + 12 : s.x + s.w / 2}
              y={s.container ? s.y + 18 : s.y + s.h / 2 + STATE_FONT * 0.36}
              text-anchor={s.container ? 'start' : 'middle'}
              class="sc-name"
              font-size={STATE_FONT}
            >
              {s.label}
            </text>
          </g>
        );
      })}
      {layout.initials.map((m) => (
        <circle key={`dot:${m.target}`} cx={m.x} cy={m.y} r={5} class="sc-initial" />
      ))}
      {layout.edges.map((e) => {
        const on = e.transitions.some((t) => taken.has(t));
        const init = e.id.startsWith('init:');
        return (
          <g
            key={e.id}
            class={`sc-edge${on ? ' sc-edge--taken' : ''}${init ? ' sc-edge--init' : ''}`}
            data-transition={init ? undefined : e.transitions.join(' ')}
          >
            <path d={pathOf(e.points, e.curve)} class="sc-line" marker-end={`url(#${on ? arrowOn : arrow})`} />
            {e.label && (
              <g class="sc-label">
                <rect
                  x={e.label.x - 1}
                  y={e.label.y}
                  width={e.label.w + 2}
                  height={e.label.lines.length * LABEL_LINE + 2}
                  rx={3}
                  class="sc-label-bg"
                />
                {e.label.lines.map((line, i) => (
                  <text
                    key={i}
                    x={e.label!.x + e.label!.w / 2}
                    y={e.label!.y + (i + 1) * LABEL_LINE - 2}
                    text-anchor="middle"
                    font-size={LABEL_FONT}
                    class={line.startsWith('[') ? 'sc-guard' : 'sc-event'}
                  >
                    {line}
                  </text>
                ))}
              </g>
            )}
          </g>
        );
      })}
    </svg>
  );
}

/** An arrowhead sized in user space, so a highlighted (thicker) arrow keeps a normal head. */
function ArrowHead(props: { readonly id: string; readonly class: string }) {
  return (
    <marker
      id={props.id}
      viewBox="0 0 10 10"
      refX="9"
      refY="5"
      markerUnits="userSpaceOnUse"
      markerWidth="9"
      markerHeight="9"
      orient="auto"
    >
      <path d="M0,0 L10,5 L0,10 z" class={props.class} />
    </marker>
  );
}
