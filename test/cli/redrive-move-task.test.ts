import { SQSClient } from '@aws-sdk/client-sqs';
import { runCli, useTestCredentials } from './harness';
import { SqsMoveTaskFake, startSqsMoveTaskFake, MoveTaskFakeOptions } from './sqs-move-task-fake';
import { main } from '../../cli/ack-fast-webhook';
import { followMoveTask, startMoveTask } from '../../cli/redrive/move-task';
import { TEST_AWS } from '../support/emulators';

const DLQ_URL = 'http://sqs.local/000000000000/orders-dlq.fifo';
const QUEUE_URL = 'http://sqs.local/000000000000/orders.fifo';

let fake: SqsMoveTaskFake | undefined;

beforeAll(() => useTestCredentials());
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function withFake(options: MoveTaskFakeOptions): Promise<SqsMoveTaskFake> {
  fake = await startSqsMoveTaskFake(options);
  return fake;
}

function redriveArgs(endpoint: string, ...extra: string[]): string[] {
  return ['redrive', '--dlq-url', DLQ_URL, '--queue-url', QUEUE_URL, '--poll-seconds', '0.01',
    '--region', TEST_AWS.region, '--endpoint-url', endpoint, ...extra];
}

const actions = (sqs: SqsMoveTaskFake) => sqs.calls.map((call) => call.action);

describe('redrive with the SQS message-move task', () => {
  test('auto starts a move task from the DLQ ARN to the queue ARN at --rate and follows it to COMPLETED', async () => {
    // Prepare
    const sqs = await withFake({ messagesToMove: 5, movedPerPoll: 2 });

    // Act
    const result = await runCli(redriveArgs(sqs.endpoint, '--rate', '25'));

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Moved 5 message(s) from the DLQ to ${QUEUE_URL} (method: move-task)\n`);
    expect(sqs.calls.find((call) => call.action === 'StartMessageMoveTask')?.input).toEqual({
      SourceArn: sqs.arnOf(DLQ_URL), DestinationArn: sqs.arnOf(QUEUE_URL), MaxNumberOfMessagesPerSecond: 25,
    });
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([
      'redrive: method move-task (SQS message-move task fake-task-handle-1, 25/s)',
      'redrive: move task RUNNING, 2 of 5 message(s) moved',
      'redrive: move task RUNNING, 4 of 5 message(s) moved',
      'redrive: move task COMPLETED, 5 of 5 message(s) moved',
    ]);
    expect(actions(sqs)).not.toContain('ReceiveMessage');
  });

  test('a task that ends FAILED exits 1 with its failure reason', async () => {
    // Prepare
    const sqs = await withFake({ messagesToMove: 5, movedPerPoll: 1, failureReason: 'AWS.SimpleQueueService.NonExistentQueue' });

    // Act
    const result = await runCli(redriveArgs(sqs.endpoint, '--method', 'move-task'));

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the move task FAILED after 1 message\(s\) \(AWS\.SimpleQueueService\.NonExistentQueue\); the rest stays in the DLQ/);
  });

  test('auto falls back to the loop when SQS answers UnsupportedOperation, and says why', async () => {
    // Prepare
    const sqs = await withFake({ messagesToMove: 3, movedPerPoll: 3, startError: 'UnsupportedOperation' });

    // Act
    const result = await runCli(redriveArgs(sqs.endpoint));

    // Assess
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^redrive: method loop \(receive\/send\/delete, 10\/s\): the endpoint does not support the message-move task \(UnsupportedOperation: /);
    expect(result.stdout).toBe(`Moved 0 message(s) from the DLQ to ${QUEUE_URL} (method: loop)\n`);
    expect(actions(sqs)).toContain('ReceiveMessage');
  });

  test('any other StartMessageMoveTask error exits 1 with what to check, without falling back', async () => {
    // Prepare
    const sqs = await withFake({ messagesToMove: 3, movedPerPoll: 3, startError: 'AccessDenied' });

    // Act
    const result = await runCli(redriveArgs(sqs.endpoint));

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/StartMessageMoveTask failed \(AccessDenied: injected by the fake\); check sqs:StartMessageMoveTask permissions/);
    expect(actions(sqs)).not.toContain('ReceiveMessage');
  });

  test.each([
    [['--max', '3'], /--max given/],
    [['--rate', '0.5'], /--rate 0\.5 is not a whole number from 1 to 500/],
    [['--rate', '501'], /--rate 501 is not a whole number from 1 to 500/],
  ])('auto with %j uses the loop without starting a task', async (extra, reason) => {
    // Prepare
    const sqs = await withFake({ messagesToMove: 3, movedPerPoll: 3 });

    // Act
    const result = await runCli(redriveArgs(sqs.endpoint, ...extra));

    // Assess
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(reason);
    expect(actions(sqs)).not.toContain('StartMessageMoveTask');
  });

  test('Ctrl-C while following cancels the task and exits 130', async () => {
    // Prepare: a task that would run for 1000 polls; SIGINT arrives once it has started.
    const sqs = await withFake({ messagesToMove: 1000, movedPerPoll: 1 });
    const sigintListenersBefore = process.listenerCount('SIGINT');
    const once = jest.spyOn(process, 'once');
    let stderr = '';
    const interrupt = () => {
      const sigint = once.mock.calls.find(([event]) => event === 'SIGINT');
      (sigint?.[1] as (() => void) | undefined)?.();
    };

    // Act
    const code = await main(redriveArgs(sqs.endpoint), {
      stdout: () => undefined,
      stderr: (text) => {
        stderr += text;
        if (text.includes('move task RUNNING, 2 of')) interrupt();
      },
    });
    once.mockRestore();

    // Assess
    expect(code).toBe(130);
    expect(sqs.calls.find((call) => call.action === 'CancelMessageMoveTask')?.input).toEqual({ TaskHandle: 'fake-task-handle-1' });
    expect(stderr).toMatch(/interrupted, cancelling the move task/);
    expect(stderr).toMatch(/the move task ended CANCELLED after 2 message\(s\); the rest stays in the DLQ; run redrive again/);
    expect(process.listenerCount('SIGINT')).toBe(sigintListenersBefore);
  });

  test('followMoveTask with an aborted signal cancels the task exactly once and reports CANCELLED', async () => {
    // Prepare
    const sqs = await withFake({ messagesToMove: 10, movedPerPoll: 1 });
    const client = new SQSClient({ ...TEST_AWS, endpoint: sqs.endpoint });
    const start = await startMoveTask(client, sqs.arnOf(DLQ_URL), sqs.arnOf(QUEUE_URL), 10);
    expect(start).toEqual({ started: true, taskHandle: 'fake-task-handle-1' });

    // Act
    const result = await followMoveTask(client, {
      sourceArn: sqs.arnOf(DLQ_URL),
      taskHandle: 'fake-task-handle-1',
      pollIntervalMs: 1,
      io: { stdout: () => undefined, stderr: () => undefined },
      signal: AbortSignal.abort(),
    });
    client.destroy();

    // Assess
    expect(result).toEqual({ status: 'CANCELLED', moved: 0 });
    expect(actions(sqs).filter((action) => action === 'CancelMessageMoveTask')).toHaveLength(1);
  });
});
