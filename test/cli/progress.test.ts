/*
 * Long operations show progress: on a terminal one line rewritten in place (count, rate, time
 * left), elsewhere plain lines. The terminal case runs the bundled CLI under a real pseudo
 * terminal (util-linux `script`) against fauxqs.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CliIo } from '../../cli/options';
import { progressText, startProgress } from '../../cli/progress';
import { createFifoQueueWithDlq, RunningEmulator, sqsClient, startFauxqs, TEST_AWS } from '../support/emulators';

const BUNDLE = path.join(__dirname, '..', '..', 'assets', 'cli', 'ack-fast-webhook', 'index.js');
const CLEAR_LINE = '\r\x1b[2K';

function capture(isTTY: boolean): CliIo & { text: () => string } {
  let text = '';
  return { isTTY, stdout: (chunk) => { text += chunk; }, stderr: (chunk) => { text += chunk; }, text: () => text };
}

describe('progress line', () => {
  test.each([
    [0, 120, 0, 'redrive: 0 of ~120 messages moved (0.0/s)'],
    [40, 120, 4_000, 'redrive: 40 of ~120 messages moved (10.0/s, ~8 s left)'],
    [50, 3_050, 5_000, 'redrive: 50 of ~3050 messages moved (10.0/s, ~5 min left)'],
    [7, undefined, 2_000, 'redrive: 7 messages moved (3.5/s)'],
    [130, 120, 10_000, 'redrive: 130 of ~130 messages moved (13.0/s)'],
  ])('%d of %s after %d ms', (done, total, elapsedMs, expected) => {
    expect(progressText('redrive', 'messages moved', done, total, elapsedMs)).toBe(expected);
  });

  test('on a terminal: rewritten in place, cleared for other output, ended with a newline', () => {
    // Prepare
    const io = capture(true);
    let now = 0;
    const progress = startProgress(io, { label: 'replay', unit: 'events done', total: 2, nowMs: () => now });

    // Act
    now = 1_000;
    progress.update(1, 'not shown on a terminal');
    progress.clear();
    io.stdout('evt-1: marked\n');
    now = 2_000;
    progress.update(2);
    progress.finish();

    // Assess
    expect(io.text()).toBe(`${CLEAR_LINE}replay: 1 of ~2 events done (1.0/s, ~1 s left)${CLEAR_LINE}evt-1: marked\n`
      + `${CLEAR_LINE}replay: 2 of ~2 events done (1.0/s)\n`);
  });

  test('off a terminal: only the notes, one line each, no control characters', () => {
    const io = capture(false);
    const progress = startProgress(io, { label: 'redrive', unit: 'messages moved' });

    progress.update(1);
    progress.update(10, 'redrive: moved 10 message(s) in this batch, 10 in total');
    progress.finish();

    expect(io.text()).toBe('redrive: moved 10 message(s) in this batch, 10 in total\n');
  });
});

describe('redrive on a real terminal', () => {
  let fauxqs: RunningEmulator;
  let client: SQSClient;

  beforeAll(async () => {
    fauxqs = await startFauxqs();
    client = sqsClient(fauxqs.endpoint);
  });

  afterAll(async () => {
    client.destroy();
    await fauxqs.stop();
  });

  async function seededQueues(name: string, count: number) {
    const queues = await createFifoQueueWithDlq(client, name);
    for (let n = 0; n < count; n += 1) {
      await client.send(new SendMessageCommand({
        QueueUrl: queues.deadLetterQueueUrl,
        MessageBody: `{"n":${n}}`,
        MessageGroupId: `g-${n % 3}`,
        MessageDeduplicationId: `evt-${n}`,
        MessageAttributes: { eventId: { DataType: 'String', StringValue: `evt-${n}` } },
      }));
    }
    return queues;
  }

  const env = () => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: TEST_AWS.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_AWS.credentials.secretAccessKey,
  });
  const args = (queues: { queueUrl: string; deadLetterQueueUrl: string }) => [BUNDLE, 'redrive', '--method', 'loop', '--rate', '50',
    '--dlq-url', queues.deadLetterQueueUrl, '--queue-url', queues.queueUrl, '--endpoint-url', fauxqs.endpoint, '--region', TEST_AWS.region];

  test('shows one line rewritten in place with the DLQ\'s count; piped, plain batch lines', async () => {
    // Prepare
    const onTerminal = await seededQueues('progress-tty', 12);
    const piped = await seededQueues('progress-pipe', 12);
    const quote = (word: string) => `'${word.replace(/'/g, '\'\\\'\'')}'`;

    // Act
    const tty = await promisify(execFile)('script', ['-qfec', [process.execPath, ...args(onTerminal)].map(quote).join(' '), '/dev/null'],
      { env: env(), encoding: 'utf8' });
    const pipe = await promisify(execFile)(process.execPath, args(piped), { env: env(), encoding: 'utf8' });

    // Assess
    expect(tty.stdout).toContain(`${CLEAR_LINE}redrive: 12 of ~12 messages moved (`);
    expect(tty.stdout.split(CLEAR_LINE).length).toBeGreaterThan(12);
    expect(tty.stdout).toMatch(/Moved 12 message\(s\) from the DLQ/);
    expect(pipe.stderr).not.toContain('\r');
    expect(pipe.stderr).toMatch(/redrive: moved \d+ message\(s\) in this batch, 12 in total\n/);
    expect(pipe.stdout).toMatch(/^Moved 12 message\(s\) from the DLQ/);
  });
});
