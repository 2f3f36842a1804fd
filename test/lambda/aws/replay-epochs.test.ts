/*
 * Replay epochs against dynalite: an event replayed in run R runs once more per run, however many
 * times R delivers it; ordinary deliveries of a COMPLETED event stay duplicates. The DynamoDB
 * condition and decideClaim are pinned together on every state, with and without a run.
 */
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoIdempotencyStore, recordFromItem } from '../../../src/runtime/aws/idempotency-store';
import { buildClaimUpdate, decideClaim, IdempotencyRecord } from '../../../src/runtime/core/claim';
import { createStateTable, dynamoClient, RunningEmulator, startDynalite } from '../../support/emulators';

const NOW_MS = 1_800_000_000_000;
const NOW_S = NOW_MS / 1000;
const TABLE = 'state';

function claimParams(owner: string, replayRunId?: string, nowMs = NOW_MS) {
  return { leaseOwner: owner, messageGroupId: 'g1', nowMs, leaseExpiresAt: nowMs + 30_000, ttlSeconds: 3600, replayRunId };
}

function release(owner: string, replayRunId?: string) {
  return { leaseOwner: owner, nowMs: NOW_MS + 5, ttlSeconds: 3600, replayRunId };
}

const KIND_OF_DECISION = { CLAIMABLE: 'CLAIMED', DUPLICATE_COMPLETED: 'DUPLICATE_COMPLETED', HELD_BY_LIVE_LEASE: 'HELD_BY_LIVE_LEASE', OWN_CLAIM: 'CLAIMED' } as const;

describe('replay epochs in the idempotency store', () => {
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
    const item: Record<string, { S: string } | { N: string } | { SS: string[] }> = { pk: { S: `event#${eventId}` } };
    if (record.status !== undefined) item.status = { S: record.status };
    if (record.leaseOwner !== undefined) item.leaseOwner = { S: record.leaseOwner };
    if (record.leaseExpiresAt !== undefined) item.leaseExpiresAt = { N: String(record.leaseExpiresAt) };
    if (record.attempts !== undefined) item.attempts = { N: String(record.attempts) };
    if (record.expiresAt !== undefined) item.expiresAt = { N: String(record.expiresAt) };
    if (record.completedReplayRuns !== undefined) item.completedReplayRuns = { SS: [...record.completedReplayRuns] };
    await client.send(new PutItemCommand({ TableName: TABLE, Item: item }));
  }

  async function stored(eventId: string): Promise<IdempotencyRecord> {
    const output = await client.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: `event#${eventId}` } }, ConsistentRead: true }));
    return recordFromItem(output.Item!);
  }

  const states: Array<[string, IdempotencyRecord | undefined, string | undefined]> = [
    ['absent, run r1', undefined, 'r1'],
    ['COMPLETED, no run', { status: 'COMPLETED', expiresAt: NOW_S + 60, attempts: 1 }, undefined],
    ['COMPLETED, run r1 new', { status: 'COMPLETED', expiresAt: NOW_S + 60, attempts: 1 }, 'r1'],
    ['COMPLETED by r1, run r1 again', { status: 'COMPLETED', expiresAt: NOW_S + 60, attempts: 2, completedReplayRuns: ['r1'] }, 'r1'],
    ['COMPLETED by r1, run r2', { status: 'COMPLETED', expiresAt: NOW_S + 60, attempts: 2, completedReplayRuns: ['r1'] }, 'r2'],
    ['COMPLETED by r1, no run', { status: 'COMPLETED', expiresAt: NOW_S + 60, attempts: 2, completedReplayRuns: ['r1'] }, undefined],
    ['FAILED, run r1', { status: 'FAILED', expiresAt: NOW_S + 60, attempts: 1 }, 'r1'],
    ['IN_PROGRESS live lease, run r1', { status: 'IN_PROGRESS', leaseOwner: 'other', leaseExpiresAt: NOW_MS + 5_000, expiresAt: NOW_S + 60, attempts: 1 }, 'r1'],
  ];

  test.each(states)('claim on %s follows decideClaim', async (_name, record, runId) => {
    // Prepare
    const eventId = newEventId();
    if (record) await put(eventId, record);

    // Act
    const result = await store.claim(eventId, claimParams('me', runId));

    // Assess
    expect(result.kind).toBe(KIND_OF_DECISION[decideClaim(record, NOW_MS, 'me', runId)]);
  });

  test('decideClaim: a new run re-claims a COMPLETED event, its own repeat and ordinary deliveries do not', () => {
    const completedByR1: IdempotencyRecord = { status: 'COMPLETED', expiresAt: NOW_S + 60, completedReplayRuns: ['r1'] };
    expect(decideClaim(completedByR1, NOW_MS, 'me', 'r2')).toBe('CLAIMABLE');
    expect(decideClaim(completedByR1, NOW_MS, 'me', 'r1')).toBe('DUPLICATE_COMPLETED');
    expect(decideClaim(completedByR1, NOW_MS, 'me')).toBe('DUPLICATE_COMPLETED');
  });

  test('one run re-runs once, a second run once more, and the record keeps the history', async () => {
    // Prepare: the original delivery completed.
    const eventId = newEventId();
    expect((await store.claim(eventId, claimParams('orig'))).kind).toBe('CLAIMED');
    expect(await store.complete(eventId, release('orig'))).toBe(true);

    // Act
    const r1 = await store.claim(eventId, claimParams('r1-a', 'r1'));
    expect(await store.complete(eventId, release('r1-a', 'r1'))).toBe(true);
    const r1Again = await store.claim(eventId, claimParams('r1-b', 'r1'));
    const ordinary = await store.claim(eventId, claimParams('late'));
    const r2 = await store.claim(eventId, claimParams('r2-a', 'r2'));
    expect(await store.complete(eventId, release('r2-a', 'r2'))).toBe(true);
    const r2Again = await store.claim(eventId, claimParams('r2-b', 'r2'));

    // Assess
    expect(r1).toEqual({ kind: 'CLAIMED', attempt: 2 });
    expect(r1Again.kind).toBe('DUPLICATE_COMPLETED');
    expect(ordinary.kind).toBe('DUPLICATE_COMPLETED');
    expect(r2).toEqual({ kind: 'CLAIMED', attempt: 3 });
    expect(r2Again.kind).toBe('DUPLICATE_COMPLETED');
    const record = await stored(eventId);
    expect(record.status).toBe('COMPLETED');
    expect([...record.replayRuns!].sort()).toEqual(['r1', 'r2']);
    expect([...record.completedReplayRuns!].sort()).toEqual(['r1', 'r2']);
  });

  test('a run whose attempt failed runs again within the same run (the failure was no effect)', async () => {
    // Prepare
    const eventId = newEventId();
    await store.claim(eventId, claimParams('orig'));
    await store.complete(eventId, release('orig'));
    await store.claim(eventId, claimParams('r1-a', 'r1'));
    await store.fail(eventId, { ...release('r1-a', 'r1'), errorClass: 'Boom' });

    // Act
    const retry = await store.claim(eventId, claimParams('r1-b', 'r1'));

    // Assess
    expect(retry).toEqual({ kind: 'CLAIMED', attempt: 3 });
  });

  test('negative control: without the run id in the claim, a replay of a COMPLETED event is a duplicate', async () => {
    // Prepare
    const eventId = newEventId();
    await store.claim(eventId, claimParams('orig'));
    await store.complete(eventId, release('orig'));

    // Act
    const withoutRun = await store.claim(eventId, claimParams('replayer'));

    // Assess
    expect(withoutRun.kind).toBe('DUPLICATE_COMPLETED');
    expect(buildClaimUpdate(claimParams('x')).conditionExpression).not.toContain('completedReplayRuns');
  });
});
