/*
 * A real re-run: the webhook body (e.g. saved from the provider's delivery log) put on the
 * pipeline's queue as the ingress would, with the event id and receivedAt attributes, the
 * event's message group and a fresh deduplication id (the event id was used by the original).
 */
import { readFileSync } from 'node:fs';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { MESSAGE_ATTRIBUTE_EVENT_ID, MESSAGE_ATTRIBUTE_RECEIVED_AT } from '../../src/contract';
import { identifierAt, sqsIdProblem } from '../../src/runtime/ingest/event-identity';
import { isJsonPointer, JSON_POINTER_HINT } from '../../src/runtime/ingest/json-pointer';
import { BodyRules, checkWebhookBody } from '../../src/runtime/ingest/webhook-body';
import { freshDeduplicationId } from '../deduplication-id';
import { errorMessage, UsageError } from '../options';

export interface ReplayMessage {
  readonly bodyText: string;
  readonly payload: Record<string, unknown>;
}

/**
 * Reads the body file and runs the ingress's own body checks on it (size, UTF-8, depth and
 * element count, JSON, a JSON object, required fields): a body the pipeline would have refused
 * is not put on its queue by hand either. Every problem is a usage error naming the file.
 */
export function readReplayMessage(fileName: string, rules: BodyRules): ReplayMessage {
  let bytes: Buffer;
  try {
    bytes = readFileSync(fileName);
  } catch (error) {
    throw new UsageError(`replay: cannot read --message-file ${fileName} (${errorMessage(error)})`);
  }
  // The ingress queues the body without a byte-order mark (editors add one).
  const rawBody = bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? bytes.subarray(3) : bytes;
  const checked = checkWebhookBody(rawBody, rules);
  if (!checked.ok) {
    const hint = checked.reason === 'invalid_json' ? '; save the webhook body exactly as the provider sent it'
      : checked.reason === 'body_too_large' ? '; pass --max-body-bytes if the pipeline\'s maxBodySize is larger'
        : checked.reason.startsWith('json_too') ? '; pass --max-json-depth / --max-json-elements if the pipeline allows more' : '';
    throw new UsageError(`replay: --message-file ${fileName}: ${checked.message} (the ingress would answer ${checked.statusCode})${hint}`);
  }
  return { bodyText: checked.bodyText, payload: checked.payload };
}

/** The group at `pointer` in the body, read as the ingress reads it (a non-blank string or a safe integer). */
export function groupAtPointer(payload: unknown, pointer: string): string {
  if (!isJsonPointer(pointer)) {
    throw new UsageError(`replay: --group-pointer '${pointer}' is not an RFC 6901 JSON pointer (${JSON_POINTER_HINT})`);
  }
  const found = identifierAt(payload, pointer);
  if (found.kind === 'found') return found.value;
  const why = found.kind === 'absent' ? 'finds nothing' : `finds a value that ${found.problem}`;
  throw new UsageError(`replay: --group-pointer ${pointer} ${why} in the message file; pass --group ID`);
}

/** A usage error unless `group` can be an SQS MessageGroupId. */
export function checkGroup(group: string, source: string): string {
  const problem = sqsIdProblem(group);
  if (problem !== undefined) throw new UsageError(`replay: the message group from ${source} ${problem}; pass --group ID`);
  return group;
}

export interface ReplaySend {
  readonly queueUrl: string;
  readonly eventId: string;
  readonly messageGroupId: string;
  readonly message: ReplayMessage;
  readonly nowMs: number;
}

/** Sends the body; resolves with SQS's message id. */
export async function sendReplayMessage(client: SQSClient, send: ReplaySend): Promise<string | undefined> {
  const output = await client.send(new SendMessageCommand({
    QueueUrl: send.queueUrl,
    MessageBody: send.message.bodyText,
    MessageGroupId: send.messageGroupId,
    MessageDeduplicationId: freshDeduplicationId(send.eventId, 'replay', send.nowMs, 0),
    MessageAttributes: {
      [MESSAGE_ATTRIBUTE_EVENT_ID]: { DataType: 'String', StringValue: send.eventId },
      [MESSAGE_ATTRIBUTE_RECEIVED_AT]: { DataType: 'Number', StringValue: String(send.nowMs) },
    },
  }));
  return output.MessageId;
}
