/*
 * A queue URL from an outputs file decides where the SQS client sends signed requests (and
 * dead-lettered bodies): the CLI checks it before any request.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli, useTestCredentials } from './harness';
import { startSqsMoveTaskFake } from './sqs-move-task-fake';
import { sqsQueueAddress } from '../../cli/pipeline-resources';
import { TEST_AWS } from '../support/emulators';

const directory = mkdtempSync(path.join(tmpdir(), 'cli-queue-url-'));
let files = 0;
function outputsFile(queueUrl: string, deadLetterQueueUrl: string): string {
  const file = path.join(directory, `outputs-${files++}.json`);
  writeFileSync(file, JSON.stringify({
    Orders: {
      PipelineStateTableName4B7D49DB: 'orders-state',
      PipelineQueueUrlB85BCC43: queueUrl,
      PipelineDeadLetterQueueUrl516CDC5F: deadLetterQueueUrl,
    },
  }));
  return file;
}

const SQS = 'https://sqs.us-east-2.amazonaws.com/123456789012';

beforeAll(() => useTestCredentials());

describe('queue URLs from --outputs', () => {
  test.each([
    [`${SQS}/orders.fifo`, { region: 'us-east-2', account: '123456789012' }],
    ['https://sqs-fips.us-gov-west-1.amazonaws.com/123456789012/q', { region: 'us-gov-west-1', account: '123456789012' }],
    ['https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q.fifo', { region: 'cn-north-1', account: '123456789012' }],
    ['https://us-east-2.queue.amazonaws.com/123456789012/q.fifo', { region: 'us-east-2', account: '123456789012' }],
    ['https://sqs.us-east-2.amazonaws.com.evil.example/123456789012/q.fifo', undefined],
    ['https://evil.example/sqs.us-east-2.amazonaws.com/123456789012/q.fifo', undefined],
    ['http://sqs.us-east-2.amazonaws.com/123456789012/q.fifo', undefined],
    ['https://sqs.us-east-2.amazonaws.com/123456789012/q.fifo/../../other', undefined],
    ['http://127.0.0.1:4566/000000000000/q.fifo', undefined],
  ])('%s is an SQS endpoint: %j', (url, expected) => {
    expect(sqsQueueAddress(url)).toEqual(expected);
  });

  test('a non-SQS host from the file is refused before any request reaches it', async () => {
    // Prepare: the "attacker's" host records every request it gets.
    const host = await startSqsMoveTaskFake({ messagesToMove: 1, movedPerPoll: 1 });
    const file = outputsFile(`${host.endpoint}/123456789012/orders.fifo`, `${host.endpoint}/123456789012/orders-dlq.fifo`);

    // Act
    const refused = await runCli(['redrive', '--outputs', file, '--method', 'loop', '--region', TEST_AWS.region]);
    const callsWhenRefused = host.calls.length;
    // Negative control: the override sends to that host, so the refusal above is what kept it from it.
    const allowed = await runCli(['redrive', '--outputs', file, '--method', 'loop', '--region', TEST_AWS.region, '--allow-non-sqs-endpoint']);
    await host.stop();

    // Assess
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/the (DeadLetter)?QueueUrl in .* is not an SQS queue URL .*nothing was sent/);
    expect(callsWhenRefused).toBe(0);
    expect(allowed.code).toBe(0);
    expect(host.calls.map((call) => call.action)).toContain('ReceiveMessage');
  });

  test.each([
    ['an account other than --account', [`${SQS}/orders.fifo`, `${SQS}/orders-dlq.fifo`], ['--account', '999999999999'], /is in account 123456789012, not --account 999999999999/],
    ['a region other than --region', [`${SQS}/orders.fifo`, `${SQS}/orders-dlq.fifo`], ['--region', 'eu-west-1'], /is in region us-east-2, not --region eu-west-1/],
    ['a DLQ in another account than the queue', [`${SQS}/orders.fifo`, 'https://sqs.us-east-2.amazonaws.com/999999999999/steal.fifo'], [],
      /are not in one account and region/],
  ])('%s is refused (exit 2, one line)', async (_name, [queueUrl, dlqUrl], extra, message) => {
    // Prepare
    const file = outputsFile(queueUrl, dlqUrl);

    // Act
    const result = await runCli(['redrive', '--outputs', file, ...extra]);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('an explicit --queue-url is the operator\'s own choice and is not second-guessed', async () => {
    // Prepare
    const host = await startSqsMoveTaskFake({ messagesToMove: 1, movedPerPoll: 1 });

    // Act
    const result = await runCli(['redrive', '--queue-url', `${host.endpoint}/000000000000/orders.fifo`,
      '--dlq-url', `${host.endpoint}/000000000000/orders-dlq.fifo`, '--method', 'loop', '--region', TEST_AWS.region]);
    await host.stop();

    // Assess
    expect(result.code).toBe(0);
    expect(host.calls.map((call) => call.action)).toContain('ReceiveMessage');
  });
});
