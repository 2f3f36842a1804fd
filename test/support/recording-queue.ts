import { QueuedEvent, QueueSender } from '../../lambda/aws/queue-sender';

/** A QueueSender that keeps what it was given (for tests whose subject is not SQS). */
export class RecordingQueue implements QueueSender {
  public readonly sent: QueuedEvent[] = [];

  public async send(event: QueuedEvent) {
    this.sent.push(event);
    return { messageId: `m-${this.sent.length}` };
  }
}
