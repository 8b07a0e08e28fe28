/**
 * Lost acknowledged writes, judged the way Jepsen's set-full checker judges a
 * set: compare what the system promised (acknowledged operations) with what
 * it finally holds.
 *
 * - Every acknowledged write / add must be visible at the end. For a register
 *   that means the final value is not older than any acknowledged write (older
 *   writes are legitimately overwritten); for a set (keys updated with `add`)
 *   every acknowledged element must be present.
 * - `info` and pending operations are indeterminate: they may or may not appear,
 *   and are never reported as lost.
 * - `fail` operations definitely did not happen, so their value must never
 *   appear — not in the final state and not in any read. That is reported as
 *   the separate property `failed-write-appeared`.
 *
 * An acknowledged update that carries its log position (LSN and epoch, as in
 * single-leader replication) is judged by the surviving history itself: each
 * judged node's log must hold that entry, the same LSN in the same epoch. A
 * key written again after a failover can show a newer value at the end while
 * the acknowledged write in between is gone from every log; only the log can
 * tell.
 *
 * Other updates are judged by value. "The end" is, per key, the last *final read* — a read made after the key's
 * updates completed and replication went quiet (`support/final-read.ts`) — or,
 * when a key has no final read (or `from: 'state'`), each judged node's final
 * data (last `apply`).
 * Keys updated with `increment` (see `lost-increments.ts`) or `remove` are skipped.
 */
import type { CheckResult, NodeId, Trace, Value, Violation } from '../trace/events.ts';
import { describeReadValue, describeWrite } from './support/describe.ts';
import { finalRead as finalReadOf } from './support/final-read.ts';
import { byKey, history, isRegisterWrite, isUpdate, updateValue } from './support/history.ts';
import type { Operation } from './support/history.ts';
import { finalLeaders, finalState, liveNodesAtEnd } from './support/nodes.ts';
import { finalLogs, hasLogEvents } from './support/logs.ts';
import type { NodeLog } from './support/logs.ts';
import { compareWrites, sourceOlderThanWrite, versionIndex } from './support/versions.ts';
import type { Source, VersionIndex } from './support/versions.ts';
import { elementsOf, formatKeyValue, formatValue, valueKey } from './support/values.ts';
import { result, violation } from './support/violation.ts';
import { capitalise } from './support/describe.ts';

export const LOST_ACKNOWLEDGED_WRITES = 'lost-acknowledged-writes';
export const FAILED_WRITE_APPEARED = 'failed-write-appeared';

export interface LostWritesOptions {
  /**
   * Where the final state comes from: `'reads'` (final reads only), `'state'`
   * (nodes' final applied data only) or `'auto'` (default: final reads for keys
   * that have one, node state for the rest).
   */
  readonly from?: 'auto' | 'reads' | 'state';
  /**
   * Nodes whose final data is judged in state mode. Default: the final leader
   * if the run ends with one, otherwise every node alive at the end. A write is
   * lost if any judged node lacks it.
   */
  readonly nodes?: readonly NodeId[];
  /** Only judge these keys. */
  readonly keys?: readonly string[];
}

/** One place the final state was observed: a final read, or a node's data. */
interface Observation {
  readonly where: string;
  readonly step: number;
  readonly values: readonly (Value | undefined)[];
  readonly op?: string;
}

/**
 * Flags acknowledged writes missing from the final state, and failed writes present in it.
 *
 * @example
 * ```ts
 * const r = lostAcknowledgedWrites(trace, { from: 'state' });
 * // [lost-acknowledged-writes] seed 9, step 88: Write op-14 (gold=7) was acknowledged at step 30,
 * //   but at the end node f1 holds gold=5 (op-11, older): the acknowledged write was lost.
 * ```
 */
export function lostAcknowledgedWrites(trace: Trace, options: LostWritesOptions = {}): CheckResult {
  const ops = history(trace);
  const index = versionIndex(ops);
  const from = options.from ?? 'auto';
  const onlyKeys = options.keys === undefined ? undefined : new Set(options.keys);
  const judgedNodes = options.nodes ?? defaultNodes(trace);
  const state = finalState(trace);
  const logs = hasLogEvents(trace) ? finalLogs(trace) : undefined;
  const lastStep = trace.events.at(-1)?.step ?? 0;
  const violations: Violation[] = [];
  const reportedFailed = new Set<Operation>();

  for (const [key, keyOps] of byKey(ops)) {
    if (onlyKeys !== undefined && !onlyKeys.has(key)) continue;
    const updates = keyOps.filter(isUpdate);
    if (updates.length === 0 || updates.some((u) => u.kind === 'increment' || u.kind === 'remove')) continue;
    const isSet = updates.some((u) => u.kind === 'add');
    if (isSet && updates.some(isRegisterWrite)) continue; // mixed use of a key: no clear semantics to judge

    // Updates with a log position are judged by the logs; the rest by the values observed.
    const logged = logs === undefined ? [] : updates.filter((u) => u.outcome === 'ack' && positionOf(u) !== undefined);
    for (const w of logged) {
      const missing = judgedNodes.filter((n) => !holds(logs?.get(n), w));
      if (missing.length > 0) violations.push(lostFromLogs(trace, w, missing, logs ?? new Map(), lastStep));
    }
    const loggedSet = new Set(logged);
    const byValue = logged.length === 0 ? updates : updates.filter((u) => !loggedSet.has(u));

    const observations: Observation[] = [];
    const finalRead = finalReadOf(trace, key, keyOps, updates);
    if (finalRead !== undefined && from !== 'state') {
      observations.push({
        where: `the final read ${finalRead.op} at step ${finalRead.completeStep} returned ${describeReadValue(finalRead)}`,
        step: finalRead.completeStep,
        values:
          finalRead.siblings !== undefined && finalRead.siblings.length > 0 ? finalRead.siblings : [finalRead.output],
        op: finalRead.op,
      });
    } else if (from !== 'reads') {
      for (const node of judgedNodes) {
        const held = state.get(node)?.get(key);
        observations.push({
          where:
            held === undefined
              ? `at the end node ${node} holds nothing for ${key}`
              : held.siblings !== undefined
                ? `at the end node ${node} holds the concurrent versions ${held.siblings.map((v) => formatValue(v)).join(', ')} of ${key} (applied at step ${held.step})`
                : `at the end node ${node} holds ${formatKeyValue(key, held.value)} (applied at step ${held.step})`,
          step: held?.step ?? lastStep,
          // A node keeping concurrent versions holds all of them, not only the first.
          values: held?.siblings ?? [held?.value],
        });
      }
    }

    // One violation per lost write, naming every judged node that lacks it.
    const missingFrom = new Map<Operation, Observation[]>();
    for (const obs of observations) {
      const missing = isSet ? missingAdds(byValue, obs) : missingWrites(index, key, byValue, obs);
      for (const w of missing) missingFrom.set(w, [...(missingFrom.get(w) ?? []), obs]);
    }
    for (const [w, where] of missingFrom) violations.push(lost(trace, w, where));

    // Failed updates must not show anywhere: in the final observations or in any read.
    const sightings: Observation[] = [
      ...keyOps
        .filter((o) => o.kind === 'read' && o.outcome === 'ack')
        .map((r) => ({
          where: `read ${r.op} by session ${r.session} at step ${r.completeStep} returned ${describeReadValue(r)}`,
          step: r.completeStep,
          values: r.siblings !== undefined && r.siblings.length > 0 ? r.siblings : [r.output],
          op: r.op,
        })),
      ...observations.filter((o) => o.op === undefined),
    ].sort((a, b) => a.step - b.step);
    for (const obs of sightings) {
      const appeared = isSet ? failedAdds(updates, obs) : failedWrites(index, key, obs);
      for (const f of appeared) {
        if (reportedFailed.has(f)) continue;
        reportedFailed.add(f);
        violations.push(
          violation(
            trace,
            FAILED_WRITE_APPEARED,
            obs.step,
            `${capitalise(describeUpdate(f))} failed at step ${f.completeStep} (${failReason(f)}), so it must not take effect, ` +
              `yet ${obs.where}: a write reported as failed appeared.`,
            { op: f.op, related: [f.invokeStep, f.completeStep] },
          ),
        );
      }
    }
  }
  return result(LOST_ACKNOWLEDGED_WRITES, violations);
}

function positionOf(u: Operation): { lsn: number; epoch: number } | undefined {
  return u.lsn === undefined || u.epoch === undefined ? undefined : { lsn: u.lsn, epoch: u.epoch };
}

function holds(log: NodeLog | undefined, w: Operation): boolean {
  const at = positionOf(w);
  return at !== undefined && log?.get(at.lsn) === at.epoch;
}

function lostFromLogs(
  trace: Trace,
  w: Operation,
  missing: readonly NodeId[],
  logs: ReadonlyMap<NodeId, NodeLog>,
  lastStep: number,
): Violation {
  const at = positionOf(w);
  const where = missing.map((n) => {
    const there = at === undefined ? undefined : logs.get(n)?.get(at.lsn);
    return there === undefined
      ? `${n}'s log has no entry at LSN ${at?.lsn}`
      : `${n}'s log has a different entry there (epoch ${there})`;
  });
  return violation(
    trace,
    LOST_ACKNOWLEDGED_WRITES,
    lastStep,
    `${capitalise(describeUpdate(w))} was acknowledged at step ${w.completeStep} as LSN ${at?.lsn} of epoch ${at?.epoch}, ` +
      `but at the end ${where.join(', and ')}: the acknowledged write was lost, whatever value the key shows now.`,
    { op: w.op, related: [w.invokeStep, w.completeStep] },
  );
}

function defaultNodes(trace: Trace): NodeId[] {
  const leaders = finalLeaders(trace);
  return leaders.length > 0 ? leaders : liveNodesAtEnd(trace);
}

/** Acknowledged register writes newer than every version the observation can be. */
function missingWrites(index: VersionIndex, key: string, updates: readonly Operation[], obs: Observation): Operation[] {
  // A failed write never happened, so it cannot explain the value.
  const sources: Source[] = obs.values
    .flatMap((v) => index.sources(key, v))
    .filter((s) => s.kind === 'initial' || s.write.outcome !== 'fail');
  const acked = updates.filter((w) => w.outcome === 'ack');
  if (sources.length === 0) {
    // A value no real write produced: the newest acknowledged writes (those
    // no other acknowledged write superseded) are what should have been there.
    return acked.filter((w) => !acked.some((other) => compareWrites(w, other) === -1));
  }
  return acked.filter((w) => sources.every((s) => sourceOlderThanWrite(s, w)));
}

function missingAdds(updates: readonly Operation[], obs: Observation): Operation[] {
  const present = new Set(obs.values.flatMap((v) => elementsOf(v)).map((e) => valueKey(e)));
  return updates.filter((a) => a.outcome === 'ack' && !present.has(valueKey(updateValue(a))));
}

/** Failed register writes that are the only possible source of an observed value. */
function failedWrites(index: VersionIndex, key: string, obs: Observation): Operation[] {
  const out: Operation[] = [];
  for (const v of obs.values) {
    const sources = index.sources(key, v);
    if (sources.length > 0 && sources.every((s) => s.kind === 'write' && s.write.outcome === 'fail')) {
      for (const s of sources) if (s.kind === 'write') out.push(s.write);
    }
  }
  return out;
}

function failedAdds(updates: readonly Operation[], obs: Observation): Operation[] {
  const present = new Set(obs.values.flatMap((v) => elementsOf(v)).map((e) => valueKey(e)));
  const possible = new Set(updates.filter((a) => a.outcome !== 'fail').map((a) => valueKey(updateValue(a))));
  return updates.filter(
    (a) => a.outcome === 'fail' && present.has(valueKey(updateValue(a))) && !possible.has(valueKey(updateValue(a))),
  );
}

function lost(trace: Trace, w: Operation, where: readonly Observation[]): Violation {
  const step = Math.max(...where.map((o) => o.step));
  return violation(
    trace,
    LOST_ACKNOWLEDGED_WRITES,
    step,
    `${capitalise(describeUpdate(w))} was acknowledged at step ${w.completeStep}, but ${where.map((o) => o.where).join(', and ')}` +
      `${w.kind === 'add' ? ' without it' : ''}: the acknowledged write was lost.`,
    { op: w.op, related: [w.invokeStep, w.completeStep, ...where.map((o) => o.step)] },
  );
}

function describeUpdate(u: Operation): string {
  return u.kind === 'add' ? `add ${u.op} (${formatValue(u.input)} to ${u.key})` : describeWrite(u);
}

function failReason(u: Operation): string {
  const c = u.completion;
  return c !== undefined && c.type === 'fail' ? c.reason : 'failed';
}
