/*
 * The worker handler's test rig: dynalite and fauxqs started for the enclosing describe, FIFO
 * queues with a DLQ, messages shaped as the ingress sends them, the stored idempotency record,
 * and a handler whose processor calls, audit lines and metric lines are recorded.
 */
import { randomUUID } from 'node:crypto';
import { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteMessageCommand, GetQueueAttributesCommand, Message, ReceiveMessageCommand, SendMessageCommand, SQSClient,
} from '@aws-sdk/client-sqs';
import { metricValues } from './emf-lines';
import {
  createFifoQueueWithDlq, createStateTable, dynamoClient, RunningEmulator, sqsClient, startDynalite, startFauxqs,
} from './emulators';
import { storedItem } from './state-records';
import { METRICS_NAMESPACE, ProcessorRequestPayload } from '../../src/contract';
import { DynamoIdempotencyStore } from '../../src/runtime/aws/idempotency-store';
import { MessageVisibility, SqsMessageVisibility } from '../../src/runtime/aws/message-visibility';
import { ProcessorOutcome } from '../../src/runtime/core/processor-outcome';
import { AuditLog } from '../../src/runtime/observability/audit-log';
import { Metrics } from '../../src/runtime/observability/metrics';
import { createWorkerHandler } from '../../src/runtime/worker/worker-handler';

export const TTL_SECONDS = 3600;
/** The receivedAt attribute of every message send() puts on the queue. */
export const RECEIVED_AT = 1795000000000;
/** Put in every body: no log line may contain it. */
export const BODY_MARKER = 'PRIVATE-BODY-CONTENT';
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Queue {
  readonly url: string;
  readonly arn: string;
}

export interface WorkerHarnessOptions {
  readonly outcome?: (request: ProcessorRequestPayload) => ProcessorOutcome;
  readonly now?: () => number;
  readonly visibility?: MessageVisibility;
}

export interface WorkerRig {
  /** The clients of the running emulators (set once the describe's beforeAll has run). */
  readonly dynamo: DynamoDBClient;
  readonly sqs: SQSClient;
  newQueue(visibilityTimeoutSeconds?: number): Promise<Queue>;
  /** Sends one event as the ingress does: JSON body with BODY_MARKER, eventId and receivedAt attributes. */
  send(queue: Queue, eventId: string, messageGroupId: string, dedupId?: string): Promise<void>;
  receive(queue: Queue, waitTimeSeconds?: number): Promise<Message[]>;
  collectInQueueOrder(queue: Queue, count: number): Promise<Message[]>;
  storedRecord(eventId: string): Promise<Record<string, AttributeValue> | undefined>;
  harness(queue: Queue, options?: WorkerHarnessOptions): ReturnType<typeof recordingWorker>;
}

/**
 * Starts dynalite (with the state table `table`) and fauxqs in beforeAll and stops them in
 * afterAll of the describe it is called in.
 */
export function useWorkerRig(table: string): WorkerRig {
  let dynalite: RunningEmulator;
  let fauxqs: RunningEmulator;
  let dynamo: DynamoDBClient;
  let sqs: SQSClient;

  beforeAll(async () => {
    [dynalite, fauxqs] = await Promise.all([startDynalite(), startFauxqs()]);
    dynamo = dynamoClient(dynalite.endpoint);
    sqs = sqsClient(fauxqs.endpoint);
    await createStateTable(dynamo, table);
  });
  afterAll(async () => {
    dynamo?.destroy();
    sqs?.destroy();
    await Promise.all([dynalite?.stop(), fauxqs?.stop()]);
  });

  async function newQueue(visibilityTimeoutSeconds = 30): Promise<Queue> {
    const { queueUrl } = await createFifoQueueWithDlq(sqs, `w-${randomUUID().slice(0, 8)}`, { visibilityTimeoutSeconds, maxReceiveCount: 10 });
    const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    return { url: queueUrl, arn };
  }

  async function send(queue: Queue, eventId: string, messageGroupId: string, dedupId: string = randomUUID()): Promise<void> {
    await sqs.send(new SendMessageCommand({
      QueueUrl: queue.url,
      MessageBody: JSON.stringify({ eventId, note: BODY_MARKER }),
      MessageGroupId: messageGroupId,
      MessageDeduplicationId: dedupId,
      MessageAttributes: {
        eventId: { DataType: 'String', StringValue: eventId },
        receivedAt: { DataType: 'Number', StringValue: String(RECEIVED_AT) },
      },
    }));
  }

  async function receive(queue: Queue, waitTimeSeconds = 0): Promise<Message[]> {
    const output = await sqs.send(new ReceiveMessageCommand({
      QueueUrl: queue.url,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: waitTimeSeconds,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }));
    return output.Messages ?? [];
  }

  /**
   * fauxqs hands out one message per group per receive (SQS hands out up to 10 of a group, in
   * order), so a multi-record batch of one group is collected by receiving and deleting, then
   * ordered by sequence number. Receipt handles of such records are no longer valid.
   */
  async function collectInQueueOrder(queue: Queue, count: number): Promise<Message[]> {
    const collected: Message[] = [];
    while (collected.length < count) {
      const messages = await receive(queue);
      if (messages.length === 0) throw new Error(`queue drained after ${collected.length} of ${count} messages`);
      for (const message of messages) {
        collected.push(message);
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: message.ReceiptHandle! }));
      }
    }
    return collected.sort((a, b) => Number(BigInt(a.Attributes!.SequenceNumber!) - BigInt(b.Attributes!.SequenceNumber!)));
  }

  return {
    get dynamo() { return dynamo; },
    get sqs() { return sqs; },
    newQueue,
    send,
    receive,
    collectInQueueOrder,
    storedRecord: (eventId) => storedItem(dynamo, table, eventId),
    harness: (queue, options = {}) => recordingWorker(
      new DynamoIdempotencyStore(dynamo, table), options.visibility ?? new SqsMessageVisibility(sqs, queue.url), options,
    ),
  };
}

/** A worker handler over `store` whose processor answers `options.outcome` (PROCESSED by default) and records what it is given. */
function recordingWorker(store: DynamoIdempotencyStore, visibility: MessageVisibility, options: WorkerHarnessOptions) {
  const calls: ProcessorRequestPayload[] = [];
  const lines: string[] = [];
  const metricLines: string[] = [];
  const handler = createWorkerHandler({
    store,
    processor: {
      process: async (request) => {
        calls.push(request);
        return options.outcome?.(request) ?? { kind: 'PROCESSED' };
      },
    },
    visibility,
    log: new AuditLog('worker', (line) => lines.push(line)),
    idempotencyTtlSeconds: TTL_SECONDS,
    processorTimeoutMs: 1_000,
    now: options.now,
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, pipeline: 'tickets' }, (line) => metricLines.push(line), options.now),
  });
  const logs = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  /** The values of each EMF line written so far (one per invocation here), without the _aws metadata. */
  const metrics = () => metricValues(metricLines);
  return { handler, calls, lines, logs, metricLines, metrics };
}
