import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { runCli, useStateTableEmulator } from './harness';
import { startSqsMoveTaskFake } from './sqs-move-task-fake';
import { UsageError } from '../../cli/options';
import { findPipelines, parseOutputsFile, selectPipeline } from '../../cli/stack-outputs';
import { TEST_AWS } from '../support/emulators';

const TABLE = 'orders-state';
const emulator = useStateTableEmulator(TABLE);

/** The four outputs of one pipeline, keyed as CDK names them (path + id + 8-hex hash). */
function pipelineOutputs(prefix: string, name: string): Record<string, string> {
  return {
    [`${prefix}WebhookUrlE5A089D5`]: `https://api.example/${name}/webhook`,
    [`${prefix}StateTableName4B7D49DB`]: `${name}-state`,
    [`${prefix}QueueUrlB85BCC43`]: `https://sqs.us-east-2.amazonaws.com/123456789012/${name}.fifo`,
    [`${prefix}DeadLetterQueueUrl516CDC5F`]: `https://sqs.us-east-2.amazonaws.com/123456789012/${name}-dlq.fifo`,
    [`${prefix}EventKeyPrefix9C3E71AA`]: `event#${name}#`,
  };
}

const directory = mkdtempSync(path.join(tmpdir(), 'cli-outputs-'));
let fileCount = 0;
function outputsFile(content: unknown): string {
  const file = path.join(directory, `outputs-${fileCount++}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('stack outputs: finding pipelines', () => {
  test('reads the four outputs of a pipeline, never taking the DLQ URL for the queue URL', () => {
    // Prepare
    const file = parseOutputsFile({ Orders: { ...pipelineOutputs('Pipeline', 'orders'), OtherThing1234ABCD: 'x' } }, 'f.json');

    // Act
    const pipelines = findPipelines(file);

    // Assess
    expect(pipelines).toEqual([{
      stack: 'Orders',
      pipeline: 'Pipeline',
      webhookUrl: 'https://api.example/orders/webhook',
      tableName: 'orders-state',
      queueUrl: 'https://sqs.us-east-2.amazonaws.com/123456789012/orders.fifo',
      deadLetterQueueUrl: 'https://sqs.us-east-2.amazonaws.com/123456789012/orders-dlq.fifo',
      eventKeyPrefix: 'event#orders#',
    }]);
  });

  test('a pipeline whose path ends in "DeadLetter" keeps its queue and DLQ apart; nested paths work', () => {
    // Prepare
    const file = parseOutputsFile({ S: { ...pipelineOutputs('FooDeadLetter', 'foo'), ...pipelineOutputs('AppOrdersPipeline', 'bar') } }, 'f.json');

    // Act
    const pipelines = findPipelines(file);

    // Assess
    expect(pipelines.map((p) => [p.pipeline, p.queueUrl?.split('/').pop(), p.deadLetterQueueUrl?.split('/').pop()])).toEqual([
      ['FooDeadLetter', 'foo.fifo', 'foo-dlq.fifo'],
      ['AppOrdersPipeline', 'bar.fifo', 'bar-dlq.fifo'],
    ]);
  });

  test.each([
    [[], /^--outputs f\.json is not a cdk outputs file \(expected an object of stack names to their outputs\); write it with `cdk deploy --outputs-file FILE`$/],
    [{ S: { PipelineStateTableName4B7D49DB: 3 } }, /at S\.PipelineStateTableName4B7D49DB: every output value must be a string/],
    [{ S: ['x'] }, /at S: each stack must be an object of output names to values/],
  ])('an outputs file shaped %j is rejected naming the field', (json, message) => {
    expect(usageMessage(() => parseOutputsFile(json, 'f.json'))).toMatch(message);
  });
});

describe('stack outputs: choosing one pipeline', () => {
  const twoStacks = parseOutputsFile({ Orders: pipelineOutputs('Pipeline', 'orders'), Refunds: pipelineOutputs('Pipeline', 'refunds') }, 'o.json');
  const twoInOneStack = parseOutputsFile({ App: { ...pipelineOutputs('Shopify', 'a'), ...pipelineOutputs('Stripe', 'b') } }, 'o.json');

  test.each([
    [twoStacks, {}, 'o.json holds 2 pipelines; choose one with --stack Orders --pipeline Pipeline; --stack Refunds --pipeline Pipeline'],
    [twoInOneStack, {}, 'o.json holds 2 pipelines; choose one with --stack App --pipeline Shopify; --stack App --pipeline Stripe'],
    [twoStacks, { stack: 'Nope' }, '--stack Nope is not in o.json; its stacks: Orders, Refunds'],
    [twoInOneStack, { pipeline: 'Paddle' }, 'no pipeline \'Paddle\' in o.json; choose one of: --stack App --pipeline Shopify; --stack App --pipeline Stripe'],
    [parseOutputsFile({ App: { BucketName1234ABCD: 'b' } }, 'o.json'), {}, /o\.json holds no AckFastWebhookPipeline outputs/],
  ])('ambiguous or unknown choices are usage errors listing the choices (%#)', (file, selector, message) => {
    expect(usageMessage(() => selectPipeline(file, selector, 'o.json'))).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
  });

  test('--stack and --pipeline pick one', () => {
    expect(selectPipeline(twoStacks, { stack: 'Refunds' }, 'o.json').tableName).toBe('refunds-state');
    expect(selectPipeline(twoInOneStack, { pipeline: 'Stripe' }, 'o.json').tableName).toBe('b-state');
  });
});

describe('commands with --outputs', () => {
  beforeAll(async () => {
    await emulator.client.send(new PutItemCommand({
      TableName: TABLE,
      Item: { pk: { S: 'event#orders#evt-o1' }, status: { S: 'COMPLETED' }, attempts: { N: '1' } },
    }));
  });

  const status = (...extra: string[]) => runCli(['status', 'evt-o1', '--region', TEST_AWS.region, '--endpoint-url', emulator.endpoint, ...extra]);

  test('status finds the table in the outputs file, choosing the pipeline with --stack', async () => {
    // Prepare
    const file = outputsFile({ Orders: pipelineOutputs('Pipeline', 'orders'), Other: pipelineOutputs('Pipeline', 'other') });

    // Act
    const result = await status('--outputs', file, '--stack', 'Orders');

    // Assess
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^state:\s+COMPLETED$/m);
  });

  test('an explicit --table and --key-prefix win over the outputs file', async () => {
    // Prepare: the file names a table that does not exist.
    const file = outputsFile({ Orders: pipelineOutputs('Pipeline', 'wrong') });

    // Act
    const result = await status('--outputs', file, '--table', TABLE, '--key-prefix', 'event#orders#');

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^state:\s+COMPLETED$/m);
  });

  test('redrive takes both queue URLs from the file', async () => {
    // Prepare
    const sqs = await startSqsMoveTaskFake({ messagesToMove: 1, movedPerPoll: 1 });
    const outputs = pipelineOutputs('Pipeline', 'orders');
    const file = outputsFile({ Orders: outputs });

    // Act
    const result = await runCli(['redrive', '--outputs', file, '--poll-seconds', '0.01', '--region', TEST_AWS.region, '--endpoint-url', sqs.endpoint]);
    await sqs.stop();

    // Assess
    expect(result.code).toBe(0);
    expect(sqs.calls.find((call) => call.action === 'StartMessageMoveTask')?.input).toMatchObject({
      SourceArn: sqs.arnOf(outputs.PipelineDeadLetterQueueUrl516CDC5F),
      DestinationArn: sqs.arnOf(outputs.PipelineQueueUrlB85BCC43),
    });
  });

  test.each([
    [() => ['--outputs', path.join(directory, 'missing.json')], /cannot read --outputs .*missing\.json \(ENOENT: no such file/],
    [() => ['--outputs', outputsFile('{"Orders": ')], /--outputs .* is not JSON; write it with `cdk deploy --outputs-file FILE`/],
    [() => ['--outputs', outputsFile({ A: pipelineOutputs('Pipeline', 'a'), B: pipelineOutputs('Pipeline', 'b') })], /holds 2 pipelines; choose one with --stack A/],
    [() => ['--stack', 'Orders'], /status: --stack and --pipeline choose within --outputs FILE; add --outputs/],
    [() => ['--outputs', outputsFile({ A: { PipelineWebhookUrlE5A089D5: 'u' } })], /pipeline Pipeline in stack A of .* has no StateTableName output; pass --table/],
  ])('bad --outputs input exits 2 with one line saying what to do (%#)', async (extra, message) => {
    // Act
    const result = await status(...extra());

    // Assess
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
