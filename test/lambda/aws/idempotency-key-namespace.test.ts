/*
 * Two pipelines sharing one state table: each worker's store keys its records under its own
 * prefix, so the same event id in both pipelines is two events, and the key written is exactly
 * what the IAM policy (dynamodb:LeadingKeys `<prefix>*`) allows.
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { eventKeyPrefixOf } from '../../../src/contract';
import { DynamoIdempotencyStore } from '../../../src/runtime/aws/idempotency-store';
import { createStateTable, dynamoClient, RunningEmulator, startDynalite } from '../../support/emulators';

const NOW_MS = 1_800_000_000_000;
const TABLE = 'shared-state';
const claimParams = { leaseOwner: 'worker-1', messageGroupId: 'g1', nowMs: NOW_MS, leaseExpiresAt: NOW_MS + 30_000, ttlSeconds: 3600 };

describe('idempotency keys per pipeline in a shared table (dynalite)', () => {
  let dynalite: RunningEmulator;
  let client: DynamoDBClient;

  beforeAll(async () => {
    dynalite = await startDynalite();
    client = dynamoClient(dynalite.endpoint);
    await createStateTable(client, TABLE);
  });
  afterAll(async () => {
    client?.destroy();
    await dynalite?.stop();
  });

  test('the same event id completed in pipeline A is still new to pipeline B', async () => {
    // Prepare
    const a = new DynamoIdempotencyStore(client, TABLE, eventKeyPrefixOf('orders-Pipeline-1A2B3C4D'));
    const b = new DynamoIdempotencyStore(client, TABLE, eventKeyPrefixOf('refunds-Pipeline-5E6F7A8B'));
    await a.claim('evt-1', claimParams);
    await a.complete('evt-1', { leaseOwner: 'worker-1', nowMs: NOW_MS, ttlSeconds: 3600 });

    // Act
    const inA = await a.claim('evt-1', { ...claimParams, leaseOwner: 'worker-2' });
    const inB = await b.claim('evt-1', claimParams);

    // Assess
    expect(inA.kind).toBe('DUPLICATE_COMPLETED');
    expect(inB.kind).toBe('CLAIMED');
    const keys = (await client.send(new ScanCommand({ TableName: TABLE }))).Items!.map((item) => item.pk.S).sort();
    expect(keys).toEqual(['event#orders-Pipeline-1A2B3C4D#evt-1', 'event#refunds-Pipeline-5E6F7A8B#evt-1']);
  });

  test('a namespace cannot carry # or IAM wildcards into the prefix', () => {
    expect(eventKeyPrefixOf('a#b*c?d e')).toBe('event#a_b_c_d_e#');
  });
});
