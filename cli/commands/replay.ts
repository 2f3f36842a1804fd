/*
 * `ack-fast-webhook replay <eventId...> --force`: lets COMPLETED events run again, on their next
 * delivery, or at once with `--message-file` (the CLI then sends the body to the queue itself).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CliClientConfig, CliIo, COMMON_HELP, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, optionalString, parseCommandArgs,
  ParsedArgs, UsageError,
} from '../options';
import { PipelineResources, QUEUE_URL, STACK_OUTPUT_HELP, STACK_OUTPUT_OPTIONS, TABLE_HELP, TABLE_OPTIONS } from '../pipeline-resources';
import { startProgress } from '../progress';
import { ARCHIVE_REPLAY_HELP, ARCHIVE_REPLAY_OPTIONS, ArchiveReplayHooks, isArchiveReplay, runArchiveReplay } from './replay-archive';
import { BODY_LIMIT_HELP, BODY_LIMIT_OPTIONS, bodyRules } from '../replay/body-limits';
import { checkGroup, groupAtPointer, readReplayMessage, ReplayMessage } from '../replay/replay-message';
import { EventRecordTable, markCompletedForReplay, notCompletedReason, readRecord, REPLAY_ERROR_CLASS } from '../replay/replay-record';
import { rerunNow } from '../replay/rerun-now';

export { REPLAY_ERROR_CLASS };

export const REPLAY_HELP = [
  'Usage: ack-fast-webhook replay <eventId...> (--outputs FILE | --table NAME --key-prefix P) --force [--queue-url URL]',
  '       ack-fast-webhook replay <eventId> (--outputs FILE | --table NAME --key-prefix P --queue-url URL) --force',
  '                               --message-file FILE [--group ID | --group-pointer POINTER] [body limits]',
  '',
  'Lets COMPLETED events run again. Replay RE-RUNS AN EFFECT (a second charge, email, ...), so it',
  'requires --force. Each replay is recorded in the event\'s record (replayRequestedAt, replayCount;',
  'see `status`).',
  '',
  'Without --message-file: the state table holds no payloads, so replay marks each COMPLETED record',
  'FAILED (lastErrorClass ManualReplay), which the worker treats as claimable: the event runs again',
  'on its NEXT DELIVERY, that is',
  '  - a message for it still in the DLQ, moved back with `ack-fast-webhook redrive`, or',
  '  - the sender redelivering it (e.g. "resend" in the provider\'s dashboard). A redelivery',
  '    within 5 minutes of the original may be dropped by the FIFO queue\'s deduplication.',
  'Records that are not COMPLETED are left alone: FAILED already runs on the next delivery,',
  'IN_PROGRESS is running now, and a missing record means the next delivery runs anyway.',
  '',
  'With --message-file FILE (the webhook body, e.g. saved from the provider\'s delivery log): marks',
  'the record as above (a FAILED record only gets the replay counted) and sends the body to the queue',
  'with the eventId and receivedAt attributes, the event\'s message group and a fresh deduplication',
  'id, so the worker runs it now. One <eventId> per file. The group is --group, else the value at',
  '--group-pointer in the body, else the messageGroupId the worker stored in the record.',
  'The body first passes the ingress\'s own checks (size, UTF-8, nesting depth, element count, JSON',
  'object, required fields) with the limits below: set them as the pipeline sets its props.',
  'Exits 1 if any event could not be marked or sent.',
  '',
  'Options:',
  TABLE_HELP,
  '  --force               confirm that the events\' effects may run again (required)',
  '  --message-file FILE   the webhook body to send now (JSON object, as the ingress accepted it)',
  '  --group ID            the MessageGroupId to send it with',
  '  --group-pointer PTR   RFC 6901 pointer to the group in the body (e.g. /customer/id)',
  '  --queue-url URL       the pipeline\'s queue (or QueueUrl from --outputs); needed with --message-file',
  BODY_LIMIT_HELP,
  STACK_OUTPUT_HELP,
  COMMON_HELP,
].join('\n');

/** --group / --group-pointer, checked before anything is changed. */
function groupFromOptions(values: ParsedArgs['values'], message: ReplayMessage | undefined): string | undefined {
  const group = optionalString(values, 'group');
  const pointer = optionalString(values, 'group-pointer');
  if (group !== undefined && pointer !== undefined) throw new UsageError('replay: give --group or --group-pointer, not both');
  if ((group ?? pointer) !== undefined && message === undefined) {
    throw new UsageError('replay: --group and --group-pointer only apply with --message-file');
  }
  if (group !== undefined) return checkGroup(group, '--group');
  if (pointer !== undefined) return checkGroup(groupAtPointer(message!.payload, pointer), `--group-pointer ${pointer}`);
  return undefined;
}

/** `hooks`: stop an archive replay as Ctrl-C would, and watch its sends (tests). */
export async function runReplay(argv: string[], io: CliIo, hooks: ArchiveReplayHooks = {}): Promise<number> {
  const { values, positionals } = parseCommandArgs('replay', argv, {
    ...TABLE_OPTIONS,
    'queue-url': { type: 'string' },
    'force': { type: 'boolean' },
    'message-file': { type: 'string' },
    'group': { type: 'string' },
    'group-pointer': { type: 'string' },
    ...BODY_LIMIT_OPTIONS,
    ...STACK_OUTPUT_OPTIONS,
    ...ARCHIVE_REPLAY_OPTIONS,
  });
  if (values.help) {
    io.stdout(`${REPLAY_HELP}\n\n${ARCHIVE_REPLAY_HELP}\n`);
    return EXIT_OK;
  }
  if (isArchiveReplay(values)) {
    if (positionals.length > 0 || values['message-file'] !== undefined) {
      throw new UsageError('replay: --from/--to/--resume replay from the archive; give no <eventId> or --message-file with them (use --event-id)');
    }
    return runArchiveReplay(values, io, hooks);
  }
  const eventIds = positionals.filter((id) => id.trim() !== '');
  if (eventIds.length === 0) throw new UsageError('replay: expected at least one <eventId>');
  const messageFile = optionalString(values, 'message-file');
  if (messageFile !== undefined && eventIds.length !== 1) {
    throw new UsageError(`replay: --message-file holds one event's body; give exactly one <eventId>, got ${eventIds.length}`);
  }
  const resources = new PipelineResources('replay', values);
  const table = resources.eventRecordTable();
  const message = messageFile === undefined ? undefined : readReplayMessage(messageFile, bodyRules(values));
  const group = groupFromOptions(values, message);
  const queueUrl = message === undefined ? resources.optional(QUEUE_URL) : resources.require(QUEUE_URL);
  if (!values.force) {
    io.stderr('ack-fast-webhook: replay re-runs the event\'s effect (a second charge, email, ...); '
      + 'nothing was changed. Add --force to confirm.\n');
    return EXIT_USAGE;
  }
  const config = resources.clientConfig();
  if (message !== undefined) {
    await rerunNow(config, { eventId: eventIds[0], table, queueUrl: queueUrl!, message, group }, io);
    return EXIT_OK;
  }
  return markForNextDelivery(config, table, eventIds, queueUrl, io);
}

async function markForNextDelivery(
  config: CliClientConfig, table: EventRecordTable, eventIds: string[], queueUrl: string | undefined, io: CliIo,
): Promise<number> {
  const client = new DynamoDBClient(config);
  const progress = startProgress(io, { label: 'replay', unit: 'events done', total: eventIds.length });
  let failures = 0;
  try {
    for (const [index, eventId] of eventIds.entries()) {
      const marked = await markCompletedForReplay(client, table, eventId, Date.now());
      const status = marked ? undefined : (await readRecord(client, table, eventId))?.status?.S;
      progress.clear();
      if (marked) {
        io.stdout(`${eventId}: COMPLETED -> FAILED (${REPLAY_ERROR_CLASS}); it will run again on its next delivery`
          + ' (a redrive or the sender\'s redelivery)\n');
      } else {
        failures += 1;
        io.stderr(`ack-fast-webhook: replay ${eventId}: not changed: ${notCompletedReason(status)}\n`);
      }
      progress.update(index + 1);
    }
  } finally {
    progress.finish();
    client.destroy();
  }
  const marked = eventIds.length - failures;
  if (marked > 0) {
    io.stdout(`Marked ${marked} event(s) for replay. Next: redeliver them`
      + `${queueUrl ? ` to ${queueUrl} (e.g. ack-fast-webhook redrive --dlq-url <DLQ URL> --queue-url ${queueUrl})` : ''}`
      + ', ask the sender to resend, or replay each with --message-file to run it now.\n');
  }
  return failures > 0 ? EXIT_FAILURE : EXIT_OK;
}
