import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoIdempotencyStore, recordFromItem } from '../../../lambda/aws/idempotency-store';
import { decideClaim, IdempotencyRecord } from '../../../lambda/core/claim';
import { createStateTable, dynamoClient, RunningEmulator, startDynalite } from '../../support/emulators';

const NOW_MS = 1_800_000_000_000;
const NOW_S = NOW_MS / 1000;
const TABLE = 'state';

function claimParams(owner: string, nowMs = NOW_MS) {
  return { leaseOwner: owner, messageGroupId: 'g1', nowMs, leaseExpiresAt: nowMs + 30_000, ttlSeconds: 3600 };
}

describe('DynamoIdempotencyStore against dynalite', () => {
  let dynalite: RunningEmulator;
  let client: DynamoDBClient;
  let store: DynamoIdempotencyStore;
  let counter = 0;
  const newEventId = () => `evt-${++counter}`;

  beforeAll(async () => {
    dynalite = await startDynalite();
    client = dynamoClient(dynalite.endpoint);
    await createStateTable(client, TABLE);
    store = new DynamoIdempotencyStore(client, TABLE);
  });
  afterAll(async () => {
    client?.destroy();
    await dynalite?.stop();
  });

  async function put(eventId: string, record: IdempotencyRecord): Promise<void> {
    const item: Record<string, { S: string } | { N: string }> = { pk: { S: `event#${eventId}` } };
    if (record.status !== undefined) item.status = { S: record.status };
    if (record.leaseOwner !== undefined) item.leaseOwner = { S: record.leaseOwner };
    if (record.leaseExpiresAt !== undefined) item.leaseExpiresAt = { N: String(record.leaseExpiresAt) };
    if (record.attempts !== undefined) item.attempts = { N: String(record.attempts) };
    if (record.expiresAt !== undefined) item.expiresAt = { N: String(record.expiresAt) };
    await client.send(new PutItemCommand({ TableName: TABLE, Item: item }));
  }

  async function get(eventId: string) {
    const output = await client.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: `event#${eventId}` } }, ConsistentRead: true }));
    return output.Item;
  }

  // The DynamoDB condition and decideClaim must agree on every state.
  const states: Array<[string, IdempotencyRecord | undefined]> = [
    ['absent', undefined],
    ['COMPLETED, TTL expired', { status: 'COMPLETED', expiresAt: NOW_S - 1, attempts: 1 }],
    ['COMPLETED', { status: 'COMPLETED', expiresAt: NOW_S + 60, attempts: 1 }],
    ['FAILED', { status: 'FAILED', expiresAt: NOW_S + 60, attempts: 1 }],
    ['IN_PROGRESS, live lease', { status: 'IN_PROGRESS', leaseOwner: 'other', leaseExpiresAt: NOW_MS + 5_000, expiresAt: NOW_S + 60, attempts: 1 }],
    ['IN_PROGRESS, expired lease', { status: 'IN_PROGRESS', leaseOwner: 'other', leaseExpiresAt: NOW_MS - 1, expiresAt: NOW_S + 60, attempts: 1 }],
  ];

  test.each(states)('claim on %s follows decideClaim', async (_name, record) => {
    // Prepare
    const eventId = newEventId();
    if (record) await put(eventId, record);

    // Act
    const result = await store.claim(eventId, claimParams('me'));

    // Assess
    const expected = ({ CLAIMABLE: 'CLAIMED', DUPLICATE_COMPLETED: 'DUPLICATE_COMPLETED', HELD_BY_LIVE_LEASE: 'HELD_BY_LIVE_LEASE', OWN_CLAIM: 'CLAIMED' } as const)[decideClaim(record, NOW_MS)];
    expect(result.kind).toBe(expected);
    const stored = recordFromItem((await get(eventId))!);
    expect(stored.leaseOwner).toBe(expected === 'CLAIMED' ? 'me' : record?.leaseOwner);
  });

  test('a claim writes the record the docs describe', async () => {
    // Prepare
    const eventId = newEventId();

    // Act
    const result = await store.claim(eventId, claimParams('req:msg'));

    // Assess
    expect(result).toEqual({ kind: 'CLAIMED', attempt: 1 });
    expect(await get(eventId)).toEqual({
      pk: { S: `event#${eventId}` },
      status: { S: 'IN_PROGRESS' },
      leaseOwner: { S: 'req:msg' },
      leaseExpiresAt: { N: String(NOW_MS + 30_000) },
      attempts: { N: '1' },
      messageGroupId: { S: 'g1' },
      firstClaimedAt: { N: String(NOW_MS) },
      updatedAt: { N: String(NOW_MS) },
      expiresAt: { N: String(NOW_S + 3600) },
    });
  });

  test('fail then reclaim counts attempts and keeps the first claim time', async () => {
    // Prepare
    const eventId = newEventId();
    await store.claim(eventId, claimParams('a'));
    const failedRecorded = await store.fail(eventId, { leaseOwner: 'a', nowMs: NOW_MS + 10, ttlSeconds: 3600, errorClass: 'Boom' });

    // Act
    const result = await store.claim(eventId, claimParams('b', NOW_MS + 20));

    // Assess
    expect(failedRecorded).toBe(true);
    expect(result).toEqual({ kind: 'CLAIMED', attempt: 2 });
    const item = await get(eventId);
    expect(item?.firstClaimedAt).toEqual({ N: String(NOW_MS) });
    expect(item?.lastErrorClass).toEqual({ S: 'Boom' });
  });

  test('complete drops the lease; a lost lease is reported, not thrown', async () => {
    // Prepare
    const eventId = newEventId();
    await store.claim(eventId, claimParams('a'));

    // Act
    const byStranger = await store.complete(eventId, { leaseOwner: 'b', nowMs: NOW_MS + 5, ttlSeconds: 3600 });
    const byOwner = await store.complete(eventId, { leaseOwner: 'a', nowMs: NOW_MS + 5, ttlSeconds: 7200 });

    // Assess
    expect(byStranger).toBe(false);
    expect(byOwner).toBe(true);
    const item = await get(eventId);
    expect(item?.status).toEqual({ S: 'COMPLETED' });
    expect(item?.completedAt).toEqual({ N: String(NOW_MS + 5) });
    expect(item?.leaseOwner).toBeUndefined();
    expect(item?.leaseExpiresAt).toBeUndefined();
    expect(item?.expiresAt).toEqual({ N: String(NOW_S + 7200) });
  });
});

describe('DynamoIdempotencyStore with the blocking item returned (ReturnValuesOnConditionCheckFailure)', () => {
  test('classifies from the returned item without reading it back', async () => {
    // Prepare
    const sent: string[] = [];
    const client = {
      send: async (command: object) => {
        sent.push(command.constructor.name);
        throw new ConditionalCheckFailedException({
          message: 'The conditional request failed',
          $metadata: {},
          Item: { pk: { S: 'event#e' }, status: { S: 'COMPLETED' }, expiresAt: { N: String(NOW_S + 60) } },
        });
      },
    } as unknown as DynamoDBClient;

    // Act
    const result = await new DynamoIdempotencyStore(client, TABLE).claim('e', claimParams('me'));

    // Assess
    expect(result).toEqual({ kind: 'DUPLICATE_COMPLETED' });
    expect(sent).toEqual(['UpdateItemCommand']);
  });
});
