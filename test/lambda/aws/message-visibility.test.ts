import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { SqsMessageVisibility } from '../../../src/runtime/aws/message-visibility';
import { createFifoQueueWithDlq, RunningEmulator, sqsClient, startFauxqs } from '../../support/emulators';

describe('SqsMessageVisibility against fauxqs', () => {
  let fauxqs: RunningEmulator;
  let client: SQSClient;

  beforeAll(async () => {
    fauxqs = await startFauxqs();
    client = sqsClient(fauxqs.endpoint);
  });
  afterAll(async () => {
    client?.destroy();
    await fauxqs?.stop();
  });

  test('a delayed message comes back after its delay, not before', async () => {
    // Prepare
    const { queueUrl } = await createFifoQueueWithDlq(client, 'visibility', { visibilityTimeoutSeconds: 30 });
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{}', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }));
    const [message] = (await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }))).Messages!;
    const visibility = new SqsMessageVisibility(client, queueUrl);

    // Act
    const failed = await visibility.delay([{ messageId: message.MessageId!, receiptHandle: message.ReceiptHandle!, visibilityTimeoutSeconds: 1 }]);
    const tooEarly = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const later = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }));

    // Assess
    expect(failed).toEqual([]);
    expect(tooEarly.Messages ?? []).toHaveLength(0);
    expect(later.Messages?.map((m) => m.MessageId)).toEqual([message.MessageId]);
  });

  test('an unknown receipt handle is reported by message id', async () => {
    // Prepare
    const { queueUrl } = await createFifoQueueWithDlq(client, 'visibility-bad');
    const visibility = new SqsMessageVisibility(client, queueUrl);

    // Act
    const failed = await visibility.delay([{ messageId: 'm-x', receiptHandle: 'not-a-handle', visibilityTimeoutSeconds: 5 }]);

    // Assess
    expect(failed).toEqual(['m-x']);
  });
});
