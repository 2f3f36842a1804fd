/*
 * Delays a message's next delivery by changing its visibility, instead of sleeping in the worker.
 */
// Not a dependency of the library: the Lambda Node.js runtime provides SDK v3.
// eslint-disable-next-line import/no-extraneous-dependencies
import { ChangeMessageVisibilityBatchCommand, SQSClient } from '@aws-sdk/client-sqs';

/** SQS's per-call cap on batch entries. */
const MAX_BATCH_ENTRIES = 10;

export interface VisibilityChange {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly visibilityTimeoutSeconds: number;
}

export interface MessageVisibility {
  /** Returns the message ids whose visibility could not be changed. */
  delay(changes: readonly VisibilityChange[]): Promise<string[]>;
}

export class SqsMessageVisibility implements MessageVisibility {
  constructor(private readonly client: SQSClient, private readonly queueUrl: string) {}

  public async delay(changes: readonly VisibilityChange[]): Promise<string[]> {
    const failed: string[] = [];
    for (let start = 0; start < changes.length; start += MAX_BATCH_ENTRIES) {
      const chunk = changes.slice(start, start + MAX_BATCH_ENTRIES);
      // Entry ids must be unique within a call and alphanumeric; positions are both.
      const output = await this.client.send(new ChangeMessageVisibilityBatchCommand({
        QueueUrl: this.queueUrl,
        Entries: chunk.map((change, index) => ({
          Id: String(index),
          ReceiptHandle: change.receiptHandle,
          VisibilityTimeout: change.visibilityTimeoutSeconds,
        })),
      }));
      for (const entry of output.Failed ?? []) {
        const change = chunk[Number(entry.Id)];
        if (change) failed.push(change.messageId);
      }
    }
    return failed;
  }
}
