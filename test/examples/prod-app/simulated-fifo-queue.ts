/*
 * An SQS FIFO queue and its Lambda event source, simulated on a virtual clock with the rules that
 * matter for deferrals: a group's oldest message blocks the rest of its group; a record the worker
 * fails comes back after its visibility change (RETRY_LATER) or the visibility timeout; a message
 * received maxReceiveCount times goes to the DLQ on its next receive. Virtual time lets minutes of
 * rate limiting run in seconds, deterministically. (fauxqs runs on its own wall clock.)
 */
import { randomUUID } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import { TestClock } from './processor-harness';
import { MessageVisibility, VisibilityChange } from '../../../src/runtime/aws/message-visibility';
import { WorkerHandler } from '../../../src/runtime/worker/worker-handler';
import { lambdaContext } from '../../lambda/worker/sqs-event';

export interface SimulatedMessage {
  readonly eventId: string;
  readonly groupId: string;
  readonly payload: unknown;
}

export interface SimulatedQueueOptions {
  readonly clock: TestClock;
  readonly batchSize: number;
  readonly maxReceiveCount: number;
  readonly visibilityTimeoutSeconds: number;
  /** Virtual time one worker invocation takes. */
  readonly invocationMs: number;
}

export interface DrainResult {
  /** Event ids that ended in the DLQ. */
  readonly deadLetters: string[];
  readonly receives: number;
  /** The most receives one message needed. */
  readonly mostReceives: number;
  readonly virtualSeconds: number;
}

interface QueuedMessage {
  readonly messageId: string;
  readonly eventId: string;
  readonly groupId: string;
  readonly body: string;
  visibleAt: number;
  receiveCount: number;
}

/** What the worker asked SQS to delay, per message id (the last batch only). */
export class RecordingVisibility implements MessageVisibility {
  public readonly changes = new Map<string, number>();
  public async delay(changes: readonly VisibilityChange[]): Promise<string[]> {
    for (const change of changes) this.changes.set(change.messageId, change.visibilityTimeoutSeconds);
    return [];
  }
}

function sqsRecord(message: QueuedMessage, sentAt: number): SQSRecord {
  const attribute = (dataType: string, stringValue: string) => ({ dataType, stringValue, stringListValues: [], binaryListValues: [] });
  return {
    messageId: message.messageId,
    receiptHandle: `${message.messageId}:${message.receiveCount}`,
    body: message.body,
    attributes: {
      MessageGroupId: message.groupId,
      MessageDeduplicationId: message.eventId,
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(sentAt),
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: String(sentAt),
    },
    messageAttributes: { eventId: attribute('String', message.eventId), receivedAt: attribute('Number', String(sentAt)) },
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-2:000000000000:rp-mw-test.fifo',
    awsRegion: 'us-east-2',
  };
}

/** Sends every message at once, then runs the worker on batches until the queue is empty. */
export async function drainThroughWorker(
  messages: readonly SimulatedMessage[], worker: WorkerHandler, visibility: RecordingVisibility, options: SimulatedQueueOptions,
): Promise<DrainResult> {
  const { clock } = options;
  const sentAt = clock.ms;
  const queue: QueuedMessage[] = messages.map((message) => ({
    messageId: randomUUID(),
    eventId: message.eventId,
    groupId: message.groupId,
    body: JSON.stringify(message.payload),
    visibleAt: sentAt,
    receiveCount: 0,
  }));
  const deadLetters: string[] = [];
  let receives = 0;
  let mostReceives = 0;
  for (let round = 0; queue.length > 0; round++) {
    if (round > 5_000) throw new Error('the simulated queue did not drain in 5,000 rounds');
    const heads = [...new Set(queue.map((message) => message.groupId))].map((group) => queue.find((message) => message.groupId === group)!);
    const visible = heads.filter((message) => message.visibleAt <= clock.ms).slice(0, options.batchSize);
    if (visible.length === 0) {
      clock.ms = Math.min(...heads.map((message) => message.visibleAt));
      continue;
    }
    const batch: QueuedMessage[] = [];
    for (const message of visible) {
      if (message.receiveCount >= options.maxReceiveCount) {
        queue.splice(queue.indexOf(message), 1);
        deadLetters.push(message.eventId);
      } else {
        message.receiveCount++;
        mostReceives = Math.max(mostReceives, message.receiveCount);
        batch.push(message);
      }
    }
    if (batch.length === 0) continue;
    receives += batch.length;
    visibility.changes.clear();
    const response = await worker({ Records: batch.map((message) => sqsRecord(message, sentAt)) }, lambdaContext(30_000));
    const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
    clock.advance(options.invocationMs);
    for (const message of batch) {
      if (failed.has(message.messageId)) {
        message.visibleAt = clock.ms + (visibility.changes.get(message.messageId) ?? options.visibilityTimeoutSeconds) * 1000;
      } else {
        queue.splice(queue.indexOf(message), 1);
      }
    }
  }
  return { deadLetters, receives, mostReceives, virtualSeconds: (clock.ms - sentAt) / 1000 };
}
