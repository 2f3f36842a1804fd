import { Duration, Size, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { validateArchiveProps } from './event-archive';
import { inProcessWorkerOf, validateInProcessWorker } from './in-process-worker';
import { resolveIngressFilters } from './ingress-filter-rules';
import { minimumIdempotencyTtl, PipelineSettings, readableProcessorTimeout } from './pipeline-settings';
import {
  MAX_BODY_BYTES, MESSAGE_ATTRIBUTE_RESERVE_BYTES, SECRET_CACHE_TTL_MAX_SECONDS, SECRET_CACHE_TTL_MIN_SECONDS, SQS_MAX_MESSAGE_BYTES,
  TABLE_PARTITION_KEY, TABLE_TTL_ATTRIBUTE, WORKER_RECORD_MARGIN_MS,
} from '../contract';
import { WAF_RATE_LIMIT_MAX, WAF_RATE_LIMIT_MIN } from './web-acl';
import { AckFastWebhookPipelineProps } from '../pipeline-props';
import { isJsonPointer } from '../runtime/ingest/json-pointer';
import { WebhookApiKind } from '../webhook-api-kind';

/**
 * Every guardrail on the props, before any resource exists: a conflicting or unsafe
 * combination throws here with the props it names and the fix.
 */
export function validatePipelineProps(props: AckFastWebhookPipelineProps, settings: PipelineSettings): void {
  requireBodyFitsSqs(settings.maxBodySize);
  validateArchiveProps(props);
  validateTableProps(props.tableProps);
  requireApiKindSupports(settings.apiKind, [
    { name: 'wafRateLimitPerIp', value: props.wafRateLimitPerIp, why: 'AWS WAF web ACLs attach to REST API stages, not to HTTP APIs' },
  ]);
  requireWebhookPath(settings.webhookPath);
  requireBurstAtLeastRate(settings.throttlingRateLimit, settings.throttlingBurstLimit);
  const processorTimeout = requireProcessorTimeout(props, settings.processorTimeout);
  const inProcessWorker = inProcessWorkerOf(props);
  if (inProcessWorker) validateInProcessWorker(inProcessWorker, props, processorTimeout);
  else requireWorkerCoversProcessor(settings.workerTimeout, processorTimeout);
  requireVisibilityCoversWorker(settings.visibilityTimeout, settings.workerTimeout);
  requireRange('maxReceiveCount', settings.maxReceiveCount, 1, 1000, 'SQS redrive policy');
  requireRange('workerBatchSize', props.workerBatchSize, 1, 10, 'the FIFO event source maximum');
  requireRange('workerMaxConcurrency', props.workerMaxConcurrency, 2, 1000, 'the SQS event source scaling limits');
  requireRange('workerGroupConcurrency', props.workerGroupConcurrency, 1, 10, 'a FIFO batch holds at most 10 groups');
  requireRange('ingressProvisionedConcurrency', settings.provisionedConcurrency, 0, 10_000, '0 turns it off');
  requireRange('wafRateLimitPerIp', props.wafRateLimitPerIp, WAF_RATE_LIMIT_MIN, WAF_RATE_LIMIT_MAX, 'AWS WAF rate-based rule limits, per 5 minutes');
  requireTtlCoversRedrive(settings.idempotencyTtl, settings.queueRetentionPeriod, settings.deadLetterRetentionPeriod);
  requireOnlyOne('existingTable', props.existingTable, 'tableProps', props.tableProps);
  requireRange('maxJsonDepth', settings.maxJsonDepth, 1, 1000, 'nesting levels of objects and arrays');
  requireRange('maxJsonElements', settings.maxJsonElements, 1, 1_000_000, 'object keys plus array elements');
  requireDurationRange('secretCacheTtl', settings.secretCacheTtl, Duration.seconds(SECRET_CACHE_TTL_MIN_SECONDS), Duration.seconds(SECRET_CACHE_TTL_MAX_SECONDS),
    'shorter reads Secrets Manager on nearly every request (a failed verification re-reads anyway); longer keeps a removed AWSPREVIOUS working');
  requireDurationRange('previousSecretGracePeriod', settings.previousSecretGracePeriod, Duration.seconds(0), Duration.days(7),
    'the window after a rotation in which the old secret still verifies');
  requireJsonPointer('eventIdJsonPointer', props.eventIdJsonPointer);
  requireJsonPointer('messageGroupIdJsonPointer', props.messageGroupIdJsonPointer);
  (props.requiredJsonPointers ?? []).forEach((pointer) => requireJsonPointer('requiredJsonPointers', pointer));
  requireEventIdFields(props);
  requireDashboardSettings(props);
  resolveIngressFilters(props.ingressFilters);
}

/** The dashboard shows the alarms' state, and a name for a dashboard that is switched off is a mistake. */
export function requireDashboardSettings(props: AckFastWebhookPipelineProps): void {
  if (props.dashboardEnabled === false && props.dashboardName !== undefined) {
    throw new Error('dashboardName is set but dashboardEnabled is false: remove dashboardName, or set dashboardEnabled to true.');
  }
  const dashboard = props.dashboardEnabled ?? props.dashboardName !== undefined;
  if (dashboard && props.alarmsEnabled === false) {
    throw new Error('dashboardEnabled (or dashboardName) needs the alarms, whose state it shows: set alarmsEnabled to true, or drop the dashboard.');
  }
}

/** eventIdJsonPointers alone decides the id: 1 to 10 pointers, and no other id source beside it. */
export function requireEventIdFields(props: AckFastWebhookPipelineProps): void {
  const pointers = props.eventIdJsonPointers;
  if (pointers === undefined) return;
  if (pointers.length < 1 || pointers.length > 10) {
    throw new Error(`eventIdJsonPointers must name 1 to 10 JSON pointers (the fields that together identify an event); got ${pointers.length}.`);
  }
  pointers.forEach((pointer) => requireJsonPointer('eventIdJsonPointers', pointer));
  for (const [name, value] of [['eventIdHeader', props.eventIdHeader], ['eventIdJsonPointer', props.eventIdJsonPointer]] as const) {
    if (value !== undefined) {
      throw new Error(`eventIdJsonPointers and ${name} cannot both be set: the id comes from one source, and every producer `
        + `(a sweep, an enqueuer) must derive the same one. Remove ${name}, or add its field to eventIdJsonPointers.`);
    }
  }
}

/** A resolved number, or undefined when it is a token (checked at deploy time instead). */
function concrete(value: number | undefined): number | undefined {
  return value === undefined || Token.isUnresolved(value) ? undefined : value;
}

export function requireRange(name: string, value: number | undefined, min: number, max: number, why: string): void {
  const v = concrete(value);
  if (v !== undefined && (!Number.isInteger(v) || v < min || v > max)) {
    throw new Error(`${name} must be a whole number from ${min} to ${max} (${why}); got ${v}.`);
  }
}

/** A duration from `min` to `max` inclusive, or an error naming the prop, the range and why. */
export function requireDurationRange(name: string, value: Duration, min: Duration, max: Duration, why: string): void {
  const seconds = value.toSeconds();
  if (seconds < min.toSeconds() || seconds > max.toSeconds()) {
    throw new Error(`${name} must be from ${min.toHumanString()} to ${max.toHumanString()} (${why}); got ${value.toHumanString()}.`);
  }
}

export function requireVisibilityCoversWorker(visibility: Duration, workerTimeout: Duration): void {
  const minimum = workerTimeout.toSeconds() * 6;
  if (visibility.toSeconds() < minimum) {
    throw new Error(
      `queueVisibilityTimeout (${visibility.toSeconds()} s) must be at least 6 x workerTimeout (${minimum} s), ` +
      'or a message could become visible again while a worker still processes it. Raise queueVisibilityTimeout or lower workerTimeout.',
    );
  }
  if (visibility.toSeconds() > 43_200) {
    throw new Error(`queueVisibilityTimeout (${visibility.toSeconds()} s) exceeds the SQS maximum of 12 hours; lower workerTimeout.`);
  }
}

export function requireBurstAtLeastRate(rate: number, burst: number): void {
  const r = concrete(rate);
  const b = concrete(burst);
  if (r !== undefined && r <= 0) {
    throw new Error(`throttlingRateLimit must be greater than 0; got ${r}.`);
  }
  if (r !== undefined && b !== undefined && b < r) {
    throw new Error(
      `throttlingBurstLimit (${b}) must be at least throttlingRateLimit (${r}): a burst below the steady rate rejects traffic the rate allows. Raise throttlingBurstLimit.`,
    );
  }
}

export function requireBodyFitsSqs(maxBodySize: Size): number {
  const bytes = maxBodySize.toBytes();
  if (bytes < 1 || bytes > MAX_BODY_BYTES) {
    throw new Error(
      `maxBodySize (${bytes} bytes) must be from 1 byte to ${MAX_BODY_BYTES} bytes: the body is enqueued as one SQS message ` +
      `(at most ${SQS_MAX_MESSAGE_BYTES} bytes including ${MESSAGE_ATTRIBUTE_RESERVE_BYTES} bytes kept for attributes). Lower maxBodySize.`,
    );
  }
  return bytes;
}

export function requireTtlCoversRedrive(idempotencyTtl: Duration, queueRetention: Duration, deadLetterRetention: Duration): void {
  const minimum = minimumIdempotencyTtl(queueRetention, deadLetterRetention);
  if (idempotencyTtl.toSeconds() < minimum.toSeconds()) {
    throw new Error(
      `idempotencyTtl (${idempotencyTtl.toHumanString()}) must be at least 2 x queueRetentionPeriod (${queueRetention.toHumanString()}) ` +
      `+ deadLetterRetentionPeriod (${deadLetterRetention.toHumanString()}) = ${minimum.toHumanString()}: a FIFO message moved to the DLQ ` +
      'starts its retention anew, and so does a redriven one, so a copy of an event can come back that late and would run a second time ' +
      'once its record expired. Raise idempotencyTtl or lower the retention periods.',
    );
  }
}

/** The processor's timeout, known (given or readable) and not shorter than the function's own. */
export function requireProcessorTimeout(props: AckFastWebhookPipelineProps, resolved: Duration | undefined): Duration {
  if (resolved === undefined) {
    throw new Error(
      'processorTimeout is required when processor is an imported function (its timeout cannot be read at synth): ' +
      "set processorTimeout to the processor function's timeout, e.g. Duration.seconds(10).",
    );
  }
  const seconds = resolved.toSeconds();
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 900) {
    throw new Error(`processorTimeout must be a whole number of seconds from 1 to 900 (Lambda's limits); got ${resolved.toHumanString()}.`);
  }
  const own = props.processor ? readableProcessorTimeout(props.processor) : undefined;
  if (props.processorTimeout !== undefined && own !== undefined && own.toSeconds() > seconds) {
    throw new Error(
      `processorTimeout (${resolved.toHumanString()}) is shorter than the processor function's own timeout (${own.toHumanString()}): ` +
      'the worker would give up on runs that are still going. Remove processorTimeout (it is read from the function) or raise it.',
    );
  }
  return resolved;
}

export function requireWorkerCoversProcessor(workerTimeout: Duration, processorTimeout: Duration): void {
  const marginSeconds = WORKER_RECORD_MARGIN_MS / 1000;
  const minimum = processorTimeout.toSeconds() + marginSeconds;
  if (workerTimeout.toSeconds() < minimum) {
    throw new Error(
      `workerTimeout (${workerTimeout.toSeconds()} s) must be at least processorTimeout (${processorTimeout.toSeconds()} s) + ${marginSeconds} s ` +
      `(= ${minimum} s): the worker's own calls per record (claim, outcome, visibility, each bounded) and the Invoke's slack must fit, ` +
      'or a worker timeout would cut a record off mid-run. Raise workerTimeout or lower the processor\'s timeout.',
    );
  }
}

export function requireJsonPointer(name: string, pointer: string | undefined): void {
  if (pointer === undefined || isJsonPointer(pointer)) return;
  if (!pointer.startsWith('/')) {
    throw new Error(`${name} '${pointer}' is not an RFC 6901 JSON pointer: it must start with '/', e.g. '/ticket/id'.`);
  }
  throw new Error(`${name} '${pointer}' has an invalid escape: in a JSON pointer '~' must be followed by 0 or 1.`);
}

export function requireWebhookPath(path: string): void {
  if (!/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(path)) {
    throw new Error(`webhookPath '${path}' must be one or more URL path segments without leading or trailing '/', e.g. 'webhooks/richpanel'.`);
  }
}

export function requireOnlyOne(firstName: string, first: unknown, secondName: string, second: unknown): void {
  if (first !== undefined && second !== undefined) {
    throw new Error(`${firstName} and ${secondName} cannot both be set: ${firstName} brings your own resource, ${secondName} configures the one this construct creates. Remove one.`);
  }
}

/** A prop that configures something only a REST API has, with the reason an HTTP API cannot honour it. */
export interface RestOnlyProp {
  readonly name: string;
  readonly value: unknown;
  readonly why: string;
}

/** The API kind is known, and no REST-only prop is set with an HTTP API (it would be silently ignored). */
export function requireApiKindSupports(apiKind: WebhookApiKind, restOnlyProps: RestOnlyProp[]): void {
  if (!Object.values(WebhookApiKind).includes(apiKind)) {
    throw new Error(`apiKind '${String(apiKind)}' is not a WebhookApiKind: use WebhookApiKind.REST or WebhookApiKind.HTTP.`);
  }
  const set = apiKind === WebhookApiKind.HTTP ? restOnlyProps.find((prop) => prop.value !== undefined) : undefined;
  if (set) {
    throw new Error(
      `${set.name} needs a REST API, but apiKind is WebhookApiKind.HTTP: ${set.why}. ` +
      `Remove ${set.name}, or set apiKind to WebhookApiKind.REST.`,
    );
  }
}

/** `tableProps` may change the table, not the key schema and TTL attribute the handlers use. */
export function validateTableProps(tableProps: dynamodb.TableProps | undefined): void {
  if (tableProps === undefined) return;
  const key = tableProps.partitionKey;
  if (key && (key.name !== TABLE_PARTITION_KEY || key.type !== dynamodb.AttributeType.STRING)) {
    throw new Error(
      `tableProps.partitionKey must be { name: '${TABLE_PARTITION_KEY}', type: AttributeType.STRING }: the handlers read and write that key. `
      + `Got '${key.name}'.`,
    );
  }
  if (tableProps.sortKey) {
    throw new Error('tableProps.sortKey must not be set: the state table has a partition key only. Remove sortKey.');
  }
  if (tableProps.timeToLiveAttribute !== undefined && tableProps.timeToLiveAttribute !== TABLE_TTL_ATTRIBUTE) {
    throw new Error(
      `tableProps.timeToLiveAttribute must be '${TABLE_TTL_ATTRIBUTE}' (the attribute the handlers set); got '${tableProps.timeToLiveAttribute}'.`,
    );
  }
}
