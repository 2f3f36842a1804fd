/*
 * The identity of one SQS record as the worker sees it: which event, which group, when received.
 */
import type { SQSRecord } from 'aws-lambda';
import { MESSAGE_ATTRIBUTE_EVENT_ID, MESSAGE_ATTRIBUTE_RECEIVED_AT } from '../../private/runtime-contract';

export interface EventRecord {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly messageGroupId: string;
  /** Undefined when neither the eventId attribute nor a deduplication id is present. */
  readonly eventId?: string;
  /** Epoch ms the ingress received the webhook (SQS's SentTimestamp when the attribute is missing). */
  readonly receivedAt: number;
  readonly body: string;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

export function toEventRecord(record: SQSRecord): EventRecord {
  const receivedAt = Number(record.messageAttributes?.[MESSAGE_ATTRIBUTE_RECEIVED_AT]?.stringValue);
  return {
    messageId: record.messageId,
    receiptHandle: record.receiptHandle,
    // A FIFO record always carries a group; a standard queue would not, so fall back to one per message.
    messageGroupId: nonEmpty(record.attributes.MessageGroupId) ?? record.messageId,
    eventId: nonEmpty(record.messageAttributes?.[MESSAGE_ATTRIBUTE_EVENT_ID]?.stringValue)
      ?? nonEmpty(record.attributes.MessageDeduplicationId),
    receivedAt: Number.isFinite(receivedAt) && receivedAt > 0 ? receivedAt : Number(record.attributes.SentTimestamp),
    body: record.body,
  };
}
