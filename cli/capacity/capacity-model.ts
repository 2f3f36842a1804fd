/*
 * From a week of hourly counts to rates, Lambda concurrency and queue backlog.
 *
 * An hour's count becomes a rate as count / 3600 (its mean events per second). Within an hour
 * webhooks come in bursts, so the busiest second is taken as the busiest hour's mean rate
 * × peakFactor. Concurrency follows Little's law (concurrency = rate × duration).
 */
import { CapacityAssumptions } from './assumptions';
import { DAYS, Heatmap, HOURS_PER_WEEK } from './heatmap';

export const SECONDS_PER_HOUR = 3_600;
/** AWS bills a month as 730 hours. */
export const HOURS_PER_MONTH = 730;

export interface TrafficProfile {
  readonly weeklyEvents: number;
  /** weeklyEvents × 730 / 168. */
  readonly monthlyEvents: number;
  readonly meanEventsPerSecond: number;
  /** 99th percentile (nearest rank) of the 168 hourly mean rates: the 167th smallest. */
  readonly p99HourEventsPerSecond: number;
  readonly busiestHour: { readonly day: string; readonly hour: number; readonly events: number };
  readonly busiestHourEventsPerSecond: number;
  /** busiestHourEventsPerSecond × peakFactor. */
  readonly peakEventsPerSecond: number;
}

export function trafficProfile(heatmap: Heatmap, peakFactor: number): TrafficProfile {
  const counts = heatmap.hourlyCounts;
  const weeklyEvents = counts.reduce((sum, count) => sum + count, 0);
  const sorted = [...counts].sort((a, b) => a - b);
  const p99Index = Math.ceil(0.99 * HOURS_PER_WEEK) - 1;
  const busiest = counts.indexOf(sorted[sorted.length - 1]);
  const busiestHourEventsPerSecond = sorted[sorted.length - 1] / SECONDS_PER_HOUR;
  return {
    weeklyEvents,
    monthlyEvents: (weeklyEvents * HOURS_PER_MONTH) / HOURS_PER_WEEK,
    meanEventsPerSecond: weeklyEvents / (HOURS_PER_WEEK * SECONDS_PER_HOUR),
    p99HourEventsPerSecond: sorted[p99Index] / SECONDS_PER_HOUR,
    busiestHour: { day: DAYS[Math.floor(busiest / 24)], hour: busiest % 24, events: counts[busiest] },
    busiestHourEventsPerSecond,
    peakEventsPerSecond: busiestHourEventsPerSecond * peakFactor,
  };
}

export interface CapacityPlan {
  /** Ingress concurrent executions at the peak second: peak rate × ingress duration. */
  readonly ingressConcurrencyAtPeak: number;
  readonly ingressConcurrencyAtP99: number;
  /** Seconds of worker time per event: its own overhead plus the processor it waits for. */
  readonly workerSecondsPerEvent: number;
  /**
   * Events per second the pipeline drains: maxConcurrency × groupsPerBatch / secondsPerEvent,
   * or the downstream limit when that is lower.
   */
  readonly workerThroughputPerSecond: number;
  /** What bounds the drain rate: the worker's concurrency or the downstream rate limit. */
  readonly drainBoundBy: 'worker concurrency' | 'downstream rate limit';
  /** Worker invocations busy at the peak second (Little's law), capped at maxConcurrency. */
  readonly workerConcurrencyAtPeak: number;
  /** workerThroughput ÷ peak rate: below 1, the peak second queues. */
  readonly peakHeadroom: number;
  /** Events queued per minute while the peak rate lasts (0 when the worker keeps up). */
  readonly backlogGrowthPerMinuteAtPeak: number;
  /** The worst backlog at the end of any hour of the week, hour by hour at the hourly means. */
  readonly maxHourlyBacklogEvents: number;
  /** That backlog ÷ the drain rate: roughly the age the oldest message reaches. */
  readonly maxBacklogAgeSeconds: number;
  readonly hoursWithBacklog: number;
}

export function capacityPlan(heatmap: Heatmap, traffic: TrafficProfile, a: CapacityAssumptions): CapacityPlan {
  const workerSecondsPerEvent = (a.workerOverheadMs + a.processorDurationMs) / 1000;
  const concurrencyBound = (a.workerMaxConcurrency * a.groupsPerBatch) / workerSecondsPerEvent;
  const downstreamBound = a.downstreamEventsPerSecond > 0 ? a.downstreamEventsPerSecond : Infinity;
  const workerThroughputPerSecond = Math.min(concurrencyBound, downstreamBound);
  const perHourCapacity = workerThroughputPerSecond * SECONDS_PER_HOUR;
  let backlog = 0;
  let maxBacklog = 0;
  let hoursWithBacklog = 0;
  // Two passes over the week: a backlog left on Sunday night carries into Monday.
  for (const count of [...heatmap.hourlyCounts, ...heatmap.hourlyCounts]) {
    backlog = Math.max(0, backlog + count - perHourCapacity);
    maxBacklog = Math.max(maxBacklog, backlog);
  }
  for (const count of heatmap.hourlyCounts) {
    backlog = Math.max(0, backlog + count - perHourCapacity);
    if (backlog > 0) hoursWithBacklog++;
  }
  return {
    ingressConcurrencyAtPeak: (traffic.peakEventsPerSecond * a.ingressDurationMs) / 1000,
    ingressConcurrencyAtP99: (traffic.p99HourEventsPerSecond * a.ingressDurationMs) / 1000,
    workerSecondsPerEvent,
    workerThroughputPerSecond,
    drainBoundBy: downstreamBound < concurrencyBound ? 'downstream rate limit' : 'worker concurrency',
    workerConcurrencyAtPeak: Math.min(a.workerMaxConcurrency, (traffic.peakEventsPerSecond * workerSecondsPerEvent) / a.groupsPerBatch),
    peakHeadroom: traffic.peakEventsPerSecond === 0 ? Infinity : workerThroughputPerSecond / traffic.peakEventsPerSecond,
    backlogGrowthPerMinuteAtPeak: Math.max(0, traffic.peakEventsPerSecond - workerThroughputPerSecond) * 60,
    maxHourlyBacklogEvents: maxBacklog,
    maxBacklogAgeSeconds: maxBacklog / workerThroughputPerSecond,
    hoursWithBacklog,
  };
}
