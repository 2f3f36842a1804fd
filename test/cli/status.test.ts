import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { runCli, useStateTableEmulator } from './harness';
import { TEST_AWS } from '../support/emulators';

const TABLE = 'state';
const emulator = useStateTableEmulator(TABLE);

function statusArgs(eventId: string, ...extra: string[]): string[] {
  return ['status', eventId, '--table', TABLE, '--key-prefix', 'event#', '--region', TEST_AWS.region, '--endpoint-url', emulator.endpoint, ...extra];
}

describe('status', () => {
  const completedAt = Date.UTC(2026, 0, 2, 3, 4, 5);

  beforeAll(async () => {
    await emulator.client.send(new PutItemCommand({
      TableName: TABLE,
      Item: {
        pk: { S: 'event#evt-done' },
        status: { S: 'COMPLETED' },
        attempts: { N: '2' },
        messageGroupId: { S: 'customer-1' },
        firstClaimedAt: { N: String(completedAt - 60_000) },
        updatedAt: { N: String(completedAt) },
        completedAt: { N: String(completedAt) },
        lastErrorClass: { S: 'ProcessorTimeout' },
        lastErrorAt: { N: String(completedAt - 30_000) },
        expiresAt: { N: String(Math.floor(Date.now() / 1000) + 86_400) },
      },
    }));
  });

  test('prints the state, attempts, last error class and ISO timestamps of a COMPLETED record', async () => {
    // Prepare
    const args = statusArgs('evt-done');

    // Act
    const result = await runCli(args);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^state:\s+COMPLETED$/m);
    expect(result.stdout).toMatch(/^attempts:\s+2$/m);
    expect(result.stdout).toMatch(/^last error class:\s+ProcessorTimeout$/m);
    expect(result.stdout).toMatch(/^message group:\s+customer-1$/m);
    expect(result.stdout).toContain(`completed at:        ${new Date(completedAt).toISOString()}`);
  });

  test('--json prints the record as JSON', async () => {
    // Prepare
    const args = statusArgs('evt-done', '--json');

    // Act
    const result = await runCli(args);

    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      eventId: 'evt-done', status: 'COMPLETED', attempts: 2, completedAt,
    });
  });

  test('an unknown event id exits 1 with a clear message', async () => {
    // Prepare
    const args = statusArgs('evt-unknown');

    // Act
    const result = await runCli(args);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/no record for event 'evt-unknown'/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
