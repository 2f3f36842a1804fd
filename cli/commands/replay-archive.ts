/*
 * `ack-fast-webhook replay --from T --to T ...`: a replay run from the event archive. Reads the
 * window, filters, then sends each event once for this run (see cli/replay/archive-replay-run.ts).
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  CliIo, EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, optionalString, ParsedArgs, positiveNumber, UsageError,
} from '../options';
import { ARCHIVE_BUCKET, PipelineResources, QUEUE_URL } from '../pipeline-resources';
import { startProgress } from '../progress';
import { readArchiveWindow } from '../replay/archive-reader';
import { ReplayRun, sendReplayRun } from '../replay/archive-replay-run';
import { bodyRules } from '../replay/body-limits';
import { NO_PROGRESS } from '../replay/replay-progress';
import { byGroup, selectEvents, SelectedEvent, STATUS_FILTERS, StatusFilter } from '../replay/replay-selection';
import { decodeResumeToken, encodeResumeToken, ResumeState } from '../replay/resume-token';
import { s3ClientOf } from '../replay/s3-client';

export const ARCHIVE_REPLAY_HELP = [
  'Usage: ack-fast-webhook replay --from TIME --to TIME (--outputs FILE | --archive-bucket B --queue-url URL [--table T --key-prefix P])',
  '                               [--group G] [--event-id ID ...] [--status failed|completed|any] [--dry-run] [--rate N]',
  '                               [--scan-margin-minutes M] --force',
  '       ack-fast-webhook replay --resume TOKEN (same resources) --force',
  '',
  'A replay run from the event archive: every archived event received in [--from, --to) that',
  'matches the filters is sent to the queue again with its event id, group and receive time, and',
  'this run\'s id. The worker runs each event ONCE PER RUN, even if it COMPLETED before; a second',
  'run runs it once more. The processor sees `replay: { id, requestedAt }`. Events of one group go in',
  'their original order; groups in parallel, at most --rate sends per second in all.',
  'Ctrl-C stops after the sends in flight and prints a --resume token that continues the same run.',
  '',
  '  --from TIME / --to TIME   ISO-8601 (2026-12-02T10:00:00Z) or epoch milliseconds; --to is exclusive',
  '  --group G                 only events of this message group',
  '  --event-id ID             only these events (repeat)',
  '  --status S                failed | completed | any (default any): the record\'s status now, read from the',
  '                            state table (`completed` includes events a buggy processor completed wrongly)',
  '  --dry-run                 list what would be sent, with counts by status and group; sends nothing',
  '  --rate N                  sends per second (default 20)',
  '  --scan-margin-minutes M   also read archive hours up to M minutes past --to (default 60): the worker',
  '                            archives an event when it takes it, which may be after its receipt',
  '  --archive-bucket B        the archive bucket (or ArchiveBucketName from --outputs)',
  '  --resume TOKEN            continue an interrupted run (its window and filters come from the token)',
].join('\n');

export const ARCHIVE_REPLAY_OPTIONS = {
  'from': { type: 'string' },
  'to': { type: 'string' },
  'event-id': { type: 'string', multiple: true },
  'status': { type: 'string' },
  'dry-run': { type: 'boolean' },
  'rate': { type: 'string' },
  'scan-margin-minutes': { type: 'string' },
  'archive-bucket': { type: 'string' },
  'resume': { type: 'string' },
} as const;

/** Whether the arguments ask for an archive replay rather than a replay by event id. */
export function isArchiveReplay(values: ParsedArgs['values']): boolean {
  return ['from', 'to', 'resume'].some((name) => values[name] !== undefined);
}

function parseTime(values: ParsedArgs['values'], name: 'from' | 'to'): number {
  const text = optionalString(values, name);
  if (text === undefined) throw new UsageError(`replay: --${name} is required with an archive replay (or give --resume TOKEN)`);
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms)) throw new UsageError(`replay: --${name} '${text}' is neither ISO-8601 (2026-12-02T10:00:00Z) nor epoch milliseconds`);
  return ms;
}

export function newReplayRunId(nowMs: number): string {
  return `${new Date(nowMs).toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
}

/** The run to do: a new one from the options, or the interrupted one from --resume. */
function runStateOf(values: ParsedArgs['values'], nowMs: number): ResumeState {
  const token = optionalString(values, 'resume');
  if (token !== undefined) {
    const given = ['from', 'to', 'group', 'event-id', 'status'].filter((name) => values[name] !== undefined);
    if (given.length > 0) throw new UsageError(`replay: --resume continues a run with its own window and filters; remove --${given.join(', --')}`);
    return decodeResumeToken(token);
  }
  const fromMs = parseTime(values, 'from');
  const toMs = parseTime(values, 'to');
  if (toMs <= fromMs) throw new UsageError('replay: --to must be later than --from');
  const status = (optionalString(values, 'status') ?? 'any') as StatusFilter;
  if (!STATUS_FILTERS.includes(status)) throw new UsageError(`replay: --status must be one of ${STATUS_FILTERS.join(', ')}, got '${status}'`);
  const group = optionalString(values, 'group');
  const eventIds = (values['event-id'] as unknown as string[] | undefined)?.filter((id) => id.trim() !== '');
  return {
    v: 2,
    runId: newReplayRunId(nowMs),
    requestedAt: nowMs,
    fromMs,
    toMs,
    status,
    progress: NO_PROGRESS,
    ...(group ? { groups: [group] } : {}),
    ...(eventIds && eventIds.length > 0 ? { eventIds } : {}),
  };
}

function dryRunReport(events: readonly SelectedEvent[], io: CliIo): void {
  const count = (key: (event: SelectedEvent) => string) => {
    const counts = new Map<string, number>();
    for (const event of events) counts.set(key(event), (counts.get(key(event)) ?? 0) + 1);
    return [...counts.entries()].map(([name, n]) => `${name}=${n}`).join(' ');
  };
  for (const { record, status } of events) {
    io.stdout(`${record.eventId}\tgroup=${record.messageGroupId}\tstatus=${status}\treceivedAt=${new Date(record.receivedAt).toISOString()}\n`);
  }
  io.stdout(`dry run: ${events.length} event(s) would be sent; by status: ${count((e) => e.status) || '-'}; by group: ${count((e) => e.record.messageGroupId) || '-'}\n`);
}

export interface ArchiveReplayHooks {
  /** Stops the run like Ctrl-C (tests); the command also listens for SIGINT. */
  readonly signal?: AbortSignal;
  readonly onSent?: (eventId: string, sentSoFar: number) => void;
}

export async function runArchiveReplay(values: ParsedArgs['values'], io: CliIo, hooks: ArchiveReplayHooks = {}): Promise<number> {
  const state = runStateOf(values, Date.now());
  const resources = new PipelineResources('replay', values);
  const bucket = resources.require(ARCHIVE_BUCKET);
  const dryRun = values['dry-run'] === true;
  const queueUrl = dryRun ? undefined : resources.require(QUEUE_URL);
  const table = state.status === 'any' ? undefined : resources.eventRecordTable();
  const rules = bodyRules(values);
  const rate = positiveNumber('replay', values, 'rate', 20)!;
  const marginMs = positiveNumber('replay', values, 'scan-margin-minutes', 60)! * 60_000;
  if (!dryRun && !values.force) {
    io.stderr('ack-fast-webhook: replay re-runs the events\' effects (a second charge, email, ...); nothing was sent. Add --force to confirm.\n');
    return EXIT_USAGE;
  }
  const config = resources.clientConfig();
  const s3 = s3ClientOf(config);
  const dynamodb = table && new DynamoDBClient(config);
  const sqs = new SQSClient(config);
  try {
    const read = await readArchiveWindow(s3, { bucket, fromMs: state.fromMs, toMs: state.toMs, scanMarginMs: marginMs });
    for (const problem of read.problems) io.stderr(`ack-fast-webhook: replay: skipped an archive line: ${problem}\n`);
    const selected = await selectEvents(read.records, state, table && dynamodb && { client: dynamodb, table });
    if (dryRun) {
      dryRunReport(selected, io);
      return EXIT_OK;
    }
    return await send(state, selected, { sqs, queueUrl: queueUrl!, rules, rate, io, hooks });
  } finally {
    s3.destroy();
    dynamodb?.destroy();
    sqs.destroy();
  }
}

async function send(state: ResumeState, selected: SelectedEvent[], context: {
  sqs: SQSClient; queueUrl: string; rules: ReturnType<typeof bodyRules>; rate: number; io: CliIo; hooks: ArchiveReplayHooks;
}): Promise<number> {
  const { io, hooks } = context;
  const run: ReplayRun = { runId: state.runId, requestedAt: state.requestedAt };
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  hooks.signal?.addEventListener('abort', onSigint);
  process.once('SIGINT', onSigint);
  const progress = startProgress(io, { label: `replay ${run.runId}`, unit: 'events sent', total: selected.length });
  const startedAt = Date.now();
  try {
    const result = await sendReplayRun({
      sqs: context.sqs,
      queueUrl: context.queueUrl,
      run,
      groups: byGroup(selected),
      resumeFrom: state.progress,
      ratePerSecond: context.rate,
      bodyRules: context.rules,
      signal: interrupt.signal,
      onSent: (eventId, sentSoFar) => {
        progress.update(sentSoFar);
        hooks.onSent?.(eventId, sentSoFar);
      },
    });
    progress.finish();
    for (const { eventId, reason } of result.refused) io.stderr(`ack-fast-webhook: replay ${eventId}: not sent: the ingress would refuse its body now (${reason})\n`);
    const groups = new Set(selected.map((event) => event.record.messageGroupId)).size;
    io.stdout(`replay run ${run.runId}: sent ${result.progress.sentCount} of ${selected.length} event(s) in ${groups} group(s) in `
      + `${((Date.now() - startedAt) / 1000).toFixed(1)} s; ${result.refused.length} refused\n`);
    if (result.interrupted || result.error !== undefined) {
      const why = result.error !== undefined ? `a send failed (${result.error instanceof Error ? result.error.name : 'Error'})` : 'interrupted';
      io.stderr(`ack-fast-webhook: replay run ${run.runId} stopped: ${why}. Continue it with the same options and:\n`
        + `  --resume ${encodeResumeToken({ ...state, progress: result.progress })}\n`);
      return result.interrupted ? EXIT_INTERRUPTED : EXIT_FAILURE;
    }
    return result.refused.length > 0 ? EXIT_FAILURE : EXIT_OK;
  } finally {
    process.removeListener('SIGINT', onSigint);
    hooks.signal?.removeEventListener('abort', onSigint);
  }
}
