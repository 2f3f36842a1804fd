/*
 * What a ReconciliationSweep adds to the bill: EventBridge Scheduler invocations, the sweep Lambda,
 * its DynamoDB reads (one received check per candidate) and cursor/limiter writes, its metrics,
 * alarms and logs, and the calls it makes to your source's API (free, but taken from its rate budget).
 * Nothing when --sweep-interval-minutes is 0 (no sweep, the construct's default).
 */
import { CapacityAssumptions } from './assumptions';
import { HOURS_PER_MONTH } from './capacity-model';
import type { CostInput, CostLine } from './cost-lines';
import { SWEEP_METRICS } from '../../src/contract';

const MINUTES_PER_MONTH = HOURS_PER_MONTH * 60;
/** ReconciliationSweep's default overlap: each window re-lists the previous one's last minute. */
export const SWEEP_OVERLAP_MINUTES = 1;
/** The sweep's EMF metrics (SWEEP_METRICS), published on every run, traffic or not. */
export const SWEEP_CUSTOM_METRICS = Object.keys(SWEEP_METRICS).length;
/** Metrics its three alarms evaluate: recovered, not running, and the failing alarm's two (SweepErrors + Lambda Errors). */
export const SWEEP_ALARM_METRICS = 4;
/** Per run: the START/END/REPORT lines, the run summary, the EMF line (recovered events add one line each). */
const SWEEP_LOG_BYTES_PER_RUN = 1_500;
/** The source API's budget the page calls are measured against: Richpanel's 50 requests per 30 s. */
const SOURCE_REQUESTS_PER_30_SECONDS = 50;

const fmt = (count: number) => Math.round(count).toLocaleString('en-US');
const GIB = 1024 ** 3;

export interface SweepVolume {
  readonly runs: number;
  readonly candidatesPerRun: number;
  readonly pagesPerRun: number;
  readonly apiCalls: number;
  /** Share (0 to 1) of the source's monthly request budget the pages use. */
  readonly budgetShare: number;
}

/** Runs, candidates and pages a month, when every webhook is one item the sweep lists once (plus the overlap). */
export function sweepVolume(monthlyEvents: number, a: CapacityAssumptions): SweepVolume {
  const runs = MINUTES_PER_MONTH / a.sweepIntervalMinutes;
  const candidatesPerRun = (monthlyEvents / runs) * ((a.sweepIntervalMinutes + SWEEP_OVERLAP_MINUTES) / a.sweepIntervalMinutes);
  // An empty window still costs the first page.
  const pagesPerRun = Math.max(1, Math.ceil(candidatesPerRun / a.sweepPageSize));
  const apiCalls = runs * pagesPerRun;
  return { runs, candidatesPerRun, pagesPerRun, apiCalls, budgetShare: apiCalls / ((MINUTES_PER_MONTH * 60 / 30) * SOURCE_REQUESTS_PER_30_SECONDS) };
}

export function sweepLines(i: CostInput): CostLine[] {
  const { assumptions: a, prices } = i;
  if (a.sweepIntervalMinutes <= 0) return [];
  const v = sweepVolume(i.monthlyEvents, a);
  const gbSeconds = v.runs * (a.sweepDurationMs / 1000) * (a.sweepMemoryMb / 1024);
  const readUnits = v.runs * v.candidatesPerRun;
  // Per run: the lease claim and release, one cursor save and one limiter acquire per page.
  const writeUnits = v.runs * (2 + 2 * v.pagesPerRun);
  const logGb = (v.runs * SWEEP_LOG_BYTES_PER_RUN) / GIB;
  return [
    {
      component: 'EventBridge Scheduler (sweep)',
      variableUsd: 0,
      fixedUsd: (v.runs / 1_000_000) * prices.schedulerPerMillionInvocations,
      basis: `${fmt(v.runs)} invocations (every ${a.sweepIntervalMinutes} min) × $${prices.schedulerPerMillionInvocations}/M`,
    },
    {
      component: 'Lambda sweep (arm64)',
      variableUsd: 0,
      fixedUsd: (v.runs / 1_000_000) * prices.lambdaPerMillionRequests + gbSeconds * prices.lambdaArmPerGbSecond,
      basis: `${fmt(v.runs)} invocations × $${prices.lambdaPerMillionRequests}/M + ${gbSeconds.toLocaleString('en-US', { maximumFractionDigits: 2 })} GB-s (${a.sweepDurationMs} ms, ${a.sweepMemoryMb} MiB)`,
    },
    {
      component: 'DynamoDB (sweep)',
      variableUsd: (readUnits / 1_000_000) * prices.dynamoDbPerMillionReadRequestUnits,
      fixedUsd: (writeUnits / 1_000_000) * prices.dynamoDbPerMillionWriteRequestUnits,
      basis: `${fmt(readUnits)} RRU (a received check per candidate, ${v.candidatesPerRun.toFixed(1)} per run) + ${fmt(writeUnits)} WRU (cursor, lease, limiter)`,
    },
    {
      component: 'CloudWatch (sweep)',
      variableUsd: 0,
      fixedUsd: SWEEP_CUSTOM_METRICS * prices.cloudWatchCustomMetricPerMonth + SWEEP_ALARM_METRICS * prices.cloudWatchAlarmPerMonth
        + logGb * (prices.cloudWatchLogsIngestPerGb + prices.cloudWatchLogsStoragePerGbMonth),
      basis: `${SWEEP_CUSTOM_METRICS} EMF metrics, 3 alarms on ${SWEEP_ALARM_METRICS} metrics, ${(logGb * 1024).toFixed(1)} MB of logs`,
    },
    {
      component: 'Source API calls (sweep)',
      variableUsd: 0,
      fixedUsd: 0,
      basis: `${fmt(v.apiCalls)} listing pages a month (${v.pagesPerRun} per run of ${a.sweepPageSize}), `
        + `${(v.budgetShare * 100).toFixed(2)}% of a ${SOURCE_REQUESTS_PER_30_SECONDS} requests / 30 s budget; no charge`,
    },
  ];
}
