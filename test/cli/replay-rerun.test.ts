/*
 * `replay --message-file` end to end: dynalite state table, fauxqs queue, and the real worker
 * handler with an in-process processor. The event runs exactly once more.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DeleteMessageCommand, GetQueueAttributesCommand, Message, ReceiveMessageCommand, SendMessageCommand, SQSClient,
} from '@aws-sdk/client-sqs';
import { runCli, useStateTableEmulator } from './harness';
import { DynamoIdempotencyStore } from '../../lambda/aws/idempotency-store';
import { SqsMessageVisibility } from '../../lambda/aws/message-visibility';
import { SqsQueueSender } from '../../lambda/aws/queue-sender';
import { AuditLog } from '../../lambda/core/audit-log';
import { createWorkerHandler } from '../../lambda/worker/worker-handler';
import { ProcessorRequestPayload } from '../../src/private/runtime-contract';
import { lambdaContext, toSqsEvent } from '../lambda/worker/sqs-event';
import { createFifoQueueWithDlq, RunningEmulator, sqsClient, startFauxqs, TEST_AWS } from '../support/emulators';

const TABLE = 'replay-state';
const dynalite = useStateTableEmulator(TABLE);
let fauxqs: RunningEmulator;
let sqs: SQSClient;
let queue: { url: string; arn: string };

beforeAll(async () => {
  fauxqs = await startFauxqs();
  sqs = sqsClient(fauxqs.endpoint);
  const { queueUrl } = await createFifoQueueWithDlq(sqs, 'replay', { maxReceiveCount: 10 });
  const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  queue = { url: queueUrl, arn };
});
afterAll(async () => {
  sqs?.destroy();
  await fauxqs?.stop();
});

const directory = mkdtempSync(path.join(tmpdir(), 'cli-replay-'));
function bodyFile(name: string, text: string): string {
  const file = path.join(directory, name);
  writeFileSync(file, text);
  return file;
}

/** What the event source mapping would do: one receive, one worker invocation, delete what succeeded. */
async function deliverOnce(calls: ProcessorRequestPayload[]): Promise<Message[]> {
  const messages = (await sqs.send(new ReceiveMessageCommand({
    QueueUrl: queue.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'],
  }))).Messages ?? [];
  if (messages.length === 0) return messages;
  const handler = createWorkerHandler({
    store: new DynamoIdempotencyStore(dynalite.client, TABLE),
    processor: { process: async (request) => { calls.push(request); return { kind: 'PROCESSED' }; } },
    visibility: new SqsMessageVisibility(sqs, queue.url),
    log: new AuditLog('worker', () => undefined),
    idempotencyTtlSeconds: 3600,
  });
  const response = await handler(toSqsEvent(messages, queue.arn), lambdaContext());
  expect(response.batchItemFailures).toEqual([]);
  for (const message of messages) {
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: message.ReceiptHandle }));
  }
  return messages;
}

async function storedRecord(eventId: string) {
  return (await dynalite.client.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: `event#${eventId}` } }, ConsistentRead: true }))).Item;
}

function replayArgs(...extra: string[]): string[] {
  return ['replay', ...extra, '--table', TABLE, '--queue-url', queue.url, '--region', TEST_AWS.region];
}

// One --endpoint-url would send DynamoDB and SQS calls to the same emulator: route each by its env var.
beforeAll(() => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynalite.endpoint;
  process.env.AWS_ENDPOINT_URL_SQS = fauxqs.endpoint;
});
afterAll(() => {
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  delete process.env.AWS_ENDPOINT_URL_SQS;
});

describe('replay --message-file', () => {
  test('a COMPLETED event is marked, sent, and run by the worker exactly once more', async () => {
    // Prepare: the ingress queued the event and the worker completed it.
    const calls: ProcessorRequestPayload[] = [];
    const body = '{"id":"evt-r1","customer":{"id":"c-7"},"total":42}';
    await new SqsQueueSender(sqs, queue.url).send({ eventId: 'evt-r1', messageGroupId: 'c-7', bodyText: body, receivedAt: 1_795_000_000_000 });
    await deliverOnce(calls);
    expect(calls).toHaveLength(1);

    // Act
    const result = await runCli(replayArgs('evt-r1', '--force', '--message-file', bodyFile('r1.json', `${body}\n`)));
    const marked = await storedRecord('evt-r1');
    const replayed = await deliverOnce(calls);
    // A later redelivery of the original (outside SQS's dedup window) must not run it again.
    await sqs.send(new SendMessageCommand({
      QueueUrl: queue.url,
      MessageBody: body,
      MessageGroupId: 'c-7',
      MessageDeduplicationId: 'late-redelivery',
      MessageAttributes: { eventId: { DataType: 'String', StringValue: 'evt-r1' } },
    }));
    await deliverOnce(calls);

    // Assess
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^evt-r1: COMPLETED -> FAILED \(ManualReplay\); sent its body to .* \(group c-7, message .+\): the worker runs it now\n$/);
    expect(marked?.status?.S).toBe('FAILED');
    expect(marked?.lastErrorClass?.S).toBe('ManualReplay');
    expect(replayed).toHaveLength(1);
    expect(replayed[0].Attributes?.MessageGroupId).toBe('c-7');
    expect(Number(replayed[0].MessageAttributes?.receivedAt?.StringValue)).toBeGreaterThan(1_795_000_000_000);
    const dedupId = replayed[0].Attributes?.MessageDeduplicationId;
    if (dedupId !== undefined) expect(dedupId).toMatch(/^evt-r1:replay:\d+-0$/);
    expect(calls.map((call) => [call.eventId, call.attempt])).toEqual([['evt-r1', 1], ['evt-r1', 2]]);
    expect(calls[1].payload).toEqual(JSON.parse(body));
    expect(calls[1].messageGroupId).toBe('c-7');
    const after = await storedRecord('evt-r1');
    expect(after?.status?.S).toBe('COMPLETED');
    expect(after?.replayCount?.N).toBe('1');
    expect(Number(after?.replayRequestedAt?.N)).toBeGreaterThan(0);
  });

  test('a FAILED record keeps its last error, gets the replay counted, and --group-pointer picks the group', async () => {
    // Prepare
    const calls: ProcessorRequestPayload[] = [];
    await dynalite.client.send(new PutItemCommand({
      TableName: TABLE,
      Item: { pk: { S: 'event#evt-r2' }, status: { S: 'FAILED' }, attempts: { N: '3' }, messageGroupId: { S: 'old-group' }, lastErrorClass: { S: 'Timeout' } },
    }));

    // Act
    const result = await runCli(replayArgs('evt-r2', '--force', '--message-file', bodyFile('r2.json', '{"account":{"id":99}}'), '--group-pointer', '/account/id'));
    const record = await storedRecord('evt-r2');
    const delivered = await deliverOnce(calls);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^evt-r2: FAILED, replay counted; sent its body to .* \(group 99,/);
    expect(record?.lastErrorClass?.S).toBe('Timeout');
    expect(record?.replayCount?.N).toBe('1');
    expect(delivered.map((message) => message.Attributes?.MessageGroupId)).toEqual(['99']);
    expect(calls.map((call) => [call.eventId, call.attempt])).toEqual([['evt-r2', 4]]);
  });

  test('a send that fails after the record was marked exits 1 and says to run the same command again', async () => {
    // Prepare
    await dynalite.client.send(new PutItemCommand({
      TableName: TABLE, Item: { pk: { S: 'event#evt-r3' }, status: { S: 'COMPLETED' }, messageGroupId: { S: 'g' } },
    }));
    const missingQueue = `${queue.url.replace(/[^/]+$/, '')}no-such-queue.fifo`;

    // Act
    const result = await runCli(['replay', 'evt-r3', '--force', '--message-file', bodyFile('r3.json', '{}'),
      '--table', TABLE, '--queue-url', missingQueue, '--region', TEST_AWS.region]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^ack-fast-webhook: replay evt-r3: the record is marked FAILED but sending the body failed \(.+\); run the same command again\n$/);
    expect((await storedRecord('evt-r3'))?.lastErrorClass?.S).toBe('ManualReplay');
  });

  test.each([
    ['IN_PROGRESS', /replay evt-s-IN_PROGRESS: nothing changed or sent: state is IN_PROGRESS, not COMPLETED/],
    [undefined, /replay evt-s-none: nothing changed or sent: no record/],
  ])('a record in state %s is left alone, nothing is sent, exit 1', async (status, message) => {
    // Prepare
    const eventId = `evt-s-${status ?? 'none'}`;
    if (status) {
      await dynalite.client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: `event#${eventId}` }, status: { S: status } } }));
    }
    const before = await storedRecord(eventId);

    // Act
    const result = await runCli(replayArgs(eventId, '--force', '--message-file', bodyFile(`${eventId}.json`, '{}')));

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(await storedRecord(eventId)).toEqual(before);
    expect(await deliverOnce([])).toEqual([]);
  });
});

describe('replay --message-file: bad input exits 2 with one line, before anything is changed or sent', () => {
  const body = () => bodyFile('ok.json', '{"account":{"id":"a-1"}}');
  const args = (...extra: string[]) => replayArgs('evt-bad', '--force', ...extra);

  beforeAll(async () => {
    await dynalite.client.send(new PutItemCommand({
      TableName: TABLE, Item: { pk: { S: 'event#evt-bad' }, status: { S: 'COMPLETED' }, messageGroupId: { S: 'g' } },
    }));
  });

  test.each([
    [() => ['replay', 'evt-bad', 'evt-other', '--force', '--message-file', body(), '--table', TABLE, '--queue-url', queue.url],
      /--message-file holds one event's body; give exactly one <eventId>, got 2/],
    [() => args('--message-file', path.join(directory, 'absent.json')), /cannot read --message-file .*absent\.json \(ENOENT: no such file/],
    [() => args('--message-file', bodyFile('bad.json', '{"id": ')), /--message-file .*bad\.json is not JSON; save the webhook body exactly as the provider sent it/],
    [() => args('--message-file', bodyFile('array.json', '[1]')), /the webhook body must be a JSON object, as the ingress requires/],
    [() => args('--message-file', bodyFile('big.json', `{"x":"${'a'.repeat(1_048_576)}"}`)), /is larger than 1047552 bytes, more than an SQS message holds/],
    [() => args('--message-file', body(), '--group', 'g', '--group-pointer', '/account/id'), /give --group or --group-pointer, not both/],
    [() => args('--group', 'g'), /--group and --group-pointer only apply with --message-file/],
    [() => args('--message-file', body(), '--group-pointer', '/account/name'), /--group-pointer \/account\/name finds no string or number in the message file; pass --group ID/],
    [() => args('--message-file', body(), '--group-pointer', 'account'), /--group-pointer 'account' is not an RFC 6901 JSON pointer/],
    [() => args('--message-file', body(), '--group', 'has space'), /the message group from --group contains characters other than letters, digits and ASCII punctuation/],
    [() => ['replay', 'evt-bad', '--force', '--message-file', body(), '--table', TABLE], /replay: missing required option --queue-url \(or --outputs FILE/],
    [() => replayArgs('evt-bad', '--message-file', body()), /replay re-runs the event's effect .*nothing was changed\. Add --force to confirm/],
  ])('%#', async (argv, message) => {
    // Prepare
    const before = await storedRecord('evt-bad');

    // Act
    const result = await runCli(argv());

    // Assess
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(await storedRecord('evt-bad')).toEqual(before);
    expect(await deliverOnce([])).toEqual([]);
  });
});
