/*
 * The Lambda SQS event source mapping for a FIFO queue, on loopback: up to `maxConcurrency`
 * pollers, each receiving a batch of at most `batchSize`, invoking the worker with the records
 * Lambda would build, and deleting what succeeded. With ReportBatchItemFailures, the records the
 * worker names stay on the queue and come back after the visibility timeout; an invocation that
 * throws or times out leaves the whole batch. After maxReceiveCount receives SQS (fauxqs) moves a
 * message to the DLQ. Groups stay in order because SQS hands out a group's next message only once
 * the previous one is deleted or visible again.
 */
import { randomUUID } from 'node:crypto';
import { ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord, SQSRecordAttributes } from 'aws-lambda';
import { LocalWorkerHandler } from './handler-loader';
import { lambdaContext } from './lambda-context';
import { MESSAGE_ATTRIBUTE_EVENT_ID, MESSAGE_ATTRIBUTE_RECEIVED_AT } from '../src/contract';

export interface EventSourceOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
  readonly batchSize: number;
  readonly maxConcurrency: number;
  readonly reportBatchItemFailures: boolean;
  readonly worker: LocalWorkerHandler;
  readonly workerTimeoutMs: number;
  readonly now: () => number;
  /** Called after each invocation with the fate of each record. */
  readonly onRecords: (outcomes: RecordOutcome[]) => void;
  /** Called when a receive or delete call fails (the poller backs off and goes on). */
  readonly onError?: (error: unknown) => void;
}

export type RecordFate = 'deleted' | 'reported-failed' | 'invocation-failed' | 'invocation-timed-out' | 'delete-failed';

export interface RecordOutcome {
  readonly eventId?: string;
  readonly messageGroupId?: string;
  readonly messageId: string;
  readonly receiveCount: number;
  /** Epoch ms the ingress received the webhook (its receivedAt attribute). */
  readonly receivedAt?: number;
  readonly fate: RecordFate;
  /** Set when the worker invocation started, to tell its processor calls apart. */
  readonly invocationStartedAt: number;
}

export interface EventSource {
  /** Worker invocations running now (a test moves the clock only while there are none). */
  readonly invocationsRunning: () => number;
  /**
   * Disables (true) or enables (false) the mapping, as UpdateEventSourceMapping Enabled=false/true
   * does: paused pollers receive nothing (messages stay queued); running invocations finish.
   */
  setPaused(paused: boolean): void;
  /** True between setPaused(true) and setPaused(false). */
  isPaused(): boolean;
  /** Stops receiving, waits for running invocations (at most the worker timeout), then resolves. */
  stop(): Promise<void>;
}

/** The record Lambda builds from one received message. */
export function toLambdaRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const messageAttributes: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      dataType: value.DataType ?? 'String',
      stringValue: value.StringValue,
      binaryValue: value.BinaryValue ? Buffer.from(value.BinaryValue).toString('base64') : undefined,
      stringListValues: [],
      binaryListValues: [],
    };
  }
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: (message.Attributes ?? {}) as unknown as SQSRecordAttributes,
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    md5OfMessageAttributes: message.MD5OfMessageAttributes,
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/** Ids the worker reported failed, or undefined when the response is invalid (Lambda then fails the whole batch). */
function reportedFailures(response: SQSBatchResponse | void, records: SQSRecord[]): Set<string> | undefined {
  if (response === undefined || response === null || !Array.isArray(response.batchItemFailures)) return new Set();
  const ids = new Set(records.map((record) => record.messageId));
  const failed = new Set<string>();
  for (const failure of response.batchItemFailures) {
    if (typeof failure?.itemIdentifier !== 'string' || !ids.has(failure.itemIdentifier)) return undefined;
    failed.add(failure.itemIdentifier);
  }
  return failed;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function startEventSource(options: EventSourceOptions): EventSource {
  let running = true;
  let invocations = 0;
  // While paused, every poller waits on this gate before its next receive.
  let gate: { opened: Promise<void>; open: () => void } | undefined;
  const closedGate = () => {
    let open: () => void = () => undefined;
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    return { opened, open };
  };

  async function invoke(messages: Message[]): Promise<void> {
    const records = messages.map((message) => toLambdaRecord(message, options.queueArn, options.region));
    const event: SQSEvent = { Records: records };
    const invocationStartedAt = options.now();
    let fates: Map<string, RecordFate>;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<'timed-out'>((resolve) => {
        timer = setTimeout(() => resolve('timed-out'), options.workerTimeoutMs);
      });
      const context = lambdaContext('worker', options.workerTimeoutMs, options.now, randomUUID());
      const result = await Promise.race([options.worker(event, context), timeout]);
      if (result === 'timed-out') {
        // Lambda ends the invocation; its messages come back after the visibility timeout.
        fates = new Map(records.map((record) => [record.messageId, 'invocation-timed-out']));
      } else {
        const failed = options.reportBatchItemFailures ? reportedFailures(result, records) : new Set<string>();
        fates = new Map(records.map((record) => [record.messageId,
          failed === undefined ? 'invocation-failed' : failed.has(record.messageId) ? 'reported-failed' : 'deleted']));
      }
    } catch {
      fates = new Map(records.map((record) => [record.messageId, 'invocation-failed']));
    } finally {
      clearTimeout(timer);
    }
    const done = messages.filter((message) => fates.get(message.MessageId!) === 'deleted');
    if (done.length > 0) {
      try {
        const deleted = await options.sqs.send(new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: done.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
        }));
        for (const failed of deleted.Failed ?? []) fates.set(done[Number(failed.Id)].MessageId!, 'delete-failed');
      } catch (error) {
        // As with Lambda: the work is done but the message comes back after the visibility timeout.
        options.onError?.(error);
        done.forEach((message) => fates.set(message.MessageId!, 'delete-failed'));
      }
    }
    options.onRecords(messages.map((message) => {
      const receivedAt = Number(message.MessageAttributes?.[MESSAGE_ATTRIBUTE_RECEIVED_AT]?.StringValue);
      return {
        eventId: message.MessageAttributes?.[MESSAGE_ATTRIBUTE_EVENT_ID]?.StringValue,
        messageGroupId: message.Attributes?.MessageGroupId,
        messageId: message.MessageId!,
        receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 1),
        receivedAt: Number.isFinite(receivedAt) ? receivedAt : undefined,
        fate: fates.get(message.MessageId!)!,
        invocationStartedAt,
      };
    }));
  }

  async function poll(): Promise<void> {
    while (running) {
      if (gate) {
        await gate.opened;
        continue;
      }
      try {
        const received = await options.sqs.send(new ReceiveMessageCommand({
          QueueUrl: options.queueUrl,
          MaxNumberOfMessages: options.batchSize,
          WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }));
        const messages = received.Messages ?? [];
        if (messages.length > 0 && gate) {
          // Paused during this long poll: hand the batch back at once rather than run it (its receive count stays one higher).
          await options.sqs.send(new ChangeMessageVisibilityBatchCommand({
            QueueUrl: options.queueUrl,
            Entries: messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 })),
          }));
        } else if (messages.length > 0) {
          invocations++;
          try {
            await invoke(messages);
          } finally {
            invocations--;
          }
        }
      } catch (error) {
        options.onError?.(error);
        if (running) await sleep(250);
      }
    }
  }

  const pollers = Array.from({ length: options.maxConcurrency }, () => poll());
  return {
    invocationsRunning: () => invocations,
    setPaused: (paused) => {
      if (paused && !gate) gate = closedGate();
      if (!paused && gate) {
        gate.open();
        gate = undefined;
      }
    },
    isPaused: () => gate !== undefined,
    stop: async () => {
      running = false;
      gate?.open();
      gate = undefined;
      await Promise.all(pollers);
    },
  };
}
