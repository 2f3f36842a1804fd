import { DeleteMessageCommand, Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

/**
 * Every message on the queue. A FIFO queue hands out one message per group at a time, so each
 * batch is deleted before the next receive; otherwise a duplicate could hide behind the first.
 */
export async function drainQueue(client: SQSClient, queueUrl: string): Promise<Message[]> {
  const all: Message[] = [];
  for (let round = 0; round < 20; round++) {
    const response = await client.send(new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 0,
      MessageAttributeNames: ['All'],
      MessageSystemAttributeNames: ['MessageGroupId', 'MessageDeduplicationId'],
    }));
    const messages = response.Messages ?? [];
    if (messages.length === 0) return all;
    all.push(...messages);
    for (const message of messages) {
      await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
    }
  }
  throw new Error('the queue did not drain in 20 receives');
}
