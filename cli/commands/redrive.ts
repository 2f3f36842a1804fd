/*
 * `ack-fast-webhook redrive --dlq-url URL --queue-url URL`: moves messages from the FIFO DLQ back
 * to the source FIFO queue, one at a time and in the order received, keeping group, attributes and body.
 */
import {
  DeleteMessageCommand, Message, MessageAttributeValue, ReceiveMessageCommand, SendMessageCommand, SQSClient,
} from '@aws-sdk/client-sqs';
import { MESSAGE_ATTRIBUTE_EVENT_ID, SQS_ID_MAX_LENGTH } from '../../src/private/runtime-contract';
import {
  clientConfig, CliIo, COMMON_HELP, CommandError, EXIT_OK, parseCommandArgs, positiveNumber, requireString,
} from '../options';

export const REDRIVE_HELP = [
  'Usage: ack-fast-webhook redrive --dlq-url URL --queue-url URL [--rate N] [--max N] [--region R] [--endpoint-url URL]',
  '',
  'Moves messages from the dead-letter queue back to the source FIFO queue: receive, send, then',
  'delete from the DLQ only after the send succeeded. Each message keeps its body, MessageGroupId',
  'and message attributes (eventId, receivedAt) and gets a fresh MessageDeduplicationId, so SQS\'s',
  '5-minute deduplication window does not drop it. The worker\'s idempotency record still stops an',
  'event that already COMPLETED from running twice (see `replay` to run one again on purpose).',
  'Stops when the DLQ is empty, after --max messages, or at the first failed send (exit 1; the',
  'message stays in the DLQ and becomes visible again after its visibility timeout).',
  '',
  'Options:',
  '  --dlq-url URL         the dead-letter queue to drain (required)',
  '  --queue-url URL       the source queue to send to (required)',
  '  --rate N              messages per second (default 10)',
  '  --max N               move at most N messages (default: all)',
  COMMON_HELP,
  '',
  'On AWS you can also run `aws sqs start-message-move-task --source-arn <DLQ ARN>`; it moves the',
  'messages with their original deduplication ids, which the queue drops if they are still inside',
  'the 5-minute deduplication window.',
].join('\n');

const DEFAULT_RATE = 10;
/** Characters SQS accepts in a MessageDeduplicationId: alphanumerics and ASCII punctuation. */
const NOT_DEDUP_CHARACTER = /[^A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/** A deduplication id unique to this send: `<eventId>:redrive:<ms>-<seq>`, cut to SQS's charset and length. */
export function freshDeduplicationId(eventId: string, nowMs: number, sequence: number): string {
  const suffix = `:redrive:${nowMs}-${sequence}`;
  const head = eventId.replace(NOT_DEDUP_CHARACTER, '_').slice(0, SQS_ID_MAX_LENGTH - suffix.length);
  return head + suffix;
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

export async function runRedrive(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('redrive', argv, {
    'dlq-url': { type: 'string' },
    'queue-url': { type: 'string' },
    'rate': { type: 'string' },
    'max': { type: 'string' },
  });
  if (values.help) {
    io.stdout(`${REDRIVE_HELP}\n`);
    return EXIT_OK;
  }
  const dlqUrl = requireString('redrive', values, 'dlq-url');
  const queueUrl = requireString('redrive', values, 'queue-url');
  const rate = positiveNumber('redrive', values, 'rate', DEFAULT_RATE)!;
  const max = positiveNumber('redrive', values, 'max', undefined, true);
  const intervalMs = 1000 / rate;
  const client = new SQSClient(clientConfig(values));
  let moved = 0;
  let sequence = 0;
  let lastSendAt = 0;
  try {
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
            MessageDeduplicationId: freshDeduplicationId(eventId, lastSendAt, sequence++),
            MessageAttributes: copyAttributes(message.MessageAttributes),
          }));
        } catch (error) {
          const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          throw new CommandError(`redrive: sending event '${eventId}' failed (${reason}); it stays in the DLQ; stopped after ${moved} moved`);
        }
        await client.send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: message.ReceiptHandle }));
        moved += 1;
      }
      io.stderr(`redrive: moved ${messages.length} message(s) in this batch, ${moved} in total\n`);
    }
    io.stdout(`Moved ${moved} message(s) from the DLQ to ${queueUrl}\n`);
    return EXIT_OK;
  } finally {
    client.destroy();
  }
}
