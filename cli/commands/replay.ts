/*
 * `ack-fast-webhook replay <eventId...> --table NAME --force`: lets a COMPLETED event run again.
 *
 * The state table holds no payloads, so the CLI cannot resend an event. It flips the record
 * COMPLETED -> FAILED (lastErrorClass 'ManualReplay'), which the worker treats as claimable: the
 * next delivery of that event id (a redrive, or the sender's redelivery) runs the effect again.
 */
import {
  ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { EVENT_KEY_PREFIX, TABLE_PARTITION_KEY } from '../../src/private/runtime-contract';
import {
  clientConfig, CliIo, COMMON_HELP, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, optionalString, parseCommandArgs,
  requireString, UsageError,
} from '../options';

export const REPLAY_ERROR_CLASS = 'ManualReplay';

export const REPLAY_HELP = [
  'Usage: ack-fast-webhook replay <eventId...> --table NAME --force [--queue-url URL] [--region R] [--endpoint-url URL]',
  '',
  'Lets COMPLETED events run again. Replay RE-RUNS AN EFFECT (a second charge, email, ...), so it',
  'requires --force.',
  '',
  'The state table holds no payloads, so replay cannot resend an event by itself. It marks each',
  'COMPLETED record FAILED (lastErrorClass ManualReplay, replayRequestedAt, replayCount + 1), which',
  'the worker treats as claimable: the event runs again on its NEXT DELIVERY, that is',
  '  - a message for it still in the DLQ, moved back with `ack-fast-webhook redrive`, or',
  '  - the sender redelivering it (e.g. "resend" in the provider\'s dashboard). A redelivery',
  '    within 5 minutes of the original may be dropped by the FIFO queue\'s deduplication.',
  'Records that are not COMPLETED are left alone: FAILED already runs on the next delivery,',
  'IN_PROGRESS is running now, and a missing record means the next delivery runs anyway.',
  'Exits 1 if any event could not be marked.',
  '',
  'Options:',
  '  --table NAME          the pipeline\'s state table (required)',
  '  --force               confirm that the events\' effects may run again (required)',
  '  --queue-url URL       the pipeline\'s queue; only used in the printed next step',
  COMMON_HELP,
].join('\n');

export async function runReplay(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('replay', argv, {
    'table': { type: 'string' },
    'queue-url': { type: 'string' },
    'force': { type: 'boolean' },
  });
  if (values.help) {
    io.stdout(`${REPLAY_HELP}\n`);
    return EXIT_OK;
  }
  const eventIds = positionals.filter((id) => id.trim() !== '');
  if (eventIds.length === 0) throw new UsageError('replay: expected at least one <eventId>');
  const table = requireString('replay', values, 'table');
  if (!values.force) {
    io.stderr('ack-fast-webhook: replay re-runs the event\'s effect (a second charge, email, ...); '
      + 'nothing was changed. Add --force to confirm.\n');
    return EXIT_USAGE;
  }
  const queueUrl = optionalString(values, 'queue-url');
  const client = new DynamoDBClient(clientConfig(values));
  let failures = 0;
  try {
    for (const eventId of eventIds) {
      const key = { [TABLE_PARTITION_KEY]: { S: EVENT_KEY_PREFIX + eventId } };
      const nowMs = Date.now();
      try {
        await client.send(new UpdateItemCommand({
          TableName: table,
          Key: key,
          UpdateExpression: 'SET #status = :failed, #lastErrorClass = :errorClass, #lastErrorAt = :nowMs, '
            + '#updatedAt = :nowMs, #replayRequestedAt = :nowMs, #replayCount = if_not_exists(#replayCount, :zero) + :one',
          ConditionExpression: 'attribute_exists(#pk) AND #status = :completed',
          ExpressionAttributeNames: {
            '#pk': TABLE_PARTITION_KEY,
            '#status': 'status',
            '#lastErrorClass': 'lastErrorClass',
            '#lastErrorAt': 'lastErrorAt',
            '#updatedAt': 'updatedAt',
            '#replayRequestedAt': 'replayRequestedAt',
            '#replayCount': 'replayCount',
          },
          ExpressionAttributeValues: {
            ':failed': { S: 'FAILED' },
            ':completed': { S: 'COMPLETED' },
            ':errorClass': { S: REPLAY_ERROR_CLASS },
            ':nowMs': { N: String(nowMs) },
            ':zero': { N: '0' },
            ':one': { N: '1' },
          },
        }));
        io.stdout(`${eventId}: COMPLETED -> FAILED (${REPLAY_ERROR_CLASS}); it will run again on its next delivery`
          + ' (a redrive or the sender\'s redelivery)\n');
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        failures += 1;
        const current = await client.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }));
        const status = current.Item?.status?.S;
        const reason = status === undefined
          ? 'no record (the next delivery runs it anyway)'
          : status === 'FAILED'
            ? 'already FAILED (it runs again on its next delivery)'
            : `state is ${status}, not COMPLETED`;
        io.stderr(`ack-fast-webhook: replay ${eventId}: not changed: ${reason}\n`);
      }
    }
  } finally {
    client.destroy();
  }
  const marked = eventIds.length - failures;
  if (marked > 0) {
    io.stdout(`Marked ${marked} event(s) for replay. Next: redeliver them`
      + `${queueUrl ? ` to ${queueUrl} (e.g. ack-fast-webhook redrive --dlq-url <DLQ URL> --queue-url ${queueUrl})` : ''}`
      + ' or ask the sender to resend.\n');
  }
  return failures > 0 ? EXIT_FAILURE : EXIT_OK;
}
