/*
 * Worker throughput: one run = a queue filled with `events` webhooks in `groups` groups (as the
 * ingress writes them), drained in batches of up to 10 by a fresh handler process. Afterwards
 * the processor's invocations are counted per event: exactly one each, or the run fails.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { HandlerBundle } from './bundles';
import { runProbe } from './child-process';
import { BenchEnvironment, BenchResources } from './environment';
import { handlerEnvironment } from './handler-env';
import type { WorkerBatchesInput, WorkerBatchesResult } from './probes/worker-batches';
import { webhookBody } from './scenario';
import { MESSAGE_ATTRIBUTE_EVENT_ID, MESSAGE_ATTRIBUTE_RECEIVED_AT } from '../src/contract';

export interface WorkerRun {
  readonly eventsPerSecond: number;
  readonly cpuMsPerEvent: number;
  readonly meanBatchSize: number;
  readonly awsCallsPerEvent: number;
}

export interface WorkerOptions {
  /** Timed events per run; `warmupEvents` more are processed first, untimed. */
  readonly events: number;
  readonly warmupEvents: number;
  readonly groups: number;
}

/** `count` messages as the ingress writes them; `dedupSuffix` makes a redelivery that SQS will not collapse. */
async function enqueue(environment: BenchEnvironment, resources: BenchResources, eventIds: readonly string[], groups: number, dedupSuffix = ''): Promise<void> {
  for (let start = 0; start < eventIds.length; start += 10) {
    const entries = eventIds.slice(start, start + 10).map((eventId, offset) => {
      const n = start + offset;
      return {
        Id: String(offset),
        MessageBody: webhookBody(n, groups),
        MessageGroupId: String(100_000 + (n % groups)),
        MessageDeduplicationId: eventId + dedupSuffix,
        MessageAttributes: {
          [MESSAGE_ATTRIBUTE_EVENT_ID]: { DataType: 'String', StringValue: eventId },
          [MESSAGE_ATTRIBUTE_RECEIVED_AT]: { DataType: 'Number', StringValue: String(Date.now()) },
        },
      };
    });
    const output = await environment.sqs.send(new SendMessageBatchCommand({ QueueUrl: resources.queueUrl, Entries: entries }));
    if ((output.Failed ?? []).length > 0) throw new Error(`fauxqs refused ${output.Failed!.length} messages while filling the bench queue`);
  }
}

/**
 * A variant of a worker measurement (bench/worker-modes.ts): another environment on the same
 * bundle (e.g. the archive on), or an in-process worker whose `process` writes the event ids it
 * ran to `processedLog` at exit instead of invoking the processor fake.
 */
export interface WorkerVariant {
  readonly environment?: (variables: Record<string, string>) => Record<string, string>;
  readonly processedLog?: string;
}

function countEventIds(counts: Map<string, number>, eventIds: readonly string[]): Map<string, number> {
  for (const eventId of eventIds) counts.set(eventId, (counts.get(eventId) ?? 0) + 1);
  return counts;
}

/** Event ids the in-process worker ran, from its log (absent: it ran none). */
function processedLogEventIds(file: string): string[] {
  if (!existsSync(file)) return [];
  const ids = JSON.parse(readFileSync(file, 'utf8')) as string[];
  rmSync(file);
  return ids;
}

async function drain(
  environment: BenchEnvironment, bundle: HandlerBundle, probeFile: string, resources: BenchResources, events: number, warmupEvents: number,
  variant: WorkerVariant, counts: Map<string, number>,
) {
  const input: WorkerBatchesInput = {
    bundleFile: bundle.file,
    functionName: `bench-${bundle.implementation}-worker`,
    queueUrl: resources.queueUrl,
    queueArn: resources.queueArn,
    events,
    warmupEvents,
  };
  let variables = handlerEnvironment(bundle.implementation, 'worker', environment.endpoints, resources);
  if (variant.environment) variables = variant.environment(variables);
  if (variant.processedLog) variables = { ...variables, BENCH_PROCESSED_LOG: variant.processedLog };
  const before = environment.processor.invocations.length;
  const result = await runProbe<WorkerBatchesResult>(probeFile, variables, input);
  countEventIds(counts, environment.processor.invocations.slice(before)
    .map((invocation) => (JSON.parse(invocation.payload) as { eventId: string }).eventId));
  if (variant.processedLog) countEventIds(counts, processedLogEventIds(variant.processedLog));
  return result;
}

export interface ExactlyOnceCheck {
  /** Every event ran the processor exactly once. */
  readonly eachEventOnce: boolean;
  /** Redelivering already completed events (new SQS dedup ids, same event ids) ran nothing. */
  readonly redeliveriesSkipped: boolean;
}

/**
 * Measures one run; with `checkRedelivery`, then redelivers the first batch's worth of events
 * in a second handler process (not timed) and checks that the processor did not run again.
 */
export async function measureWorker(
  environment: BenchEnvironment,
  bundle: HandlerBundle,
  probeFile: string,
  options: WorkerOptions,
  runId: string,
  checkRedelivery: boolean,
  variant: WorkerVariant = {},
): Promise<{ run: WorkerRun; exactlyOnce?: ExactlyOnceCheck }> {
  const resources = await environment.createResources(bundle.implementation);
  const eventIds = Array.from({ length: options.warmupEvents + options.events }, (_, n) => `${runId}-${n}`);
  await enqueue(environment, resources, eventIds, options.groups);
  const counts = new Map<string, number>();
  const result = await drain(environment, bundle, probeFile, resources, eventIds.length, options.warmupEvents, variant, counts);
  const eachEventOnce = eventIds.every((eventId) => counts.get(eventId) === 1) && counts.size === eventIds.length;
  if (!eachEventOnce) throw new Error(`${bundle.implementation} worker did not run the processor exactly once per event (${counts.size} distinct of ${eventIds.length})`);
  const totalMs = result.batchMs.reduce((sum, ms) => sum + ms, 0);
  const totalCpuMs = result.batchCpuMs.reduce((sum, ms) => sum + ms, 0);
  const run: WorkerRun = {
    eventsPerSecond: result.events / (totalMs / 1000),
    cpuMsPerEvent: totalCpuMs / result.events,
    meanBatchSize: result.events / result.batches,
    awsCallsPerEvent: result.awsCallsPerEvent,
  };
  if (!checkRedelivery) return { run };

  const redelivered = eventIds.slice(0, 10);
  await enqueue(environment, resources, redelivered, options.groups, '-redelivery');
  const rerun = new Map<string, number>();
  await drain(environment, bundle, probeFile, resources, redelivered.length, 0, variant, rerun);
  const redeliveriesSkipped = rerun.size === 0;
  return { run, exactlyOnce: { eachEventOnce, redeliveriesSkipped } };
}
