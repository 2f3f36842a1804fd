/*
 * A queue's backlog as SQS reports it (approximate counts): what `status` shows, paused or not,
 * and what the local inspector shows.
 */
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';

export interface QueueBacklog {
  /** ApproximateNumberOfMessages: waiting to be received. */
  readonly waiting: number;
  /** ApproximateNumberOfMessagesNotVisible: received, not yet deleted (in flight or failed, waiting out the visibility timeout). */
  readonly inFlight: number;
  /** ApproximateNumberOfMessagesDelayed. */
  readonly delayed: number;
}

export const BACKLOG_ATTRIBUTES = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] as const;

export async function readBacklog(sqs: SQSClient, queueUrl: string): Promise<QueueBacklog> {
  const { Attributes: attributes = {} } = await sqs.send(new GetQueueAttributesCommand({
    QueueUrl: queueUrl, AttributeNames: [...BACKLOG_ATTRIBUTES],
  }));
  const count = (name: typeof BACKLOG_ATTRIBUTES[number]) => Number(attributes[name] ?? 0);
  return { waiting: count('ApproximateNumberOfMessages'), inFlight: count('ApproximateNumberOfMessagesNotVisible'), delayed: count('ApproximateNumberOfMessagesDelayed') };
}

export function formatBacklog(backlog: QueueBacklog): string {
  return `${backlog.waiting} waiting, ${backlog.inFlight} in flight${backlog.delayed > 0 ? `, ${backlog.delayed} delayed` : ''}`;
}
