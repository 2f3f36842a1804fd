/*
 * `replay --message-file` end to end: the record is marked, the body sent, and the real worker
 * runs the event exactly once more.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { runCli } from './harness';
import { useReplayPipeline } from './replay-pipeline';
import { SqsQueueSender } from '../../lambda/aws/queue-sender';
import { ProcessorRequestPayload } from '../../src/contract';
import { TEST_AWS } from '../support/emulators';

const TABLE = 'replay-state';
const pipeline = useReplayPipeline(TABLE);
const { bodyFile, deliverOnce, storedRecord, replayArgs } = pipeline;

describe('replay --message-file', () => {
  test('a COMPLETED event is marked, sent, and run by the worker exactly once more', async () => {
    // Prepare: the ingress queued the event and the worker completed it.
    const calls: ProcessorRequestPayload[] = [];
    const body = '{"id":"evt-r1","customer":{"id":"c-7"},"total":42}';
    await new SqsQueueSender(pipeline.sqs, pipeline.queueUrl).send({ eventId: 'evt-r1', messageGroupId: 'c-7', bodyText: body, receivedAt: 1_795_000_000_000 });
    await deliverOnce(calls);
    expect(calls).toHaveLength(1);

    // Act
    const result = await runCli(replayArgs('evt-r1', '--force', '--message-file', bodyFile('r1.json', `${body}\n`)));
    const marked = await storedRecord('evt-r1');
    const replayed = await deliverOnce(calls);
    // A later redelivery of the original (outside SQS's dedup window) must not run it again.
    await pipeline.sqs.send(new SendMessageCommand({
      QueueUrl: pipeline.queueUrl,
      MessageBody: body,
      MessageGroupId: 'c-7',
      MessageDeduplicationId: 'late-redelivery',
      MessageAttributes: { eventId: { DataType: 'String', StringValue: 'evt-r1' } },
    }));
    await deliverOnce(calls);

    // Assess
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^evt-r1: COMPLETED -> FAILED \(ManualReplay\); sent its body to .* \(group c-7, message .+\): the worker runs it now\n$/);
    expect(marked?.status?.S).toBe('FAILED');
    expect(marked?.lastErrorClass?.S).toBe('ManualReplay');
    expect(replayed).toHaveLength(1);
    expect(replayed[0].Attributes?.MessageGroupId).toBe('c-7');
    expect(Number(replayed[0].MessageAttributes?.receivedAt?.StringValue)).toBeGreaterThan(1_795_000_000_000);
    const dedupId = replayed[0].Attributes?.MessageDeduplicationId;
    if (dedupId !== undefined) expect(dedupId).toMatch(/^evt-r1:replay:\d+-0$/);
    expect(calls.map((call) => [call.eventId, call.attempt])).toEqual([['evt-r1', 1], ['evt-r1', 2]]);
    expect(calls[1].payload).toEqual(JSON.parse(body));
    expect(calls[1].messageGroupId).toBe('c-7');
    const after = await storedRecord('evt-r1');
    expect(after?.status?.S).toBe('COMPLETED');
    expect(after?.replayCount?.N).toBe('1');
    expect(Number(after?.replayRequestedAt?.N)).toBeGreaterThan(0);
  });

  test('a FAILED record keeps its last error, gets the replay counted, and --group-pointer picks the group', async () => {
    // Prepare
    const calls: ProcessorRequestPayload[] = [];
    await pipeline.putRecord('evt-r2', {
      status: { S: 'FAILED' }, attempts: { N: '3' }, messageGroupId: { S: 'old-group' }, lastErrorClass: { S: 'Timeout' },
    });

    // Act
    const result = await runCli(replayArgs('evt-r2', '--force', '--message-file', bodyFile('r2.json', '{"account":{"id":99}}'), '--group-pointer', '/account/id'));
    const record = await storedRecord('evt-r2');
    const delivered = await deliverOnce(calls);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^evt-r2: FAILED, replay counted; sent its body to .* \(group 99,/);
    expect(record?.lastErrorClass?.S).toBe('Timeout');
    expect(record?.replayCount?.N).toBe('1');
    expect(delivered.map((message) => message.Attributes?.MessageGroupId)).toEqual(['99']);
    expect(calls.map((call) => [call.eventId, call.attempt])).toEqual([['evt-r2', 4]]);
  });

  test('a send that fails after the record was marked exits 1 and says to run the same command again', async () => {
    // Prepare
    await pipeline.putRecord('evt-r3', { status: { S: 'COMPLETED' }, messageGroupId: { S: 'g' } });
    const missingQueue = `${pipeline.queueUrl.replace(/[^/]+$/, '')}no-such-queue.fifo`;

    // Act
    const result = await runCli(['replay', 'evt-r3', '--force', '--message-file', bodyFile('r3.json', '{}'),
      '--table', TABLE, '--key-prefix', 'event#', '--queue-url', missingQueue, '--region', TEST_AWS.region]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^ack-fast-webhook: replay evt-r3: the record is marked FAILED but sending the body failed \(.+\); run the same command again\n$/);
    expect((await storedRecord('evt-r3'))?.lastErrorClass?.S).toBe('ManualReplay');
  });

  test.each([
    ['IN_PROGRESS', /replay evt-s-IN_PROGRESS: nothing changed or sent: state is IN_PROGRESS, not COMPLETED/],
    [undefined, /replay evt-s-none: nothing changed or sent: no record/],
  ])('a record in state %s is left alone, nothing is sent, exit 1', async (status, message) => {
    // Prepare
    const eventId = `evt-s-${status ?? 'none'}`;
    if (status) {
      await pipeline.putRecord(eventId, { status: { S: status } });
    }
    const before = await storedRecord(eventId);

    // Act
    const result = await runCli(replayArgs(eventId, '--force', '--message-file', bodyFile(`${eventId}.json`, '{}')));

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(await storedRecord(eventId)).toEqual(before);
    expect(await deliverOnce([])).toEqual([]);
  });
});
