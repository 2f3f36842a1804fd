import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { runCli, useStateTableEmulator } from './harness';
import { TEST_AWS } from '../support/emulators';

const TABLE = 'state';
const emulator = useStateTableEmulator(TABLE);

async function putCompleted(eventId: string): Promise<void> {
  await emulator.client.send(new PutItemCommand({
    TableName: TABLE,
    Item: {
      pk: { S: `event#${eventId}` },
      status: { S: 'COMPLETED' },
      attempts: { N: '1' },
      messageGroupId: { S: 'g' },
      completedAt: { N: '1767225600000' },
      updatedAt: { N: '1767225600000' },
      expiresAt: { N: String(Math.floor(Date.now() / 1000) + 86_400) },
    },
  }));
}

async function record(eventId: string) {
  return (await emulator.client.send(new GetItemCommand({
    TableName: TABLE, Key: { pk: { S: `event#${eventId}` } }, ConsistentRead: true,
  }))).Item;
}

function replayArgs(...extra: string[]): string[] {
  return ['replay', ...extra, '--table', TABLE, '--key-prefix', 'event#', '--region', TEST_AWS.region, '--endpoint-url', emulator.endpoint];
}

describe('replay', () => {
  test('without --force exits 2, explains why, and changes nothing', async () => {
    // Prepare
    await putCompleted('evt-a');
    const before = await record('evt-a');

    // Act
    const result = await runCli(replayArgs('evt-a'));

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/re-runs the event's effect.*--force/);
    expect(await record('evt-a')).toEqual(before);
  });

  test('--force flips COMPLETED to FAILED with ManualReplay and says when it runs again', async () => {
    // Prepare
    await putCompleted('evt-b');
    await putCompleted('evt-c');

    // Act
    const result = await runCli(replayArgs('evt-b', 'evt-c', '--force'));

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/evt-b: COMPLETED -> FAILED \(ManualReplay\); it will run again on its next delivery/);
    for (const eventId of ['evt-b', 'evt-c']) {
      const item = await record(eventId);
      expect(item?.status?.S).toBe('FAILED');
      expect(item?.lastErrorClass?.S).toBe('ManualReplay');
      expect(item?.replayCount?.N).toBe('1');
      expect(Number(item?.replayRequestedAt?.N)).toBeGreaterThan(0);
      expect(item?.completedAt?.N).toBe('1767225600000');
    }
  });

  test('a record that is not COMPLETED (or missing) is left alone and exits 1', async () => {
    // Prepare
    await putCompleted('evt-d');
    await runCli(replayArgs('evt-d', '--force'));
    const before = await record('evt-d');

    // Act
    const result = await runCli(replayArgs('evt-d', 'evt-missing', '--force'));

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/evt-d: not changed: already FAILED/);
    expect(result.stderr).toMatch(/evt-missing: not changed: no record/);
    expect(await record('evt-d')).toEqual(before);
    expect(await record('evt-missing')).toBeUndefined();
  });
});
