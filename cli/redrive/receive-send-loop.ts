/*
 * Redrive without the message-move API (emulators, or where it is unsupported): receive from
 * the DLQ, send to the queue, delete from the DLQ only after the send succeeded. One message
 * at a time, in the order received, keeping body, MessageGroupId and message attributes.
 */
import {
  DeleteMessageCommand, GetQueueAttributesCommand, Message, MessageAttributeValue, ReceiveMessageCommand, SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { MESSAGE_ATTRIBUTE_EVENT_ID } from '../../src/contract';
import { describeAwsError } from '../aws-transport';
import { freshDeduplicationId } from '../deduplication-id';
import { CliIo, CommandError } from '../options';
import { Progress, startProgress } from '../progress';

export interface LoopRedriveOptions {
  readonly dlqUrl: string;
  readonly queueUrl: string;
  /** Messages per second. */
  readonly rate: number;
  /** Stop after this many; undefined: until the DLQ is empty. */
  readonly max?: number;
  readonly io: CliIo;
}

/** Only the fields SendMessage accepts (ReceiveMessage also returns list fields). */
function copyAttributes(
  attributes: Record<string, MessageAttributeValue> | undefined,
): Record<string, MessageAttributeValue> | undefined {
  if (!attributes || Object.keys(attributes).length === 0) return undefined;
  const copy: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) {
    copy[name] = value.BinaryValue !== undefined
      ? { DataType: value.DataType, BinaryValue: value.BinaryValue }
      : { DataType: value.DataType, StringValue: value.StringValue };
  }
  return copy;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How many messages the DLQ holds now (for the progress line's "of ~N"). */
async function approximateCount(client: SQSClient, queueUrl: string): Promise<number | undefined> {
  const output = await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
  const count = Number(output.Attributes?.ApproximateNumberOfMessages);
  return Number.isFinite(count) ? count : undefined;
}

/** Resolves with the number of messages moved; a failed send stops the loop with a CommandError. */
export async function redriveByLoop(client: SQSClient, options: LoopRedriveOptions): Promise<number> {
  const { dlqUrl, max, io } = options;
  const inDlq = io.isTTY ? await approximateCount(client, dlqUrl) : undefined;
  const total = max === undefined || inDlq === undefined ? inDlq : Math.min(max, inDlq);
  const progress = startProgress(io, { label: 'redrive', unit: 'messages moved', total });
  try {
    return await moveMessages(client, options, progress);
  } finally {
    progress.finish();
  }
}

async function moveMessages(client: SQSClient, options: LoopRedriveOptions, progress: Progress): Promise<number> {
  const { dlqUrl, queueUrl, max } = options;
  const intervalMs = 1000 / options.rate;
  let moved = 0;
  let sequence = 0;
  let lastSendAt = 0;
  for (;;) {
    const wanted = Math.min(10, max === undefined ? 10 : max - moved);
    if (wanted <= 0) break;
    const received = await client.send(new ReceiveMessageCommand({
      QueueUrl: dlqUrl,
      MaxNumberOfMessages: wanted,
      WaitTimeSeconds: 1,
      MessageAttributeNames: ['All'],
      MessageSystemAttributeNames: ['MessageGroupId'],
    }));
    const messages: Message[] = received.Messages ?? [];
    if (messages.length === 0) break;
    for (const message of messages) {
      const groupId = message.Attributes?.MessageGroupId;
      if (!groupId) {
        throw new CommandError(`redrive: message ${message.MessageId} has no MessageGroupId (is ${dlqUrl} a FIFO queue?); stopped after ${moved} moved`);
      }
      const eventId = message.MessageAttributes?.[MESSAGE_ATTRIBUTE_EVENT_ID]?.StringValue ?? message.MessageId ?? 'message';
      const wait = lastSendAt + intervalMs - Date.now();
      if (wait > 0) await sleep(wait);
      lastSendAt = Date.now();
      try {
        await client.send(new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: message.Body ?? '',
          MessageGroupId: groupId,
          MessageDeduplicationId: freshDeduplicationId(eventId, 'redrive', lastSendAt, sequence++),
          MessageAttributes: copyAttributes(message.MessageAttributes),
        }));
      } catch (error) {
        throw new CommandError(`redrive: sending event '${eventId}' failed (${describeAwsError(error)}); it stays in the DLQ; stopped after ${moved} moved`);
      }
      await client.send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: message.ReceiptHandle }));
      moved += 1;
      progress.update(moved);
    }
    progress.update(moved, `redrive: moved ${messages.length} message(s) in this batch, ${moved} in total`);
  }
  return moved;
}
