/**
 * A pretty-printed value from the runner (`Inspected`): primitives inline,
 * objects / arrays / maps / sets as native <details> (keyboard and screen-reader
 * friendly). The top level starts open. A closed branch renders no children
 * until it is opened, so a big value costs the page only what the learner
 * expands (the worker has already bounded the tree, see runner/bounds.ts).
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Inspected } from '../../runner/protocol.ts';
import { formatInline } from '../../runner/inspect.ts';

function Leaf({ x }: { x: Inspected }) {
  switch (x.t) {
    case 'string':
      return (
        <span class="nb-v-str">
          {JSON.stringify(x.v)}
          {x.truncated ? <span class="nb-v-muted"> … {x.truncated} more characters</span> : null}
        </span>
      );
    case 'number':
    case 'bigint':
      return <span class="nb-v-num">{x.v}</span>;
    case 'boolean':
      return <span class="nb-v-bool">{String(x.v)}</span>;
    case 'null':
    case 'undefined':
      return <span class="nb-v-muted">{x.t}</span>;
    default:
      return <span class="nb-v-other">{formatInline(x)}</span>;
  }
}

function isBranch(x: Inspected): boolean {
  return (
    (x.t === 'array' && x.items.length > 0) ||
    (x.t === 'object' && x.entries.length > 0) ||
    (x.t === 'map' && x.entries.length > 0) ||
    (x.t === 'set' && x.items.length > 0)
  );
}

function head(x: Inspected): string {
  switch (x.t) {
    case 'array':
      return `Array(${x.length})`;
    case 'object':
      return `${x.ctor ?? 'Object'} {${x.entries.length + x.more}}`;
    case 'map':
      return `Map(${x.size})`;
    case 'set':
      return `Set(${x.size})`;
    default:
      return '';
  }
}

function Row({ k, children }: { k: ComponentChildren; children: ComponentChildren }) {
  return (
    <li>
      <span class="nb-v-key">{k}</span>: {children}
    </li>
  );
}

export function ValueView({ x, open = false }: { x: Inspected; open?: boolean }) {
  const [shown, setShown] = useState(open);
  if (!isBranch(x)) return <Leaf x={x} />;
  const preview = formatInline(x, 80);
  return (
    <details
      class="nb-v-branch"
      open={open}
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open) setShown(true);
      }}
    >
      <summary>
        <span class="nb-v-head">{head(x)}</span>
        <span class="nb-v-preview">{preview}</span>
      </summary>
      {shown ? <Rows x={x} /> : null}
    </details>
  );
}

function Rows({ x }: { x: Inspected }) {
  const more = 'more' in x && x.more > 0 ? <li class="nb-v-muted">… {x.more} more</li> : null;
  let rows: ComponentChildren;
  if (x.t === 'array' || x.t === 'set')
    rows = x.items.map((it, i) => (
      <Row k={i}>
        <ValueView x={it} />
      </Row>
    ));
  else if (x.t === 'object')
    rows = x.entries.map(([k, v]) => (
      <Row k={k}>
        <ValueView x={v} />
      </Row>
    ));
  else if (x.t === 'map')
    rows = x.entries.map(([k, v], i) => (
      <Row k={formatInline(k, 60)} key={i}>
        <ValueView x={v} />
      </Row>
    ));
  return (
    <ul>
      {rows}
      {more}
    </ul>
  );
}
