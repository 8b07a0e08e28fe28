/**
 * The fault injector: crash or restart a node, isolate one or heal the
 * partition, slow or restore a link, skew a clock, crash a CDC consumer — at
 * the current virtual time. Offers only the families the lesson allows; the
 * run hook recomputes the run from the same seed with the fault added.
 */
import { useState } from 'preact/hooks';
import type { NodeId } from '../../../engine/trace/events.ts';
import type { ViewState } from '../model/fold.ts';
import { describeFault, type Fault, type FaultKind } from '../model/faults.ts';
import { isNodeId } from '../model/hash.ts';
import { formatMs } from '../model/narrate.ts';

export interface FaultPanelProps {
  readonly allowed: ReadonlySet<FaultKind>;
  readonly nodes: readonly NodeId[];
  readonly consumers: readonly string[];
  readonly state: ViewState;
  readonly now: number;
  readonly faults: readonly Fault[];
  readonly disabled: boolean;
  readonly onInject: (f: Fault) => void;
  readonly onClear: () => void;
}

export function FaultPanel({
  allowed,
  nodes,
  consumers,
  state,
  now,
  faults,
  disabled,
  onInject,
  onClear,
}: FaultPanelProps) {
  const [slowPair, setSlowPair] = useState(0);
  const [factor, setFactor] = useState(5);
  const [skewNode, setSkewNode] = useState(nodes[0] ?? '');
  const [skewMs, setSkewMs] = useState('50');
  const pairs: [NodeId, NodeId][] = [];
  for (let i = 0; i < nodes.length; i++)
    for (let j = i + 1; j < nodes.length; j++) pairs.push([nodes[i] as NodeId, nodes[j] as NodeId]);
  const at = Math.round(now * 1000) / 1000;
  const slowed = Object.keys(state.slowLinks);
  return (
    <fieldset class="sim-faults" disabled={disabled}>
      <legend>Inject a fault at t={formatMs(now)} (the run is recomputed from the same seed)</legend>
      {(allowed.has('crash') || allowed.has('restart')) && (
        <div class="sim-fault-row">
          {nodes.map((id) => {
            const up = state.nodes[id]?.up ?? true;
            if (up && allowed.has('crash'))
              return (
                <button key={id} type="button" onClick={() => onInject({ kind: 'crash', node: id, at })}>
                  Crash {id}
                </button>
              );
            if (!up && allowed.has('restart'))
              return (
                <button key={id} type="button" onClick={() => onInject({ kind: 'restart', node: id, at })}>
                  Restart {id}
                </button>
              );
            return null;
          })}
        </div>
      )}
      {allowed.has('partition') && (
        <div class="sim-fault-row">
          {state.partition ? (
            <button type="button" onClick={() => onInject({ kind: 'heal', at })}>
              Heal partition
            </button>
          ) : (
            nodes.map((id) => (
              <button
                key={id}
                type="button"
                onClick={() => onInject({ kind: 'partition', at, groups: [[id], nodes.filter((x) => x !== id)] })}
              >
                Isolate {id}
              </button>
            ))
          )}
        </div>
      )}
      {allowed.has('slow') && pairs.length > 0 && (
        <div class="sim-fault-row">
          <label>
            Link{' '}
            <select
              value={String(slowPair)}
              onChange={(e) => setSlowPair(Number((e.currentTarget as HTMLSelectElement).value))}
            >
              {pairs.map(([a, b], i) => (
                <option key={`${a}-${b}`} value={String(i)}>
                  {a} ↔ {b}
                </option>
              ))}
            </select>
          </label>
          <label>
            Factor{' '}
            <select
              value={String(factor)}
              onChange={(e) => setFactor(Number((e.currentTarget as HTMLSelectElement).value))}
            >
              {[2, 5, 10, 50].map((f) => (
                <option key={f} value={String(f)}>
                  ×{f}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            onClick={() => {
              const p = pairs[slowPair];
              if (p) onInject({ kind: 'slow', at, from: p[0], to: p[1], factor });
            }}
          >
            Slow link
          </button>
          {slowed.map((k) => {
            const [a, b] = k.split('->');
            if (!a || !b || !isNodeId(a) || !isNodeId(b)) return null;
            return (
              <button key={k} type="button" onClick={() => onInject({ kind: 'slow', at, from: a, to: b, factor: 1 })}>
                Restore {a} ↔ {b}
              </button>
            );
          })}
        </div>
      )}
      {allowed.has('skew') && (
        <div class="sim-fault-row">
          <label>
            Clock of{' '}
            <select value={skewNode} onChange={(e) => setSkewNode((e.currentTarget as HTMLSelectElement).value)}>
              {nodes.map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            </select>
          </label>
          <label>
            Offset (ms){' '}
            <input
              type="number"
              step={1}
              min={-100000}
              max={100000}
              value={skewMs}
              onInput={(e) => setSkewMs((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <button
            type="button"
            onClick={() => {
              const ms = Number(skewMs);
              if (Number.isFinite(ms) && Math.abs(ms) <= 100000 && isNodeId(skewNode))
                onInject({ kind: 'skew', at, node: skewNode, ms: Math.round(ms) });
            }}
          >
            Skew clock
          </button>
        </div>
      )}
      {allowed.has('crash-consumer') && consumers.length > 0 && (
        <div class="sim-fault-row">
          {consumers.filter(isNodeId).map((c) => (
            <button key={c} type="button" onClick={() => onInject({ kind: 'crash-consumer', at, consumer: c })}>
              Crash consumer {c}
            </button>
          ))}
        </div>
      )}
      {faults.length > 0 && (
        <div class="sim-fault-row sim-fault-list">
          <span>Injected: {faults.map(describeFault).join('; ')}</span>
          <button type="button" onClick={onClear}>
            Clear injected faults
          </button>
        </div>
      )}
    </fieldset>
  );
}
