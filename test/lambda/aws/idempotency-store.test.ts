import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoIdempotencyStore, recordFromItem } from '../../../src/runtime/aws/idempotency-store';
import { decideClaim, IdempotencyRecord } from '../../../src/runtime/core/claim';
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
  // A write the SDK resent after a lost answer meets its own first write (see the e2e fault tests).
  describe('own writes, repeated', () => {
    test('a repeated claim finds its own lease and is CLAIMED with the same attempt; another owner is held off', async () => {
      // Prepare
      const eventId = newEventId();
      const first = await store.claim(eventId, claimParams('inv-1:m1'));

      // Act
      const repeated = await store.claim(eventId, claimParams('inv-1:m1', NOW_MS + 10));
      const other = await store.claim(eventId, claimParams('inv-2:m1', NOW_MS + 20));

      // Assess
      expect(first).toEqual({ kind: 'CLAIMED', attempt: 1 });
      expect(repeated).toEqual({ kind: 'CLAIMED', attempt: 1 });
      expect(other).toMatchObject({ kind: 'HELD_BY_LIVE_LEASE' });
      expect((await get(eventId))?.attempts).toEqual({ N: '1' });
    });

    test.each(['complete', 'fail'] as const)('a repeated %s is recognised as landed; a stranger\'s is not', async (write) => {
      // Prepare
      const eventId = newEventId();
      await store.claim(eventId, claimParams('inv-1:m1'));
      const release = { leaseOwner: 'inv-1:m1', nowMs: NOW_MS + 5, ttlSeconds: 3600, errorClass: 'Boom' };

      // Act
      const once = await store[write](eventId, release);
      const again = await store[write](eventId, release);
      const stranger = await store[write](eventId, { ...release, leaseOwner: 'inv-9:m1' });

      // Assess
      expect([once, again, stranger]).toEqual([true, true, false]);
      expect((await get(eventId))?.releasedBy).toEqual({ S: 'inv-1:m1' });
    });

    test('hold keeps the event IN_PROGRESS under its lease until the given time, and can be repeated', async () => {
      // Prepare
      const eventId = newEventId();
      await store.claim(eventId, claimParams('inv-1:m1'));
      const hold = { leaseOwner: 'inv-1:m1', nowMs: NOW_MS + 5, ttlSeconds: 3600, errorClass: 'TimeoutError', holdUntilMs: NOW_MS + 50_000 };

      // Act
      const results = [await store.hold(eventId, hold), await store.hold(eventId, hold)];
      const during = await store.claim(eventId, claimParams('inv-2:m1', NOW_MS + 40_000));
      const after = await store.claim(eventId, claimParams('inv-3:m1', NOW_MS + 50_001));

      // Assess
      expect(results).toEqual([true, true]);
      expect(during).toMatchObject({ kind: 'HELD_BY_LIVE_LEASE' });
      expect(after).toEqual({ kind: 'CLAIMED', attempt: 2 });
      expect((await get(eventId))?.lastErrorClass).toEqual({ S: 'TimeoutError' });
    });
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
