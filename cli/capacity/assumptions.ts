/*
 * The named inputs of the capacity and cost model. Defaults match the construct's defaults
 * (src/pipeline-props.ts: 256 MiB arm64 functions, batch 10, maxConcurrency 5, 22-day TTL,
 * one-month logs at application level INFO and system level WARN, the seven default alarms, no
 * dashboard, no WAF, no provisioned concurrency); log bytes are measured (log-volume.ts); the
 * rest are estimates, each one a flag so a measured value can replace it.
 */
import { HANDLER_LOG_BYTES_PER_EVENT } from './log-volume';

/**
 * in-process: the user's function runs inside the worker (createWorker): one Lambda invocation
 * per batch. separate-processor: the worker invokes a processor Lambda per event and waits for it.
 */
export type ProcessorMode = 'in-process' | 'separate-processor';
export const PROCESSOR_MODES: readonly ProcessorMode[] = ['in-process', 'separate-processor'];

export interface CapacityAssumptions {
  /** Busiest second ÷ mean rate of the busiest hour (webhooks arrive in bursts within an hour). */
  readonly peakFactor: number;
  /** Warm ingress duration per webhook (verify + one SendMessage). */
  readonly ingressDurationMs: number;
  readonly ingressMemoryMb: number;
  /** Provisioned concurrency on the ingress (construct: ingressProvisionedConcurrency). */
  readonly ingressProvisionedConcurrency: number;
  /** Worker time per event besides the processor: claim + complete writes (and the Invoke round trip when separate). */
  readonly workerOverheadMs: number;
  readonly workerMemoryMb: number;
  readonly workerBatchSize: number;
  readonly workerMaxConcurrency: number;
  /**
   * Message groups a worker batch runs side by side (1: a batch is one group, run in order).
   * SQS FIFO fills a batch from one group first, so 1 is the safe figure.
   */
  readonly groupsPerBatch: number;
  /** Events per worker invocation on average (1 when traffic is sparse; up to the batch size under backlog). */
  readonly eventsPerWorkerInvocation: number;
  /**
   * Events per second the processor's outbound rate limits let through (e.g. Richpanel's 50 per
   * 30 s with one call per event: 1.67); 0 when no downstream limit bounds the drain rate.
   */
  readonly downstreamEventsPerSecond: number;
  /** Where your processor runs: in the worker (one invocation per batch) or as its own Lambda. */
  readonly processorMode: ProcessorMode;
  /** Your processor's duration per event; in-process it runs in the worker, separate the worker waits for it (billed in both). */
  readonly processorDurationMs: number;
  readonly processorMemoryMb: number;
  /** Average webhook body: SQS bills each 64 KB chunk, HTTP APIs each 512 KB, as one request. */
  readonly eventBytes: number;
  /** DynamoDB writes per event: the claim and the completion (items under 1 KB: 1 WRU each). */
  readonly dynamoWritesPerEvent: number;
  /** DynamoDB strongly consistent reads per event (the claim reads only on a conflict). */
  readonly dynamoReadsPerEvent: number;
  /** Rate-limiter acquires per event (each one conditional UpdateItem: 1 WRU). */
  readonly rateLimitAcquiresPerEvent: number;
  /** Idempotency record size with DynamoDB's per-item overhead. */
  readonly recordBytes: number;
  /** Idempotency TTL, plus up to 2 days for DynamoDB's TTL deletion lag. */
  readonly idempotencyTtlDays: number;
  /**
   * Log bytes the handlers write per event at the default levels (the ingress's and the worker's
   * audit line, the worker's EMF line; no Lambda START/END/REPORT at system level WARN), measured:
   * log-volume.ts. The stage's access log line is added per API kind.
   */
  readonly logBytesPerEvent: number;
  /**
   * EMF custom metrics published in every hour with traffic (EndToEndLatency). EventAge (only once
   * an event waited a second) and the outcome counts (Duplicate, Failed, ...) are published, and
   * billed, only in the hours they happen.
   */
  readonly customMetrics: number;
  /** Metrics the standard alarms read (each billed $0.10 a month; the seven default alarms read 8), plus one composite alarm. */
  readonly alarmMetrics: number;
  /** The on-call dashboard (construct: dashboardEnabled; free for an account's first three). */
  readonly dashboard: boolean;
  /** Lambda pollers long-polling the queue when it is empty (20 s polls). */
  readonly idlePollers: number;
  /** How long the ingress reuses its secret (construct: secretCacheTtl). */
  readonly secretCacheMinutes: number;
  /** A WAF web ACL with one rate-based rule (REST only; construct: wafRateLimitPerIp). */
  readonly waf: boolean;
  /** X-Ray active tracing (construct: tracingEnabled): one trace per webhook. */
  readonly tracing: boolean;
  /** A ReconciliationSweep's schedule (construct: interval); 0: no sweep (it is opt-in). */
  readonly sweepIntervalMinutes: number;
  /** One sweep run: the page calls, a received check per candidate, the cursor writes. */
  readonly sweepDurationMs: number;
  readonly sweepMemoryMb: number;
  /** Items per page of the source's listing (the example's GET /tickets: 50). */
  readonly sweepPageSize: number;
}

export const DEFAULT_ASSUMPTIONS: CapacityAssumptions = {
  peakFactor: 3,
  ingressDurationMs: 50,
  ingressMemoryMb: 256,
  ingressProvisionedConcurrency: 0,
  workerOverheadMs: 40,
  workerMemoryMb: 256,
  workerBatchSize: 10,
  workerMaxConcurrency: 5,
  groupsPerBatch: 1,
  eventsPerWorkerInvocation: 1,
  downstreamEventsPerSecond: 0,
  processorMode: 'in-process',
  processorDurationMs: 200,
  processorMemoryMb: 256,
  eventBytes: 2_048,
  dynamoWritesPerEvent: 2,
  dynamoReadsPerEvent: 0,
  rateLimitAcquiresPerEvent: 0,
  recordBytes: 400,
  idempotencyTtlDays: 22,
  logBytesPerEvent: HANDLER_LOG_BYTES_PER_EVENT,
  customMetrics: 1,
  alarmMetrics: 8,
  dashboard: false,
  idlePollers: 5,
  secretCacheMinutes: 5,
  waf: false,
  tracing: false,
  sweepIntervalMinutes: 0,
  sweepDurationMs: 1_500,
  sweepMemoryMb: 256,
  sweepPageSize: 50,
};

export type NumericAssumption = Exclude<keyof CapacityAssumptions, 'waf' | 'dashboard' | 'processorMode' | 'tracing'>;

export interface AssumptionFlag {
  readonly key: NumericAssumption;
  readonly flag: string;
  readonly unit: string;
  readonly integer: boolean;
  /** 0 is a meaningful value (e.g. no provisioned concurrency). */
  readonly zeroAllowed: boolean;
}

function flag(key: NumericAssumption, name: string, unit: string, integer = false, zeroAllowed = false): AssumptionFlag {
  return { key, flag: name, unit, integer, zeroAllowed };
}

/** Every numeric assumption as a CLI flag, in the order the report lists them. */
export const ASSUMPTION_FLAGS: readonly AssumptionFlag[] = [
  flag('peakFactor', 'peak-factor', '× the busiest hour\'s mean rate'),
  flag('ingressDurationMs', 'ingress-duration-ms', 'ms per webhook'),
  flag('ingressMemoryMb', 'ingress-memory-mb', 'MiB', true),
  flag('ingressProvisionedConcurrency', 'ingress-provisioned-concurrency', 'environments', true, true),
  flag('workerOverheadMs', 'worker-overhead-ms', 'ms per event'),
  flag('workerMemoryMb', 'worker-memory-mb', 'MiB', true),
  flag('workerBatchSize', 'worker-batch-size', 'records', true),
  flag('workerMaxConcurrency', 'worker-max-concurrency', 'invocations', true),
  flag('groupsPerBatch', 'groups-per-batch', 'groups run side by side'),
  flag('eventsPerWorkerInvocation', 'events-per-worker-invocation', 'events'),
  flag('downstreamEventsPerSecond', 'downstream-events-per-second', 'events/s the outbound limits allow (0: no limit)', false, true),
  flag('processorDurationMs', 'processor-duration-ms', 'ms per event', false, true),
  flag('processorMemoryMb', 'processor-memory-mb', 'MiB', true),
  flag('eventBytes', 'event-bytes', 'bytes', true),
  flag('dynamoWritesPerEvent', 'dynamo-writes-per-event', 'WRU', false, true),
  flag('dynamoReadsPerEvent', 'dynamo-reads-per-event', 'RRU', false, true),
  flag('rateLimitAcquiresPerEvent', 'rate-limit-acquires-per-event', 'WRU', false, true),
  flag('recordBytes', 'record-bytes', 'bytes', true),
  flag('idempotencyTtlDays', 'idempotency-ttl-days', 'days'),
  flag('logBytesPerEvent', 'log-bytes-per-event', 'bytes the handlers log per event (+ the access log line)', true, true),
  flag('customMetrics', 'custom-metrics', 'metrics published every hour with traffic', true, true),
  flag('alarmMetrics', 'alarm-metrics', 'metrics read by alarms (0: no alarms, no composite)', true, true),
  flag('idlePollers', 'idle-pollers', 'pollers', true, true),
  flag('secretCacheMinutes', 'secret-cache-minutes', 'minutes'),
  flag('sweepIntervalMinutes', 'sweep-interval-minutes', 'minutes between reconciliation sweeps (0: no sweep)', true, true),
  flag('sweepDurationMs', 'sweep-duration-ms', 'ms per sweep run'),
  flag('sweepMemoryMb', 'sweep-memory-mb', 'MiB', true),
  flag('sweepPageSize', 'sweep-page-size', 'items per page of the swept listing', true),
];

/** Cross-field rules the flags alone cannot express. */
export function assumptionProblems(a: CapacityAssumptions): string[] {
  const problems: string[] = [];
  if (a.peakFactor < 1) problems.push(`--peak-factor must be at least 1 (a peak below the hour's mean is not a peak); got ${a.peakFactor}`);
  if (a.workerBatchSize > 10) problems.push(`--worker-batch-size must be 1 to 10 (the FIFO event source maximum); got ${a.workerBatchSize}`);
  if (a.workerMaxConcurrency < 2 || a.workerMaxConcurrency > 1000) {
    problems.push(`--worker-max-concurrency must be 2 to 1000 (the SQS event source limits); got ${a.workerMaxConcurrency}`);
  }
  if (a.groupsPerBatch > a.workerBatchSize) problems.push(`--groups-per-batch (${a.groupsPerBatch}) cannot exceed --worker-batch-size (${a.workerBatchSize})`);
  if (a.eventsPerWorkerInvocation < 1 || a.eventsPerWorkerInvocation > a.workerBatchSize) {
    problems.push(`--events-per-worker-invocation must be 1 to --worker-batch-size (${a.workerBatchSize}); got ${a.eventsPerWorkerInvocation}`);
  }
  if (a.sweepIntervalMinutes > 1440) problems.push(`--sweep-interval-minutes must be 0 (no sweep) to 1440 (the construct's range); got ${a.sweepIntervalMinutes}`);
  return problems;
}
