/*
 * A real re-run: the webhook body (e.g. saved from the provider's delivery log) put on the
 * pipeline's queue as the ingress would, with the event id and receivedAt attributes, the
 * event's message group and a fresh deduplication id (the event id was used by the original).
 */
import { readFileSync } from 'node:fs';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import * as v from 'valibot';
import { sqsIdProblem } from '../../lambda/core/event-identity';
import { isJsonPointer, resolveJsonPointer } from '../../lambda/core/json-pointer';
import {
  MESSAGE_ATTRIBUTE_EVENT_ID, MESSAGE_ATTRIBUTE_RECEIVED_AT, MESSAGE_ATTRIBUTE_RESERVE_BYTES, SQS_MAX_MESSAGE_BYTES,
} from '../../src/private/runtime-contract';
import { freshDeduplicationId } from '../deduplication-id';
import { jsonObjectOf } from '../json-object';
import { errorMessage, UsageError } from '../options';

/** The ingress accepts JSON objects only, so a replayed body must be one too. */
const WebhookBodySchema = jsonObjectOf(v.unknown(), 'the webhook body must be a JSON object, as the ingress requires');

const MAX_BODY_BYTES = SQS_MAX_MESSAGE_BYTES - MESSAGE_ATTRIBUTE_RESERVE_BYTES;

export interface ReplayMessage {
  readonly bodyText: string;
  readonly payload: Record<string, unknown>;
}

/** Reads and checks the body file; every problem is a usage error naming the file. */
export function readReplayMessage(fileName: string): ReplayMessage {
  let text: string;
  try {
    text = readFileSync(fileName, 'utf8');
  } catch (error) {
    throw new UsageError(`replay: cannot read --message-file ${fileName} (${errorMessage(error)})`);
  }
  // The ingress queues the body without a byte-order mark.
  const bodyText = text.replace(/^\uFEFF/, '');
  if (Buffer.byteLength(bodyText, 'utf8') > MAX_BODY_BYTES) {
    throw new UsageError(`replay: --message-file ${fileName} is larger than ${MAX_BODY_BYTES} bytes, more than an SQS message holds`);
  }
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    throw new UsageError(`replay: --message-file ${fileName} is not JSON; save the webhook body exactly as the provider sent it`);
  }
  const result = v.safeParse(WebhookBodySchema, json);
  if (!result.success) throw new UsageError(`replay: --message-file ${fileName}: ${result.issues[0].message}`);
  return { bodyText, payload: result.output };
}

/** The group at `pointer` in the body: a non-empty string or a finite number, as the ingress reads it. */
export function groupAtPointer(payload: unknown, pointer: string): string {
  if (!isJsonPointer(pointer)) {
    throw new UsageError(`replay: --group-pointer '${pointer}' is not an RFC 6901 JSON pointer (use '/a/b', ~0 for '~', ~1 for '/')`);
  }
  const found = resolveJsonPointer(payload, pointer);
  const value = found.found ? found.value : undefined;
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new UsageError(`replay: --group-pointer ${pointer} finds no string or number in the message file; pass --group ID`);
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
