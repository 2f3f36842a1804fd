/*
 * The ingress's one write: the accepted event as one SQS FIFO message.
 *
 * eventId is the deduplication id, so a sender's retry within SQS's 5-minute window is stored
 * once; later duplicates are caught by the worker's idempotency record.
 */
import { SendMessageCommand, SQSClient, SQSClientConfig } from '@aws-sdk/client-sqs';
import { INGRESS_AWS_CALL_BUDGET } from '../../src/contract';
import { clientConfigFor } from '../../src/runtime/aws/client-config';
import { QueuedEvent, queueMessageOf } from '../../src/runtime/ingest/queue-message';

export type { QueuedEvent } from '../../src/runtime/ingest/queue-message';

export interface QueueSender {
  /** Resolves with SQS's message id once SQS has stored the message; rejects otherwise. */
  send(event: QueuedEvent): Promise<{ readonly messageId?: string }>;
}

export class SqsQueueSender implements QueueSender {
  constructor(private readonly client: SQSClient, private readonly queueUrl: string) {}

  public async send(event: QueuedEvent): Promise<{ readonly messageId?: string }> {
    const response = await this.client.send(new SendMessageCommand(queueMessageOf(this.queueUrl, event)));
    return { messageId: response.MessageId };
  }
}

/**
 * Short timeouts and bounded retries: API Gateway gives up after 29 s and the sender is waiting,
 * so a slow SQS is answered with a 503 (the sender retries) rather than a hang.
 */
export const SQS_CLIENT_DEFAULTS: SQSClientConfig = clientConfigFor(INGRESS_AWS_CALL_BUDGET);

export function createSqsClient(overrides: SQSClientConfig = {}): SQSClient {
  return new SQSClient({ ...SQS_CLIENT_DEFAULTS, ...overrides });
}
