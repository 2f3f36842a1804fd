import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { runCli, useStateTableEmulator } from './harness';
import { eventPathQuery } from '../../src/private/log-queries';
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

  describe('console link to the event\'s path in the audit log', () => {
    const logGroups = ['--ingress-log-group', '/aws/lambda/ingress-lg', '--worker-log-group', 'TestStack-PipelineWorkerLogGroup-ABC'];
    /** Undoes the console's fragment escaping ('*' for '%'). */
    const consoleUnescape = (text: string) => decodeURIComponent(text.replace(/\*/g, '%'));

    test('with the log groups, a Logs Insights link opens the saved event-path query for this id over both groups', async () => {
      // Act
      const result = await runCli(statusArgs('evt-done', ...logGroups));

      // Assess
      expect(result.code).toBe(0);
      const link = /^event path \(logs\):\s+(\S+)$/m.exec(result.stdout)?.[1];
      expect(link).toBeDefined();
      const url = new URL(link!);
      expect(url.origin).toBe(`https://${TEST_AWS.region}.console.aws.amazon.com`);
      expect(url.searchParams.get('region')).toBe(TEST_AWS.region);
      const detail = /^#logsV2:logs-insights\$3FqueryDetail\$3D~\(end~0~start~-(\d+)~timeType~'RELATIVE~unit~'seconds~editorString~'([^~]+)~source~\(~'([^~]+)~'([^~)]+)\)\)$/.exec(url.hash);
      expect(detail).not.toBeNull();
      const [, start, query, first, second] = detail!;
      expect(consoleUnescape(query)).toBe(eventPathQuery('evt-done'));
      expect([consoleUnescape(first), consoleUnescape(second)]).toEqual(['/aws/lambda/ingress-lg', 'TestStack-PipelineWorkerLogGroup-ABC']);
      // From an hour before the record's first claim.
      expect(Number(start)).toBeGreaterThanOrEqual(Math.ceil((Date.now() - (completedAt - 60_000)) / 1000));
    });

    test('an id with quotes and a backslash stays one string literal in the query', async () => {
      expect(eventPathQuery('a"b\\c')).toContain('filter eventId = "a\\"b\\\\c"');
    });

    test('--json carries the link; an unknown id names it in the error; without the log groups no link is printed', async () => {
      const json = await runCli(statusArgs('evt-done', '--json', ...logGroups));
      expect(JSON.parse(json.stdout).eventPathQueryUrl).toMatch(/^https:\/\/.*logs-insights/);
      const unknown = await runCli(statusArgs('evt-unknown', ...logGroups));
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/no record for event 'evt-unknown'.*; its audit log lines, if any: https:\/\/\S+logs-insights/);
      const plain = await runCli(statusArgs('evt-done'));
      expect(plain.stdout).not.toContain('event path (logs)');
    });
  });
});
