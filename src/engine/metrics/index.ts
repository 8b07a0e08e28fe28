/**
 * The metrics: pure functions from a trace to numbers and series, for the
 * simulation panels, experiments, quiz keys and service-level grading.
 *
 * ```ts
 * import { metrics } from '../engine/metrics/index.ts';
 * const { p99 } = metrics.commitLatency(trace);
 * ```
 */
import { availability } from './availability.ts';
import { distribution, percentile } from './distribution.ts';
import { followerLag, maxFollowerLag } from './follower-lag.ts';
import { commitLatency, commitLatencySamples, latency, latencySamples, readLatency } from './latency.ts';
import { messagesPerOperation } from './messages-per-operation.ts';
import { readRouting } from './read-routing.ts';
import { rpo } from './rpo.ts';
import { rto } from './rto.ts';
import { staleReadRate } from './stale-read-rate.ts';
import { summary } from './summary.ts';
import { throughput } from './throughput.ts';

export const metrics = {
  commitLatency,
  commitLatencySamples,
  readLatency,
  latency,
  latencySamples,
  followerLag,
  maxFollowerLag,
  staleReadRate,
  messagesPerOperation,
  availability,
  rpo,
  rto,
  throughput,
  readRouting,
  summary,
  distribution,
  percentile,
} as const;

export type { Availability, AvailabilityOptions, AvailabilityWindow } from './availability.ts';
export type { Distribution } from './distribution.ts';
export type { FollowerLagOptions, LagPoint } from './follower-lag.ts';
export type { LatencyOptions, OperationLatency } from './latency.ts';
export type { MessagesPerOperation } from './messages-per-operation.ts';
export type { ReadRouting } from './read-routing.ts';
export type { Rpo } from './rpo.ts';
export type { Outage, Rto } from './rto.ts';
export type { StaleReadRate } from './stale-read-rate.ts';
export type { Summary } from './summary.ts';
export type { Throughput, ThroughputOptions, ThroughputWindow } from './throughput.ts';
