/*
 * The identity of one SQS record as the worker sees it: which event, which group, when received.
 */
import type { SQSRecord } from 'aws-lambda';
import { replayOf, signedHeadersOf } from './replay-attributes';
import { ReplayRunInfo, MESSAGE_ATTRIBUTE_EVENT_ID, MESSAGE_ATTRIBUTE_RECEIVED_AT } from '../../contract';

export interface EventRecord {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly messageGroupId: string;
  /** Undefined when neither the eventId attribute nor a deduplication id is present. */
  readonly eventId?: string;
  /** Epoch ms the ingress received the webhook (SQS's SentTimestamp when the attribute is missing). */
  readonly receivedAt: number;
  readonly body: string;
  /** SQS's ApproximateReceiveCount (1 on the first delivery, also when absent). A failure at maxReceiveCount moves the message to the DLQ. */
  readonly receiveCount: number;
  /** The X-Ray trace the ingress handed to SQS (AWSTraceHeader), when tracing is on. */
  readonly traceHeader?: string;
  /** Set when a replay run sent this delivery (the processor sees it; the claim counts the run as a new effect once). */
  readonly replay?: ReplayRunInfo;
  /** The headers the ingress verified the signature with, for the archive (absent for shared-token). */
  readonly signedHeaders?: Record<string, string>;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function positiveInteger(value: string | undefined): number | undefined {
  const number = Number(value);
  return value !== undefined && Number.isInteger(number) && number > 0 ? number : undefined;
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
    receiveCount: positiveInteger(record.attributes.ApproximateReceiveCount) ?? 1,
    traceHeader: nonEmpty(record.attributes.AWSTraceHeader),
    replay: replayOf(record.messageAttributes),
    signedHeaders: signedHeadersOf(record.messageAttributes),
  };
}
