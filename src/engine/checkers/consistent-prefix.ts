/**
 * Consistent prefix (causal) reads: a session never sees a write without the
 * writes it causally depended on.
 *
 * Precisely. Write W1 *causally precedes* write W2 (W1 → W2) when, before W2
 * was invoked, W2's session had
 *   (a) had W1 acknowledged as its own write (an earlier write of the same writer), or
 *   (b) read the value written by W1, or
 *   (c) had some W with W1 → W in its past by (a) or (b) — the relation is transitive.
 * A session *sees* W2 when one of its acknowledged reads returns W2's value
 * (values are unique per write; ambiguous values teach nothing and are skipped).
 * From then on, every read by that session of another key that some W1 → W2
 * wrote must return W1 or something newer (write order, `support/versions.ts`).
 *
 * This is Kleppmann's consistent-prefix example: if Mrs Cake's answer was
 * written after she read Mr Poons' question, an observer who has seen the
 * answer must not then find the question missing. Dependencies on the *same*
 * key are left to monotonic reads / read-your-writes so one anomaly is not
 * reported twice under two names.
 */
import type { CheckResult, Trace, Violation } from '../trace/events.ts';
import { describeReadValue, describeWrite } from './support/describe.ts';
import { history, isRegisterWrite, registerKeys } from './support/history.ts';
import type { Operation } from './support/history.ts';
import { compareWrites, readSources, sourceOlderThanWrite, versionIndex } from './support/versions.ts';
import { result, violation } from './support/violation.ts';

export const CONSISTENT_PREFIX = 'consistent-prefix';

/** Per key, the newest writes known to be in a causal past (pairwise unordered). */
type Past = Map<string, Operation[]>;

interface Requirement {
  /** The write that must be visible (W1). */
  readonly dep: Operation;
  /** The write the session saw (W2). */
  readonly cause: Operation;
  /** The read in which it saw it. */
  readonly via: Operation;
}

export interface ConsistentPrefixOptions {
  /** Only judge these sessions. */
  readonly sessions?: readonly string[];
}

/**
 * Flags reads that miss a write which a write the session already saw depended on.
 *
 * @example
 * ```ts
 * const r = consistentPrefix(trace);
 * // [consistent-prefix] seed 5, step 9: Session s3 read answer=yes (op-4) at step 6; op-4 depended on
 * //   write op-1 (question=when), but the session's later read op-5 returned question=nothing ...
 * ```
 */
export function consistentPrefix(trace: Trace, options: ConsistentPrefixOptions = {}): CheckResult {
  const ops = history(trace);
  const index = versionIndex(ops);
  const keys = registerKeys(ops);
  const sessions = options.sessions === undefined ? undefined : new Set(options.sessions);
  const byInvoke = new Map<number, Operation>();
  const byCompletion = new Map<number, Operation>();
  for (const o of ops) {
    if (!keys.has(o.key)) continue;
    byInvoke.set(o.invokeStep, o);
    if (o.outcome === 'ack') byCompletion.set(o.completeStep, o);
  }

  const sessionPast = new Map<string, Past>();
  const depsOf = new Map<Operation, Past>();
  const required = new Map<string, Map<string, Requirement[]>>();
  const violations: Violation[] = [];
  const pastOf = (session: string): Past => {
    const existing = sessionPast.get(session);
    if (existing !== undefined) return existing;
    const fresh: Past = new Map();
    sessionPast.set(session, fresh);
    return fresh;
  };
  const learn = (session: string, write: Operation): void => {
    const past = pastOf(session);
    for (const list of (depsOf.get(write) ?? new Map<string, Operation[]>()).values()) {
      for (const w of list) addToPast(past, w);
    }
    addToPast(past, write);
  };

  for (const event of trace.events) {
    const invoked = event.type === 'invoke' ? byInvoke.get(event.step) : undefined;
    if (invoked !== undefined && isRegisterWrite(invoked)) {
      depsOf.set(invoked, copyPast(pastOf(invoked.session)));
      continue;
    }
    const done = event.type === 'ack' ? byCompletion.get(event.step) : undefined;
    if (done === undefined) continue;
    if (isRegisterWrite(done)) {
      learn(done.session, done);
      continue;
    }
    if (done.kind !== 'read') continue;
    const sources = readSources(index, done);
    const judged = sessions === undefined || sessions.has(done.session);
    // 1. Judge the read against what the session has already seen.
    const needs = required.get(done.session)?.get(done.key) ?? [];
    const broken =
      judged && sources.length > 0
        ? needs.find(
            (n) => n.via.completeStep < done.invokeStep && sources.every((s) => sourceOlderThanWrite(s, n.dep)),
          )
        : undefined;
    if (broken !== undefined) {
      violations.push(
        violation(
          trace,
          CONSISTENT_PREFIX,
          done.completeStep,
          `Session ${done.session} read ${describeReadValue(broken.via)} (${broken.via.op}) at step ${broken.via.completeStep}, ` +
            `a value written by ${broken.cause.op}, which causally depended on ${describeWrite(broken.dep)}; ` +
            `but the session's later read ${done.op} at step ${done.completeStep} returned ${describeReadValue(done)} ` +
            `(from node ${done.node}), older than ${broken.dep.op}: it saw an effect without its cause.`,
          { op: done.op, related: [broken.via.completeStep, broken.cause.invokeStep, broken.dep.completeStep] },
        ),
      );
    }
    // 2. Learn: a uniquely identified write joins the session's past and brings its dependencies as requirements.
    const only = sources.length === 1 ? sources[0] : undefined;
    if (only?.kind !== 'write') continue;
    const cause = only.write;
    learn(done.session, cause);
    // Dependencies of the session's own writes come from its own past, where
    // read-your-writes and monotonic reads already judge it.
    if (cause.session === done.session) continue;
    const perKey = required.get(done.session) ?? new Map<string, Requirement[]>();
    required.set(done.session, perKey);
    for (const [key, list] of depsOf.get(cause) ?? new Map<string, Operation[]>()) {
      if (key === done.key) continue;
      const reqs = perKey.get(key) ?? [];
      for (const dep of list) reqs.push({ dep, cause, via: done });
      perKey.set(key, reqs);
    }
  }
  return result(CONSISTENT_PREFIX, violations);
}

function addToPast(past: Past, write: Operation): void {
  const list = past.get(write.key) ?? [];
  if (list.some((w) => w === write || compareWrites(write, w) === -1)) return;
  past.set(write.key, [...list.filter((w) => compareWrites(w, write) !== -1), write]);
}

function copyPast(past: Past): Past {
  return new Map([...past].map(([k, list]) => [k, [...list]]));
}
