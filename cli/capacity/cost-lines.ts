/*
 * One function per billed component: its monthly cost, split into the part that grows with
 * the number of webhooks and the fixed part, with the arithmetic spelled out.
 * First-tier list prices, no free tier, no data transfer.
 */
import { CapacityAssumptions } from './assumptions';
import { HOURS_PER_MONTH, SECONDS_PER_HOUR } from './capacity-model';
import { ACCESS_LOG_BYTES } from './log-volume';
import { Prices } from './pricing';

export type ApiKind = 'REST' | 'HTTP';

export interface CostLine {
  readonly component: string;
  /** USD a month that scales with the number of webhooks. */
  readonly variableUsd: number;
  /** USD a month whatever the traffic. */
  readonly fixedUsd: number;
  /** The arithmetic, in words and numbers. */
  readonly basis: string;
}

export interface CostInput {
  readonly monthlyEvents: number;
  readonly apiKind: ApiKind;
  readonly assumptions: CapacityAssumptions;
  readonly prices: Prices;
  /** Ingress execution environments kept warm (each re-reads the secret every cache period). */
  readonly warmIngressInstances: number;
}

export const MILLION = 1_000_000;
const GIB = 1024 ** 3;
const SQS_CHUNK_BYTES = 64 * 1024;
const HTTP_API_CHUNK_BYTES = 512 * 1024;
/** Lambda's SQS pollers long-poll for 20 s when the queue is empty. */
const LONG_POLL_SECONDS = 20;
/** DynamoDB deletes expired items "typically within 48 hours": they are stored meanwhile. */
const TTL_LAG_DAYS = 2;
const SECONDS_PER_MONTH = HOURS_PER_MONTH * SECONDS_PER_HOUR;

const perMillion = (count: number, usd: number) => (count / MILLION) * usd;
/** A count of requests, invocations or units (a month is 730/168 weeks, so counts are not whole). */
const fmt = (count: number) => Math.round(count).toLocaleString('en-US');
/** GB and GB-s, to two decimals. */
const gb = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 2 });

export function apiLine(i: CostInput): CostLine {
  const { monthlyEvents: events, prices, assumptions: a } = i;
  if (i.apiKind === 'REST') {
    return {
      component: 'API Gateway (REST)',
      variableUsd: perMillion(events, prices.apiGatewayRestPerMillionRequests),
      fixedUsd: 0,
      basis: `${fmt(events)} requests × $${prices.apiGatewayRestPerMillionRequests}/M`,
    };
  }
  const chunks = Math.ceil(a.eventBytes / HTTP_API_CHUNK_BYTES);
  return {
    component: 'API Gateway (HTTP)',
    variableUsd: perMillion(events * chunks, prices.apiGatewayHttpPerMillionRequests),
    fixedUsd: 0,
    basis: `${fmt(events)} requests × ${chunks} × 512 KB unit × $${prices.apiGatewayHttpPerMillionRequests}/M`,
  };
}

export function wafLine(i: CostInput): CostLine | undefined {
  if (!i.assumptions.waf) return undefined;
  const { prices } = i;
  if (i.apiKind === 'HTTP') return { component: 'AWS WAF', variableUsd: 0, fixedUsd: 0, basis: 'not available on HTTP APIs' };
  return {
    component: 'AWS WAF',
    variableUsd: perMillion(i.monthlyEvents, prices.wafPerMillionRequests),
    fixedUsd: prices.wafWebAclPerMonth + prices.wafRulePerMonth,
    basis: `web ACL $${prices.wafWebAclPerMonth} + 1 rule $${prices.wafRulePerMonth} + requests × $${prices.wafPerMillionRequests}/M`,
  };
}

interface Provisioned {
  readonly count: number;
  readonly memoryMb: number;
}

export function lambdaLine(component: string, invocations: number, gbSeconds: number, prices: Prices, provisioned?: Provisioned): CostLine {
  const requests = perMillion(invocations, prices.lambdaPerMillionRequests);
  if (provisioned && provisioned.count > 0) {
    // Traffic that fits the provisioned environments is billed at the lower provisioned duration price.
    const configuredGbSeconds = provisioned.count * (provisioned.memoryMb / 1024) * SECONDS_PER_MONTH;
    return {
      component,
      variableUsd: requests + gbSeconds * prices.lambdaArmProvisionedDurationPerGbSecond,
      fixedUsd: configuredGbSeconds * prices.lambdaArmProvisionedPerGbSecond,
      basis: `${fmt(invocations)} invocations, ${gb(gbSeconds)} GB-s on ${provisioned.count} provisioned (${gb(configuredGbSeconds)} GB-s configured)`,
    };
  }
  return {
    component,
    variableUsd: requests + gbSeconds * prices.lambdaArmPerGbSecond,
    fixedUsd: 0,
    basis: `${fmt(invocations)} invocations × $${prices.lambdaPerMillionRequests}/M + ${gb(gbSeconds)} GB-s × $${prices.lambdaArmPerGbSecond}`,
  };
}

export function lambdaLines(i: CostInput): CostLine[] {
  const { monthlyEvents: events, assumptions: a, prices } = i;
  const workerInvocations = events / a.eventsPerWorkerInvocation;
  // Groups of a batch run side by side, so a batch lasts (events / groups) × time per event.
  const workerParallel = Math.min(a.groupsPerBatch, a.eventsPerWorkerInvocation);
  const ingress = lambdaLine('Lambda ingress (arm64)', events, events * (a.ingressDurationMs / 1000) * (a.ingressMemoryMb / 1024), prices,
    { count: a.ingressProvisionedConcurrency, memoryMb: a.ingressMemoryMb });
  // In both modes the worker's clock runs while the processor does: in-process it is the processor, separate it waits for it.
  const worker = lambdaLine(`Lambda worker (arm64, ${a.processorMode})`, workerInvocations,
    ((events * (a.workerOverheadMs + a.processorDurationMs)) / 1000 / workerParallel) * (a.workerMemoryMb / 1024), prices);
  if (a.processorMode === 'in-process') return [ingress, worker];
  return [
    ingress,
    worker,
    lambdaLine('Lambda processor (yours)', events, events * (a.processorDurationMs / 1000) * (a.processorMemoryMb / 1024), prices),
  ];
}

export function sqsLine(i: CostInput): CostLine {
  const { monthlyEvents: events, assumptions: a, prices } = i;
  const invocations = events / a.eventsPerWorkerInvocation;
  const sends = events * Math.ceil(a.eventBytes / SQS_CHUNK_BYTES);
  const receives = invocations * Math.ceil((a.eventsPerWorkerInvocation * a.eventBytes) / SQS_CHUNK_BYTES);
  const deletes = invocations;
  const idlePolls = a.idlePollers * (SECONDS_PER_MONTH / LONG_POLL_SECONDS);
  return {
    component: 'SQS FIFO',
    variableUsd: perMillion(sends + receives + deletes, prices.sqsFifoPerMillionRequests),
    fixedUsd: perMillion(idlePolls, prices.sqsFifoPerMillionRequests),
    basis: `${fmt(sends)} sends + ${fmt(receives)} receives + ${fmt(deletes)} deletes + ${fmt(idlePolls)} empty polls × $${prices.sqsFifoPerMillionRequests}/M`,
  };
}

export function dynamoLine(i: CostInput): CostLine {
  const { monthlyEvents: events, assumptions: a, prices } = i;
  const writeUnits = events * (a.dynamoWritesPerEvent + a.rateLimitAcquiresPerEvent) * Math.ceil(a.recordBytes / 1024);
  const readUnits = events * a.dynamoReadsPerEvent * Math.ceil(a.recordBytes / 4096);
  const eventsPerDay = events / (HOURS_PER_MONTH / 24);
  const storedGb = (eventsPerDay * (a.idempotencyTtlDays + TTL_LAG_DAYS) * a.recordBytes) / GIB;
  const requestsUsd = perMillion(writeUnits, prices.dynamoDbPerMillionWriteRequestUnits)
    + perMillion(readUnits, prices.dynamoDbPerMillionReadRequestUnits);
  return {
    component: 'DynamoDB on-demand',
    variableUsd: requestsUsd + storedGb * (prices.dynamoDbStoragePerGbMonth + prices.dynamoDbPitrPerGbMonth),
    fixedUsd: 0,
    basis: `${fmt(writeUnits)} WRU + ${fmt(readUnits)} RRU; ${gb(storedGb)} GB stored (${a.idempotencyTtlDays} + ${TTL_LAG_DAYS} days) with PITR`,
  };
}

/** Log ingestion and a month's storage; `accessLogBytes` is the stage's line per request (none without an API Gateway stage). */
export function logsLine(i: CostInput, accessLogBytes: number = ACCESS_LOG_BYTES[i.apiKind]): CostLine {
  const { monthlyEvents: events, assumptions: a, prices } = i;
  const bytesPerEvent = a.logBytesPerEvent + accessLogBytes;
  const ingestedGb = (events * bytesPerEvent) / GIB;
  return {
    component: 'CloudWatch Logs',
    variableUsd: ingestedGb * (prices.cloudWatchLogsIngestPerGb + prices.cloudWatchLogsStoragePerGbMonth),
    fixedUsd: 0,
    basis: `${fmt(events)} × (${a.logBytesPerEvent} B handlers + ${accessLogBytes} B access log) = ${gb(ingestedGb)} GB ingested × `
      + `$${prices.cloudWatchLogsIngestPerGb} + kept a month × $${prices.cloudWatchLogsStoragePerGbMonth}`,
  };
}

export function metricsLine(i: CostInput): CostLine {
  const { assumptions: a, prices } = i;
  // Custom metrics are metered only in hours they are published: with no webhook, none is.
  const metrics = i.monthlyEvents > 0 ? a.customMetrics : 0;
  return {
    component: 'CloudWatch custom metrics',
    variableUsd: 0,
    fixedUsd: metrics * prices.cloudWatchCustomMetricPerMonth,
    basis: `${metrics} EMF metrics published every hour × $${prices.cloudWatchCustomMetricPerMonth} (outcome counts only in hours they happen)`,
  };
}

export function alarmsLine(i: CostInput): CostLine | undefined {
  const { assumptions: a, prices } = i;
  if (a.alarmMetrics === 0) return undefined;
  return {
    component: 'CloudWatch alarms',
    variableUsd: 0,
    fixedUsd: a.alarmMetrics * prices.cloudWatchAlarmPerMonth + prices.cloudWatchCompositeAlarmPerMonth,
    basis: `${a.alarmMetrics} alarm metrics × $${prices.cloudWatchAlarmPerMonth} + 1 composite × $${prices.cloudWatchCompositeAlarmPerMonth}`,
  };
}

export function dashboardLine(i: CostInput): CostLine | undefined {
  if (!i.assumptions.dashboard) return undefined;
  return {
    component: 'CloudWatch dashboard',
    variableUsd: 0,
    fixedUsd: i.prices.cloudWatchDashboardPerMonth,
    basis: `1 dashboard × $${i.prices.cloudWatchDashboardPerMonth} (free while the account has at most 3)`,
  };
}

export function secretsLine(i: CostInput): CostLine {
  const { assumptions: a, prices } = i;
  // Each warm ingress re-reads AWSCURRENT and AWSPREVIOUS once per cache period.
  const calls = i.warmIngressInstances * ((HOURS_PER_MONTH * 60) / a.secretCacheMinutes) * 2;
  return {
    component: 'Secrets Manager',
    variableUsd: 0,
    fixedUsd: prices.secretsManagerSecretPerMonth + (calls / 10_000) * prices.secretsManagerPer10kCalls,
    basis: `1 secret + ${fmt(calls)} calls (${i.warmIngressInstances} warm ingress × 2 every ${a.secretCacheMinutes} min)`,
  };
}

