/*
 * Worker throughput: one run = a queue filled with `events` webhooks in `groups` groups (as the
 * ingress writes them), drained in batches of up to 10 by a fresh handler process. Afterwards
 * the processor's invocations are counted per event: exactly one each, or the run fails.
 */
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { HandlerBundle } from './bundles';
import { runProbe } from './child-process';
import { BenchEnvironment, BenchResources } from './environment';
import { handlerEnvironment } from './handler-env';
import type { WorkerBatchesInput, WorkerBatchesResult } from './probes/worker-batches';
import { webhookBody } from './scenario';
import { MESSAGE_ATTRIBUTE_EVENT_ID, MESSAGE_ATTRIBUTE_RECEIVED_AT } from '../src/private/runtime-contract';

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

function invocationsPerEvent(environment: BenchEnvironment, since: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const invocation of environment.processor.invocations.slice(since)) {
    const eventId = (JSON.parse(invocation.payload) as { eventId: string }).eventId;
    counts.set(eventId, (counts.get(eventId) ?? 0) + 1);
  }
  return counts;
}

function drain(
  environment: BenchEnvironment, bundle: HandlerBundle, probeFile: string, resources: BenchResources, events: number, warmupEvents: number,
) {
  const input: WorkerBatchesInput = {
    bundleFile: bundle.file,
    functionName: `bench-${bundle.implementation}-worker`,
    queueUrl: resources.queueUrl,
    queueArn: resources.queueArn,
    events,
    warmupEvents,
  };
  return runProbe<WorkerBatchesResult>(probeFile, handlerEnvironment(bundle.implementation, 'worker', environment.endpoints, resources), input);
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
): Promise<{ run: WorkerRun; exactlyOnce?: ExactlyOnceCheck }> {
  const resources = await environment.createResources(bundle.implementation);
  const eventIds = Array.from({ length: options.warmupEvents + options.events }, (_, n) => `${runId}-${n}`);
  await enqueue(environment, resources, eventIds, options.groups);
  const before = environment.processor.invocations.length;
  const result = await drain(environment, bundle, probeFile, resources, eventIds.length, options.warmupEvents);
  const counts = invocationsPerEvent(environment, before);
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
  const beforeRedelivery = environment.processor.invocations.length;
  await drain(environment, bundle, probeFile, resources, redelivered.length, 0);
  const redeliveriesSkipped = environment.processor.invocations.length === beforeRedelivery;
  return { run, exactlyOnce: { eachEventOnce, redeliveriesSkipped } };
}
