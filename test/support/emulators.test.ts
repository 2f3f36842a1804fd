import { PutItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import {
  createFifoQueueWithDlq, createStateTable, dynamoClient, RunningEmulator, sqsClient, startDynalite, startFauxqs,
} from './emulators';

describe('test emulators', () => {
  let dynalite: RunningEmulator;
  let fauxqs: RunningEmulator;
  beforeAll(async () => {
    [dynalite, fauxqs] = await Promise.all([startDynalite(), startFauxqs()]);
  });
  afterAll(async () => {
    await Promise.all([dynalite?.stop(), fauxqs?.stop()]);
  });

  test('dynalite answers DynamoDB calls from the real SDK', async () => {
    const client = dynamoClient(dynalite.endpoint);
    await createStateTable(client, 'probe');
    await client.send(new PutItemCommand({ TableName: 'probe', Item: { pk: { S: 'a' }, n: { N: '1' } } }));
    const got = await client.send(new GetItemCommand({ TableName: 'probe', Key: { pk: { S: 'a' } } }));
    expect(got.Item?.n?.N).toBe('1');
  });

  test('fauxqs answers FIFO SQS calls from the real SDK', async () => {
    const client = sqsClient(fauxqs.endpoint);
    const { queueUrl } = await createFifoQueueWithDlq(client, 'probe');
    await client.send(new SendMessageCommand({
      QueueUrl: queueUrl, MessageBody: '{}', MessageGroupId: 'g', MessageDeduplicationId: 'd',
    }));
    const received = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    expect(received.Messages?.map((m) => m.Body)).toEqual(['{}']);
  });
});
