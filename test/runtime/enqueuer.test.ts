/*
 * createEnqueuer through the real SDK clients against fauxqs (SQS FIFO) and dynalite: the message
 * it sends is the one the ingress sends for the same body, the received check reads this
 * pipeline's idempotency record (and only its key), and the ingress's rules refuse the same bodies.
 */
import { Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { SqsQueueSender } from '../../lambda/aws/queue-sender';
import { StaticSecretSource } from '../../lambda/aws/secret-source';
import { createIngressHandler } from '../../lambda/ingress/ingress-handler';
import { EnqueueRuntimeConfig, eventKeyPrefixOf, IngressRuntimeConfig } from '../../src/contract';
import { createEnqueuer, EnqueueRejectedError, eventIdFromPointers } from '../../src/runtime';
import { DynamoIdempotencyStore } from '../../src/runtime/aws/idempotency-store';
import { AuditLog } from '../../src/runtime/observability/audit-log';
import {
  createFifoQueueWithDlq, createStateTable, dynamoClient, RunningEmulator, sqsClient, startDynalite, startFauxqs,
} from '../support/emulators';
import { SCHEMES } from '../support/signing-schemes';

const NOW_MS = 1_800_000_000_000;
const TABLE = 'enqueuer-state';
const PREFIX = eventKeyPrefixOf('test-Webhooks-1A2B3C4D');
const ID_POINTERS = ['/ticket/id', '/ticket/lastMessage/createdAt'];
const TOKEN = SCHEMES['shared-token'];

const ticketEvent = (ticketId: string, createdAt = '2026-11-24T12:00:00Z') => ({
  event: 'customer.message', ticket: { id: ticketId, lastMessage: { text: 'Where is my order?', createdAt } },
});

let fauxqs: RunningEmulator;
let dynalite: RunningEmulator;
let sqs: SQSClient;
let dynamo: ReturnType<typeof dynamoClient>;
let queueNumber = 0;

beforeAll(async () => {
  [fauxqs, dynalite] = await Promise.all([startFauxqs(), startDynalite()]);
  sqs = sqsClient(fauxqs.endpoint);
  dynamo = dynamoClient(dynalite.endpoint);
  await createStateTable(dynamo, TABLE);
});
afterAll(async () => {
  sqs?.destroy();
  dynamo?.destroy();
  await Promise.all([fauxqs?.stop(), dynalite?.stop()]);
});

async function freshQueue(): Promise<string> {
  return (await createFifoQueueWithDlq(sqs, `enqueuer-${process.pid}-${++queueNumber}`)).queueUrl;
}

function rules(queueUrl: string, receivedCheck = true): EnqueueRuntimeConfig {
  return {
    queueUrl,
    maxBodyBytes: 4096,
    eventIdHeaders: [],
    eventIdJsonPointers: ID_POINTERS,
    messageGroupIdJsonPointer: '/ticket/id',
    requiredJsonPointers: ['/ticket/id', '/event', ...ID_POINTERS.slice(1)],
    receivedCheck: receivedCheck ? { tableName: TABLE, eventKeyPrefix: PREFIX } : undefined,
  };
}

async function receiveAll(queueUrl: string): Promise<Message[]> {
  const output = await sqs.send(new ReceiveMessageCommand({
    QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'],
  }));
  return output.Messages ?? [];
}

/** What the worker sees of a message: body, group, deduplication id and the attributes. */
const shapeOf = (message: Message) => ({
  body: message.Body,
  group: message.Attributes?.MessageGroupId,
  deduplicationId: message.Attributes?.MessageDeduplicationId,
  attributes: Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, [value.DataType, value.StringValue]])),
});

describe('createEnqueuer (fauxqs + dynalite)', () => {
  test('sends the message the ingress sends for the same body: body, group, deduplication id, attributes', async () => {
    // Prepare
    const [ingressQueue, enqueuerQueue] = [await freshQueue(), await freshQueue()];
    const bodyText = JSON.stringify(ticketEvent('t-100'));
    const ingressConfig: IngressRuntimeConfig = { ...rules(ingressQueue), authentication: TOKEN.auth, secretCacheTtlSeconds: 60 };
    const ingress = createIngressHandler({
      config: ingressConfig,
      secrets: new StaticSecretSource(TOKEN.secrets),
      queue: new SqsQueueSender(sqs, ingressQueue),
      log: new AuditLog('ingress', () => undefined),
      now: () => NOW_MS,
    });
    const enqueuer = createEnqueuer({ config: rules(enqueuerQueue), sqsClient: sqs, dynamoDbClient: dynamo, now: () => NOW_MS });

    // Act
    const pushed = await ingress({
      headers: { 'content-type': 'application/json', ...TOKEN.sign(Buffer.from(bodyText)) }, body: bodyText, isBase64Encoded: false, requestContext: {},
    } as unknown as APIGatewayProxyEvent);
    const enqueued = await enqueuer.enqueue(bodyText);

    // Assess
    expect(pushed.statusCode).toBe(200);
    expect(JSON.parse(pushed.body).eventId).toBe(enqueued.eventId);
    const [fromIngress] = await receiveAll(ingressQueue);
    const [fromEnqueuer] = await receiveAll(enqueuerQueue);
    expect(shapeOf(fromEnqueuer)).toEqual(shapeOf(fromIngress));
    expect(shapeOf(fromEnqueuer)).toEqual({
      body: bodyText,
      group: 't-100',
      deduplicationId: (eventIdFromPointers(JSON.parse(bodyText), ID_POINTERS) as { eventId: string }).eventId,
      attributes: { eventId: ['String', enqueued.eventId], receivedAt: ['Number', String(NOW_MS)] },
    });
  });

  test('an object is queued as its JSON; the same event twice within 5 minutes is stored once (deduplication id)', async () => {
    // Prepare
    const queueUrl = await freshQueue();
    const enqueuer = createEnqueuer({ config: rules(queueUrl), sqsClient: sqs, dynamoDbClient: dynamo, now: () => NOW_MS });

    // Act
    const first = await enqueuer.enqueue(ticketEvent('t-200'));
    const second = await enqueuer.enqueue({ ...ticketEvent('t-200'), extra: 'other fields do not change the id' });

    // Assess
    expect(second.eventId).toBe(first.eventId);
    expect((await receiveAll(queueUrl)).map((message) => message.Body)).toEqual([JSON.stringify(ticketEvent('t-200'))]);
  });

  test('skipIfReceived: an event with an idempotency record under this pipeline\'s prefix is not sent again', async () => {
    // Prepare: the worker's own store writes the record, as it would for a pushed event.
    const queueUrl = await freshQueue();
    const enqueuer = createEnqueuer({ config: rules(queueUrl), sqsClient: sqs, dynamoDbClient: dynamo, now: () => NOW_MS });
    const received = ticketEvent('t-300');
    const eventId = (eventIdFromPointers(received, ID_POINTERS) as { eventId: string }).eventId;
    await new DynamoIdempotencyStore(dynamo, TABLE, PREFIX).claim(eventId, {
      leaseOwner: 'worker', messageGroupId: 't-300', nowMs: NOW_MS, leaseExpiresAt: NOW_MS + 30_000, ttlSeconds: 3600,
    });
    // Another pipeline received t-301's event: a record under its prefix is not this pipeline's.
    const elsewhere = ticketEvent('t-301');
    await new DynamoIdempotencyStore(dynamo, TABLE, eventKeyPrefixOf('other-Webhooks-5E6F7A8B')).claim(
      (eventIdFromPointers(elsewhere, ID_POINTERS) as { eventId: string }).eventId,
      { leaseOwner: 'worker', messageGroupId: 't-301', nowMs: NOW_MS, leaseExpiresAt: NOW_MS + 30_000, ttlSeconds: 3600 },
    );

    // Act
    const skipped = await enqueuer.enqueue(received, { skipIfReceived: true });
    const sentElsewhere = await enqueuer.enqueue(elsewhere, { skipIfReceived: true });
    // Negative control: without the check, the received event is sent.
    const unchecked = await enqueuer.enqueue(received);

    // Assess
    expect(skipped).toEqual({ outcome: 'ALREADY_RECEIVED', eventId, messageGroupId: 't-300' });
    expect(sentElsewhere.outcome).toBe('ENQUEUED');
    expect(unchecked.outcome).toBe('ENQUEUED');
    expect((await receiveAll(queueUrl)).map((message) => message.Attributes?.MessageGroupId).sort()).toEqual(['t-300', 't-301']);
  });

  test.each([
    [{ event: 'customer.message', ticket: { id: 't-1', lastMessage: {} } }, 400, 'required_field_missing', '/ticket/lastMessage/createdAt'],
    [{ event: 'customer.message', ticket: { id: 't-1', lastMessage: { createdAt: ' ' } } }, 400, 'required_field_empty', '/ticket/lastMessage/createdAt'],
    [{ event: 'customer.message', ticket: { id: { no: 1 }, lastMessage: { createdAt: 'x' } } }, 400, 'invalid_event_id', '/ticket/id'],
    [{ ...ticketEvent('t-1'), padding: 'x'.repeat(5000) }, 413, 'body_too_large', '4096 bytes'],
  ])('refuses what the ingress refuses: %#', async (event, statusCode, reason, named) => {
    // Prepare
    const queueUrl = await freshQueue();
    const enqueuer = createEnqueuer({ config: rules(queueUrl), sqsClient: sqs, dynamoDbClient: dynamo });

    // Act
    const attempt = enqueuer.enqueue(event);

    // Assess
    await expect(attempt).rejects.toThrow(EnqueueRejectedError);
    await attempt.catch((error: EnqueueRejectedError) => {
      expect({ statusCode: error.statusCode, reason: error.reason }).toEqual({ statusCode, reason });
      expect(error.message).toContain(named);
    });
    expect(await receiveAll(queueUrl)).toEqual([]);
  });

  test('leaves out what the ingress filters out: FILTERED, nothing sent, as the ingress answers {"filtered":true}', async () => {
    // Prepare
    const [ingressQueue, enqueuerQueue] = [await freshQueue(), await freshQueue()];
    const filters = [{ pointer: '/event', acceptedValues: ['conversation.created'] }];
    const ingress = createIngressHandler({
      config: { ...rules(ingressQueue), ingressFilters: filters, authentication: TOKEN.auth, secretCacheTtlSeconds: 60 },
      secrets: new StaticSecretSource(TOKEN.secrets),
      queue: new SqsQueueSender(sqs, ingressQueue),
      log: new AuditLog('ingress', () => undefined),
      now: () => NOW_MS,
    });
    const enqueuer = createEnqueuer({ config: { ...rules(enqueuerQueue), ingressFilters: filters }, sqsClient: sqs, dynamoDbClient: dynamo });
    // Negative control: the same rules without the filter send the event.
    const unfiltered = createEnqueuer({ config: rules(enqueuerQueue), sqsClient: sqs, dynamoDbClient: dynamo });
    const bodyText = JSON.stringify(ticketEvent('t-400'));

    // Act
    const pushed = await ingress({
      headers: { 'content-type': 'application/json', ...TOKEN.sign(Buffer.from(bodyText)) }, body: bodyText, isBase64Encoded: false, requestContext: {},
    } as unknown as APIGatewayProxyEvent);
    const filtered = await enqueuer.enqueue(bodyText, { skipIfReceived: true });
    const queuedWhileFiltered = await receiveAll(enqueuerQueue);
    const sent = await unfiltered.enqueue(bodyText);

    // Assess
    expect([pushed.statusCode, JSON.parse(pushed.body).filtered]).toEqual([200, true]);
    expect(await receiveAll(ingressQueue)).toEqual([]);
    expect(filtered).toMatchObject({ outcome: 'FILTERED', messageGroupId: 't-400', filteredBy: { pointer: '/event', reason: 'filter_value_not_accepted' } });
    expect(queuedWhileFiltered).toEqual([]);
    expect(sent.outcome).toBe('ENQUEUED');
    expect(await receiveAll(enqueuerQueue)).toHaveLength(1);
  });

  test('skipIfReceived without the grant\'s received check says which grant option is missing', async () => {
    const enqueuer = createEnqueuer({ config: rules(await freshQueue(), false), sqsClient: sqs });
    await expect(enqueuer.enqueue(ticketEvent('t-9'), { skipIfReceived: true })).rejects.toThrow(/grantEnqueue\(fn, \{ allowReceivedCheck: true \}\)/);
  });

  test('without a configuration it names the variable and the grant that sets it', () => {
    const saved = process.env.ACK_FAST_ENQUEUE_CONFIG;
    delete process.env.ACK_FAST_ENQUEUE_CONFIG;
    try {
      expect(() => createEnqueuer()).toThrow(/ACK_FAST_ENQUEUE_CONFIG is not set: call pipeline.grantEnqueue\(fn\)/);
    } finally {
      if (saved !== undefined) process.env.ACK_FAST_ENQUEUE_CONFIG = saved;
    }
  });
});
