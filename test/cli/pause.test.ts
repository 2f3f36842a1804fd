/*
 * pause / resume / status through the real Lambda, CloudWatch and SQS clients: the event source
 * mapping and alarm actions on a loopback fake (no emulator exists), the backlog on fauxqs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { runCli, useTestCredentials } from './harness';
import { PauseFake, startPauseFake } from './pause-fake';
import { createFifoQueueWithDlq, RunningFauxqs, sqsClient, startFauxqs } from '../support/emulators';

const MAPPING_ID = '6c9f3a52-1111-4d2e-9a5b-2f1e0c7d8a90';
const ALARMS = ['TestStack-Pipeline-OldestMessageAge', 'TestStack-Pipeline-EventAge'];

describe('pause / resume / status', () => {
  let fauxqs: RunningFauxqs;
  let sqs: SQSClient;
  let fake: PauseFake;
  let queueUrl: string;
  let outputsFile: string;
  const saved = {
    lambda: process.env.AWS_ENDPOINT_URL_LAMBDA, cloudwatch: process.env.AWS_ENDPOINT_URL_CLOUDWATCH, sqs: process.env.AWS_ENDPOINT_URL_SQS,
  };

  beforeAll(async () => {
    useTestCredentials();
    fauxqs = await startFauxqs();
    sqs = sqsClient(fauxqs.endpoint);
    ({ queueUrl } = await createFifoQueueWithDlq(sqs, 'pause-test'));
    for (const id of ['a', 'b', 'c']) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{}', MessageGroupId: 'g', MessageDeduplicationId: id }));
    }
    process.env.AWS_ENDPOINT_URL_SQS = fauxqs.endpoint;
    const dir = mkdtempSync(path.join(tmpdir(), 'pause-'));
    outputsFile = path.join(dir, 'outputs.json');
    writeFileSync(outputsFile, JSON.stringify({
      TestStack: {
        PipelineStateTableName1A2B3C4D: 'TestStack-state',
        PipelineQueueUrl5E6F7A8B: queueUrl,
        PipelineWorkerEventSourceMappingId9C0D1E2F: MAPPING_ID,
        PipelineBacklogAlarmNames3A4B5C6D: ALARMS.join(','),
      },
    }));
  }, 60_000);
  beforeEach(async () => {
    fake = await startPauseFake({ mappingId: MAPPING_ID, alarmNames: ALARMS });
    process.env.AWS_ENDPOINT_URL_LAMBDA = fake.endpoint;
    process.env.AWS_ENDPOINT_URL_CLOUDWATCH = fake.endpoint;
  });
  afterEach(async () => {
    await fake.stop();
  });
  afterAll(async () => {
    sqs?.destroy();
    await fauxqs?.stop();
    for (const [name, value] of [['AWS_ENDPOINT_URL_LAMBDA', saved.lambda], ['AWS_ENDPOINT_URL_CLOUDWATCH', saved.cloudwatch], ['AWS_ENDPOINT_URL_SQS', saved.sqs]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const fromOutputs = () => ['--outputs', outputsFile, '--allow-non-sqs-endpoint', '--region', 'us-east-2'];

  test('pause disables the mapping, waits for Disabled, then silences the backlog alarms; status shows paused and the backlog; resume undoes both', async () => {
    // Act
    const paused = await runCli(['pause', ...fromOutputs()]);
    const whilePaused = await runCli(['status', ...fromOutputs()]);
    const resumed = await runCli(['resume', ...fromOutputs()]);
    const afterwards = await runCli(['status', ...fromOutputs(), '--json']);

    // Assess
    expect(paused.stderr).toBe('');
    expect(paused.code).toBe(0);
    expect(paused.stdout).toBe([
      `pause: event source mapping ${MAPPING_ID} is Disabled`,
      `pause: alarm actions disabled: ${ALARMS.join(', ')}`,
      'pause: backlog 3 waiting, 0 in flight; the ingress keeps queueing. Resume with `ack-fast-webhook resume`',
      '',
    ].join('\n'));
    expect(whilePaused.stdout).toMatch(/^processing: {10}paused \(ingress still ACKs and queues; `resume` restarts\)\n/);
    expect(whilePaused.stdout).toContain(`event source:        ${MAPPING_ID} Disabled\n`);
    expect(whilePaused.stdout).toContain('backlog:             3 waiting, 0 in flight\n');
    expect(whilePaused.stdout).toContain(`backlog alarm actions: ${ALARMS[0]} OFF, ${ALARMS[1]} OFF\n`);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`resume: event source mapping ${MAPPING_ID} is Enabled\n`);
    expect(JSON.parse(afterwards.stdout)).toEqual({
      processing: 'active',
      mappingState: 'Enabled',
      backlog: { waiting: 3, inFlight: 0, delayed: 0 },
      alarmActions: { [ALARMS[0]]: true, [ALARMS[1]]: true },
    });
    // The order of effects: processing stops before the alarms go quiet, and starts before they speak again.
    const writes = fake.calls.filter((call) => call.operation !== 'GetEventSourceMapping' && call.operation !== 'DescribeAlarms');
    expect(writes.map((call) => `${call.operation}${call.input.Enabled === undefined ? '' : ` ${String(call.input.Enabled)}`}`)).toEqual([
      'UpdateEventSourceMapping false', 'DisableAlarmActions', 'UpdateEventSourceMapping true', 'EnableAlarmActions',
    ]);
    expect(writes[1].input).toEqual({ AlarmNames: ALARMS });
  }, 60_000);

  test('--keep-alarm-actions pauses without touching the alarms; --wait-seconds 0 returns while the mapping is Disabling', async () => {
    // Act
    const run = await runCli(['pause', '--mapping-id', MAPPING_ID, '--keep-alarm-actions', '--wait-seconds', '0', '--region', 'us-east-2']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`pause: event source mapping ${MAPPING_ID} is Disabling (not yet Disabled; check with \`status\`)\n`
      + 'pause: alarm actions left as they were (--keep-alarm-actions)\n');
    expect(fake.alarmActionsEnabled(ALARMS[0])).toBe(true);
    expect(fake.calls.map((call) => call.operation)).toEqual(['UpdateEventSourceMapping']);
  });

  test('an alarm name that does not exist: the mapping is paused, nothing is silenced, and the error says so (exit 1)', async () => {
    // Act
    const run = await runCli(['pause', '--mapping-id', MAPPING_ID, '--alarm-names', `${ALARMS[0]},no-such-alarm`, '--region', 'us-east-2']);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('ack-fast-webhook: pause: the mapping is Disabled, but the alarms\' actions were not disabled: '
      + 'no such alarm: no-such-alarm (check --alarm-names or the BacklogAlarmNames output; same region?); run pause again\n');
    expect(fake.mappingState()).toBe('Disabled');
    expect(fake.alarmActionsEnabled(ALARMS[0])).toBe(true);
  });

  test('a mapping id the account does not have is one clear failure line, and nothing else is called', async () => {
    // Act
    const run = await runCli(['pause', '--mapping-id', 'not-this-one', '--keep-alarm-actions', '--region', 'us-east-2']);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^ack-fast-webhook: pause failed: ResourceNotFoundException: /);
    expect(fake.mappingState()).toBe('Enabled');
    expect(fake.calls.map((call) => call.operation)).toEqual(['UpdateEventSourceMapping']);
  });
});
