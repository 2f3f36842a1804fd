/*
 * One replay run from the archive: every selected event sent to the queue as the ingress sent it
 * (its event id, group and original receive time), plus the run's id and request time. The
 * deduplication id is derived from (run, event), so a resend within the run is dropped by SQS
 * for 5 minutes and by the worker's claim after that; another run is a new effect once.
 *
 * Order: a group's events go one after another in their original order; groups start in name
 * order and go in parallel, all sends together at most `ratePerSecond`. Stopping (the signal)
 * lets the sends in flight finish, then reports the progress (cli/replay/replay-progress.ts), so
 * the resume token covers every send.
 */
import { createHash } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { compareGroupNames, NO_PROGRESS, ProgressTracker, ReplayProgress, unsentEvents } from './replay-progress';
import { SelectedEvent } from './replay-selection';
import { MESSAGE_ATTRIBUTE_REPLAY_REQUESTED_AT, MESSAGE_ATTRIBUTE_REPLAY_RUN_ID, MESSAGE_ATTRIBUTE_EVENT_ID, MESSAGE_ATTRIBUTE_RECEIVED_AT } from '../../src/contract';
import { checkWebhookBody, BodyRules } from '../../src/runtime/ingest/webhook-body';

export interface ReplayRun {
  readonly runId: string;
  /** Epoch ms. */
  readonly requestedAt: number;
}

export interface ReplaySendOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly run: ReplayRun;
  /** Each group's events in their original order. */
  readonly groups: ReadonlyMap<string, readonly SelectedEvent[]>;
  /** How far this run got before (a resumed run skips what it sent); absent: a new run. */
  readonly resumeFrom?: ReplayProgress;
  readonly ratePerSecond: number;
  readonly bodyRules: BodyRules;
  readonly signal?: AbortSignal;
  /** After each send (progress; tests interrupt with it). */
  readonly onSent?: (eventId: string, sentSoFar: number) => void;
  readonly now?: () => number;
}

export interface ReplaySendResult {
  /** Where the run is now: what a `--resume` token carries. `progress.sentCount` includes the sends before a resume. */
  readonly progress: ReplayProgress;
  /** Events whose body the ingress would refuse now (not sent; `reason` as the ingress logs it). */
  readonly refused: Array<{ readonly eventId: string; readonly reason: string }>;
  readonly interrupted: boolean;
  /** The send that failed (the run stopped after it; what was sent before it is in `progress`). */
  readonly error?: unknown;
}

/** `r:<run>:<sha256(eventId)>`: the same for every send of one event in one run, different across runs, at most 107 characters. */
export function replayDeduplicationId(runId: string, eventId: string): string {
  return `r:${runId}:${createHash('sha256').update(eventId, 'utf8').digest('hex')}`;
}

/** Spaces starts `1000 / ratePerSecond` ms apart across all groups. */
function rateGate(ratePerSecond: number, now: () => number): () => Promise<void> {
  const intervalMs = 1000 / ratePerSecond;
  let nextAt = now();
  return async () => {
    const at = Math.max(nextAt, now());
    nextAt = at + intervalMs;
    const wait = at - now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  };
}

export async function sendReplayRun(options: ReplaySendOptions): Promise<ReplaySendResult> {
  const now = options.now ?? Date.now;
  const resumeFrom = options.resumeFrom ?? NO_PROGRESS;
  const progress = new ProgressTracker(resumeFrom);
  const refused: Array<{ eventId: string; reason: string }> = [];
  const gate = rateGate(options.ratePerSecond, now);
  let error: unknown;
  const stopped = () => options.signal?.aborted === true || error !== undefined;

  const sendGroup = async (group: string, events: readonly SelectedEvent[]) => {
    progress.started(group);
    for (const { record } of events) {
      if (stopped()) return;
      const checked = checkWebhookBody(Buffer.from(record.body, 'utf8'), options.bodyRules);
      if (!checked.ok) {
        // The rest of the group still goes: this event would be refused by the ingress too, it never ran from this body.
        refused.push({ eventId: record.eventId, reason: checked.reason });
        continue;
      }
      await gate();
      if (stopped()) return;
      await options.sqs.send(new SendMessageCommand({
        QueueUrl: options.queueUrl,
        MessageBody: record.body,
        MessageGroupId: record.messageGroupId,
        MessageDeduplicationId: replayDeduplicationId(options.run.runId, record.eventId),
        MessageAttributes: {
          [MESSAGE_ATTRIBUTE_EVENT_ID]: { DataType: 'String', StringValue: record.eventId },
          [MESSAGE_ATTRIBUTE_RECEIVED_AT]: { DataType: 'Number', StringValue: String(record.receivedAt) },
          [MESSAGE_ATTRIBUTE_REPLAY_RUN_ID]: { DataType: 'String', StringValue: options.run.runId },
          [MESSAGE_ATTRIBUTE_REPLAY_REQUESTED_AT]: { DataType: 'Number', StringValue: String(options.run.requestedAt) },
        },
      }));
      progress.sentOne(group, record);
      options.onSent?.(record.eventId, progress.sentCount);
    }
    if (!stopped()) progress.finished(group);
  };

  // One sender per group, at most `ratePerSecond` of them at once (more could not send any faster).
  const queue = [...options.groups.entries()]
    .sort(([a], [b]) => compareGroupNames(a, b))
    .map(([group, events]) => [group, unsentEvents(group, events, resumeFrom)] as const)
    .filter(([, events]) => events.length > 0);
  const lanes = Math.max(1, Math.min(queue.length, Math.ceil(options.ratePerSecond)));
  await Promise.all(Array.from({ length: lanes }, async () => {
    try {
      for (let next = queue.shift(); next !== undefined && !stopped(); next = queue.shift()) await sendGroup(...next);
    } catch (failure) {
      error ??= failure;
    }
  }));
  return { progress: progress.snapshot(), refused, interrupted: options.signal?.aborted === true, error };
}
