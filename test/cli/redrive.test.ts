import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { runCli, useTestCredentials } from './harness';
import { createFifoQueueWithDlq, RunningEmulator, sqsClient, startFauxqs, TEST_AWS } from '../support/emulators';
import { drainQueue } from '../support/queue-drain';

let fauxqs: RunningEmulator;
let client: SQSClient;

beforeAll(async () => {
  useTestCredentials();
  fauxqs = await startFauxqs();
  client = sqsClient(fauxqs.endpoint);
});

afterAll(async () => {
  client.destroy();
  await fauxqs.stop();
});

/** Puts messages into the DLQ directly, shaped as the ingress sends them to the source queue. */
async function seedDlq(dlqUrl: string, events: Array<{ eventId: string; group: string }>): Promise<void> {
  for (const [index, event] of events.entries()) {
    await client.send(new SendMessageCommand({
      QueueUrl: dlqUrl,
      MessageBody: JSON.stringify({ n: index, eventId: event.eventId }),
      MessageGroupId: event.group,
      MessageDeduplicationId: event.eventId,
      MessageAttributes: {
        eventId: { DataType: 'String', StringValue: event.eventId },
        receivedAt: { DataType: 'Number', StringValue: String(1767225600000 + index) },
      },
    }));
  }
}

const drain = (queueUrl: string) => drainQueue(client, queueUrl);

async function visibleCount(queueUrl: string): Promise<number> {
  const attributes = (await client.send(new GetQueueAttributesCommand({
    QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
  }))).Attributes!;
  return Number(attributes.ApproximateNumberOfMessages) + Number(attributes.ApproximateNumberOfMessagesNotVisible);
}

function redriveArgs(dlqUrl: string, queueUrl: string, ...extra: string[]): string[] {
  return ['redrive', '--dlq-url', dlqUrl, '--queue-url', queueUrl, '--rate', '200',
    '--region', TEST_AWS.region, '--endpoint-url', fauxqs.endpoint, ...extra];
}

describe('redrive', () => {
  test('auto falls back to the loop on fauxqs (no StartMessageMoveTask) and moves every message with group, attributes, body, fresh dedup id', async () => {
    // Prepare
    const { queueUrl, deadLetterQueueUrl } = await createFifoQueueWithDlq(client, 'redrive-all');
    const events = [
      { eventId: 'evt-1', group: 'customer-a' },
      { eventId: 'evt-2', group: 'customer-b' },
      { eventId: 'evt-3', group: 'customer-a' },
    ];
    await seedDlq(deadLetterQueueUrl, events);

    // Act
    const result = await runCli(redriveArgs(deadLetterQueueUrl, queueUrl));

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Moved 3 message(s) from the DLQ to ${queueUrl} (method: loop)\n`);
    expect(result.stderr).toMatch(/^redrive: method loop \(receive\/send\/delete, 200\/s\): the endpoint does not support the message-move task \(InvalidAction: /);
    expect(result.stderr).toMatch(/redrive: moved \d+ message\(s\) in this batch, 3 in total/);
    const moved = await drain(queueUrl);
    expect(moved).toHaveLength(3);
    const byEvent = new Map(moved.map((message) => [message.MessageAttributes?.eventId?.StringValue, message]));
    for (const [index, event] of events.entries()) {
      const message = byEvent.get(event.eventId);
      expect(message).toBeDefined();
      expect(message!.Attributes?.MessageGroupId).toBe(event.group);
      expect(message!.MessageAttributes?.receivedAt?.StringValue).toBe(String(1767225600000 + index));
      expect(JSON.parse(message!.Body!)).toEqual({ n: index, eventId: event.eventId });
      const dedupId = message!.Attributes?.MessageDeduplicationId;
      if (dedupId !== undefined) {
        expect(dedupId).not.toBe(event.eventId);
        expect(dedupId).toMatch(new RegExp(`^${event.eventId}:redrive:\\d+-\\d+$`));
      }
    }
    expect(await visibleCount(deadLetterQueueUrl)).toBe(0);
  });

  test('a message whose original dedup id was just used still arrives (fresh dedup id)', async () => {
    // Prepare
    const { queueUrl, deadLetterQueueUrl } = await createFifoQueueWithDlq(client, 'redrive-dedup');
    await client.send(new SendMessageCommand({
      QueueUrl: queueUrl, MessageBody: '{}', MessageGroupId: 'g', MessageDeduplicationId: 'evt-9',
    }));
    await drain(queueUrl);
    await seedDlq(deadLetterQueueUrl, [{ eventId: 'evt-9', group: 'g' }]);

    // Act
    const result = await runCli(redriveArgs(deadLetterQueueUrl, queueUrl));

    // Assess
    expect(result.code).toBe(0);
    const moved = await drain(queueUrl);
    expect(moved.map((message) => message.MessageAttributes?.eventId?.StringValue)).toEqual(['evt-9']);
  });

  test('--max stops after N messages and leaves the rest in the DLQ', async () => {
    // Prepare
    const { queueUrl, deadLetterQueueUrl } = await createFifoQueueWithDlq(client, 'redrive-max');
    await seedDlq(deadLetterQueueUrl, [1, 2, 3, 4].map((n) => ({ eventId: `evt-m${n}`, group: 'g' })));

    // Act
    const result = await runCli(redriveArgs(deadLetterQueueUrl, queueUrl, '--max', '2'));

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Moved 2 message\(s\)/);
    expect(result.stderr).toMatch(/method loop .*: --max given/);
    expect((await drain(queueUrl)).map((m) => m.MessageAttributes?.eventId?.StringValue)).toEqual(['evt-m1', 'evt-m2']);
    expect(await visibleCount(deadLetterQueueUrl)).toBe(2);
  });

  test('--method loop runs the loop without trying the move task', async () => {
    // Prepare
    const { queueUrl, deadLetterQueueUrl } = await createFifoQueueWithDlq(client, 'redrive-loop');
    await seedDlq(deadLetterQueueUrl, [{ eventId: 'evt-l1', group: 'g' }]);

    // Act
    const result = await runCli(redriveArgs(deadLetterQueueUrl, queueUrl, '--method', 'loop'));

    // Assess
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^redrive: method loop \(receive\/send\/delete, 200\/s\): --method loop\n/);
    expect(result.stdout).toBe(`Moved 1 message(s) from the DLQ to ${queueUrl} (method: loop)\n`);
    expect((await drain(queueUrl)).map((m) => m.MessageAttributes?.eventId?.StringValue)).toEqual(['evt-l1']);
  });

  test('--method move-task on fauxqs exits 1 naming the unsupported call and --method loop, moving nothing', async () => {
    // Prepare
    const { queueUrl, deadLetterQueueUrl } = await createFifoQueueWithDlq(client, 'redrive-mt');
    await seedDlq(deadLetterQueueUrl, [{ eventId: 'evt-t1', group: 'g' }]);

    // Act
    const result = await runCli(redriveArgs(deadLetterQueueUrl, queueUrl, '--method', 'move-task'));

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/does not support the message-move task \(InvalidAction: .*\); use --method loop\n$/);
    expect(await visibleCount(deadLetterQueueUrl)).toBe(1);
    expect(await visibleCount(queueUrl)).toBe(0);
  });

  test('an invalid --rate exits 2 before touching the queues', async () => {
    // Prepare
    const args = redriveArgs('http://localhost/dlq', 'http://localhost/q', '--rate', '0');

    // Act
    const result = await runCli(args);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--rate must be a positive number/);
  });
});
