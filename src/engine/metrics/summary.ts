/**
 * The headline numbers of one run in one object — what the simulation panel
 * shows under a run and what chapter 9's service-level report compares with
 * the brief. Every field comes from one of the other metric files.
 */
import { history } from '../checkers/support/history.ts';
import type { NodeId, Trace } from '../trace/events.ts';
import { availability } from './availability.ts';
import type { Distribution } from './distribution.ts';
import { maxFollowerLag } from './follower-lag.ts';
import { commitLatency, readLatency } from './latency.ts';
import { messagesPerOperation } from './messages-per-operation.ts';
import { rpo } from './rpo.ts';
import { rto } from './rto.ts';
import { staleReadRate } from './stale-read-rate.ts';
import { throughput } from './throughput.ts';
import { durationOf } from './windows.ts';

export interface Summary {
  readonly seed: number;
  readonly label: string;
  /** Virtual ms from the start to the last event. */
  readonly durationMs: number;
  readonly operations: {
    readonly invoked: number;
    readonly acked: number;
    readonly failed: number;
    readonly indeterminate: number;
    readonly pending: number;
  };
  readonly commitLatency: Distribution;
  readonly readLatency: Distribution;
  /** Acknowledged operations per second of virtual time. */
  readonly throughput: number;
  /** (failed + indeterminate) / completed, or `null`. */
  readonly errorRate: number | null;
  /** acked / invoked, or `null`. */
  readonly availability: number | null;
  readonly staleReadRate: number;
  readonly messagesPerOperation: number | null;
  readonly rpo: { readonly lostWrites: number; readonly windowMs: number };
  readonly rto: { readonly rtoMs: number; readonly outages: number };
  /** Largest lag each follower reached. */
  readonly maxLag: Readonly<Record<NodeId, { readonly lagLsn: number; readonly lagMs: number }>>;
}

/**
 * @example
 * ```ts
 * const s = summary(trace);
 * console.log(`p99 commit ${s.commitLatency.p99} ms, RPO ${s.rpo.lostWrites} writes, RTO ${s.rto.rtoMs} ms`);
 * ```
 */
export function summary(trace: Trace): Summary {
  const ops = history(trace);
  const count = (outcome: string): number => ops.filter((o) => o.outcome === outcome).length;
  const lost = rpo(trace);
  const outage = rto(trace);
  const t = throughput(trace);
  return {
    seed: trace.seed,
    label: trace.label,
    durationMs: durationOf(trace),
    operations: {
      invoked: ops.length,
      acked: count('ack'),
      failed: count('fail'),
      indeterminate: count('info'),
      pending: count('pending'),
    },
    commitLatency: commitLatency(trace),
    readLatency: readLatency(trace),
    throughput: t.overall,
    errorRate: t.errorRate,
    availability: availability(trace).availability,
    staleReadRate: staleReadRate(trace).rate,
    messagesPerOperation: messagesPerOperation(trace).perOperation,
    rpo: { lostWrites: lost.lostWrites, windowMs: lost.windowMs },
    rto: { rtoMs: outage.rtoMs, outages: outage.outages.length },
    maxLag: maxFollowerLag(trace),
  };
}
