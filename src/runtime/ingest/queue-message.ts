/*
 * The SQS FIFO message an accepted event becomes, whoever sends it (the ingress, an enqueuer, a
 * sweep): the body as received, the group, the event id as deduplication id (a repeat within SQS's
 * 5 minutes is stored once; later ones are caught by the worker's idempotency record) and the
 * attributes the worker reads.
 */
import type { SendMessageCommandInput } from '@aws-sdk/client-sqs';
import { MESSAGE_ATTRIBUTE_SIGNED_HEADERS, MESSAGE_ATTRIBUTE_EVENT_ID, MESSAGE_ATTRIBUTE_RECEIVED_AT } from '../../contract';

export interface QueuedEvent {
  readonly eventId: string;
  readonly messageGroupId: string;
  /** The webhook body as received (UTF-8 text). */
  readonly bodyText: string;
  /** Epoch milliseconds at which the event was received (the ingress) or found (a sweep). */
  readonly receivedAt: number;
  /** X-Ray trace header to hand to SQS (AWSTraceHeader), so the worker continues the same trace. */
  readonly traceHeader?: string;
  /** JSON of the verified signature headers, kept for the archive (see MESSAGE_ATTRIBUTE_SIGNED_HEADERS); absent: none. */
  readonly signedHeaders?: string;
}

export function queueMessageOf(queueUrl: string, event: QueuedEvent): SendMessageCommandInput {
  return {
    QueueUrl: queueUrl,
    MessageBody: event.bodyText,
    MessageGroupId: event.messageGroupId,
    MessageDeduplicationId: event.eventId,
    MessageAttributes: {
      [MESSAGE_ATTRIBUTE_EVENT_ID]: { DataType: 'String', StringValue: event.eventId },
      [MESSAGE_ATTRIBUTE_RECEIVED_AT]: { DataType: 'Number', StringValue: String(event.receivedAt) },
      ...(event.signedHeaders === undefined ? {} : { [MESSAGE_ATTRIBUTE_SIGNED_HEADERS]: { DataType: 'String', StringValue: event.signedHeaders } }),
    },
    ...(event.traceHeader ? { MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: event.traceHeader } } } : {}),
  };
}
