/*
 * `replay --message-file` input checks: each bad input exits 2 with one line, and neither the
 * record nor the queue changes.
 */
import * as path from 'node:path';
import { runCli } from './harness';
import { useReplayPipeline } from './replay-pipeline';

const TABLE = 'replay-input-state';
const pipeline = useReplayPipeline(TABLE);
const { bodyFile, deliverOnce, storedRecord, replayArgs } = pipeline;

describe('replay --message-file: bad input exits 2 with one line, before anything is changed or sent', () => {
  const body = () => bodyFile('ok.json', '{"account":{"id":"a-1"}}');
  const args = (...extra: string[]) => replayArgs('evt-bad', '--force', ...extra);

  beforeAll(async () => {
    await pipeline.putRecord('evt-bad', { status: { S: 'COMPLETED' }, messageGroupId: { S: 'g' } });
  });

  test.each([
    [() => ['replay', 'evt-bad', 'evt-other', '--force', '--message-file', body(), '--table', TABLE, '--key-prefix', 'event#', '--queue-url', pipeline.queueUrl],
      /--message-file holds one event's body; give exactly one <eventId>, got 2/],
    [() => args('--message-file', path.join(path.dirname(body()), 'absent.json')), /cannot read --message-file .*absent\.json \(ENOENT: no such file/],
    [() => args('--message-file', bodyFile('bad.json', '{"id": ')), /--message-file .*bad\.json: Body is not valid JSON \(the ingress would answer 400\); save the webhook body exactly as the provider sent it/],
    [() => args('--message-file', bodyFile('array.json', '[1]')), /Body must be a JSON object, not an array \(the ingress would answer 400\)/],
    [() => args('--message-file', bodyFile('big.json', `{"x":"${'a'.repeat(300_000)}"}`)), /Body is larger than 262144 bytes \(the ingress would answer 413\); pass --max-body-bytes/],
    [() => args('--message-file', bodyFile('big.json', `{"x":"${'a'.repeat(300_000)}"}`), '--max-body-bytes', '2000000'), /--max-body-bytes is at most 1047552/],
    [() => args('--message-file', bodyFile('deep.json', `{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`)),
      /Body nests objects and arrays deeper than 64 levels \(the ingress would answer 400\); pass --max-json-depth/],
    [() => args('--message-file', bodyFile('wide.json', '{"x":[1,2,3,4]}'), '--max-json-elements', '4'), /Body holds more than 4 object keys and array elements/],
    [() => args('--message-file', body(), '--required-pointer', '/account/id', '--required-pointer', '/event'),
      /Body is missing required fields at JSON pointers: \/event \(the ingress would answer 400\)/],
    [() => args('--message-file', bodyFile('blank.json', '{"account":{"id":" "}}'), '--required-pointer', '/account/id'),
      /Body has empty required fields at JSON pointers: \/account\/id/],
    [() => args('--message-file', body(), '--required-pointer', 'event'), /--required-pointer 'event' is not an RFC 6901 JSON pointer/],
    [() => args('--message-file', bodyFile('big-group.json', '{"account":{"id":9007199254740993}}'), '--group-pointer', '/account/id'),
      /--group-pointer \/account\/id finds a value that is a number that is not an integer below 2\^53/],
    [() => args('--message-file', body(), '--group', 'g', '--group-pointer', '/account/id'), /give --group or --group-pointer, not both/],
    [() => args('--group', 'g'), /--group and --group-pointer only apply with --message-file/],
    [() => args('--message-file', body(), '--group-pointer', '/account/name'), /--group-pointer \/account\/name finds nothing in the message file; pass --group ID/],
    [() => args('--message-file', body(), '--group-pointer', 'account'), /--group-pointer 'account' is not an RFC 6901 JSON pointer/],
    [() => args('--message-file', body(), '--group', 'has space'), /the message group from --group contains characters other than letters, digits and ASCII punctuation/],
    [() => ['replay', 'evt-bad', '--force', '--message-file', body(), '--table', TABLE, '--key-prefix', 'event#'], /replay: missing required option --queue-url \(or --outputs FILE/],
    [() => replayArgs('evt-bad', '--message-file', body()), /replay re-runs the event's effect .*nothing was changed\. Add --force to confirm/],
  ])('%#', async (argv, message) => {
    // Prepare
    const before = await storedRecord('evt-bad');

    // Act
    const result = await runCli(argv());

    // Assess
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(await storedRecord('evt-bad')).toEqual(before);
    expect(await deliverOnce([])).toEqual([]);
  });
});
