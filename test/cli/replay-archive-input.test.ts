/* replay --from/--to/--resume: what is refused before any AWS call, with a message saying what to do. */
import { gzipSync } from 'node:zlib';
import { runCli } from './harness';
import { NO_PROGRESS } from '../../cli/replay/replay-progress';
import { encodeResumeToken } from '../../cli/replay/resume-token';

const RESOURCES = ['--archive-bucket', 'b', '--queue-url', 'http://127.0.0.1:9/000000000000/q.fifo', '--force'];

describe('replay from the archive: input checks', () => {
  test.each([
    [['--from', 'yesterday', '--to', '1'], /--from 'yesterday' is neither ISO-8601/],
    [['--from', '2000', '--to', '1000'], /--to must be later than --from/],
    [['--from', '1', '--to', '2', '--status', 'broken'], /--status must be one of failed, completed, any/],
    [['--from', '1'], /--to is required/],
    [['--resume', 'not-a-token'], /--resume token is not one this CLI printed/],
    [['--from', '1', '--to', '2', 'evt-1'], /give no <eventId> or --message-file/],
  ])('%j is a usage error', async (args, message) => {
    const run = await runCli(['replay', ...args, ...RESOURCES]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  test('a token from another version of the CLI is refused, saying what to do', async () => {
    // Prepare: the first version's token listed every event id sent.
    const token = gzipSync(Buffer.from(JSON.stringify({ v: 1, runId: 'r1', requestedAt: 1, fromMs: 1, toMs: 2, status: 'any', sent: ['e1'] }))).toString('base64url');
    // Act
    const run = await runCli(['replay', '--resume', token, ...RESOURCES]);
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/token v1, this CLI reads v2\): resume it with the CLI version that printed it, or start a new run with --from\/--to/);
  });

  test('--resume carries its own window and filters: giving them again is refused', async () => {
    const token = encodeResumeToken({ v: 2, runId: 'r1', requestedAt: 1, fromMs: 1, toMs: 2, status: 'any', progress: NO_PROGRESS });
    const run = await runCli(['replay', '--resume', token, '--from', '1', ...RESOURCES]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--resume continues a run with its own window and filters; remove --from/);
  });

  test('without --force nothing is sent (and no request is made)', async () => {
    const run = await runCli(['replay', '--from', '1', '--to', '2', '--archive-bucket', 'b', '--queue-url', 'http://127.0.0.1:9/000000000000/q.fifo']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/nothing was sent\. Add --force to confirm/);
  });

  test('help describes the archive replay', async () => {
    const run = await runCli(['replay', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ack-fast-webhook replay --resume TOKEN');
  });
});
