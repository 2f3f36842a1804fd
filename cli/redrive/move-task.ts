/*
 * Redrive with SQS's own message-move task (StartMessageMoveTask, then ListMessageMoveTasks
 * until it ends). SQS moves the messages server-side in the order received, keeping body, group
 * and attributes. For a FIFO DLQ there is no deduplication trap: when SQS moved a message into
 * the DLQ it replaced the deduplication id with the original message id, so the source queue
 * does not drop the redriven copy (SQS Developer Guide, "configure dead-letter queue redrive").
 */
import {
  CancelMessageMoveTaskCommand, GetQueueAttributesCommand, ListMessageMoveTasksCommand, ListMessageMoveTasksResultEntry,
  SQSClient, StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { environmentFailure } from '../aws-transport';
import { CliIo, CommandError } from '../options';
import { Progress, startProgress } from '../progress';

/** SQS's limit on MaxNumberOfMessagesPerSecond of a move task. */
export const MOVE_TASK_MAX_RATE = 500;

/** Error names meaning "this endpoint has no message-move API" (AWS, and emulators that lack it). */
const UNSUPPORTED_ERRORS = new Set(['UnsupportedOperation', 'InvalidAction', 'UnknownOperationException']);

export type MoveTaskStart =
  | { readonly started: true; readonly taskHandle: string }
  | { readonly started: false; readonly reason: string };

export interface MoveTaskResult {
  readonly status: string;
  readonly moved: number;
}

const describeError = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** Whether a move task can carry `rate` (whole messages per second, 1 to 500). */
export function fitsMoveTaskRate(rate: number): boolean {
  return Number.isInteger(rate) && rate >= 1 && rate <= MOVE_TASK_MAX_RATE;
}

export async function queueArn(client: SQSClient, queueUrl: string): Promise<string> {
  const output = await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  const arn = output.Attributes?.QueueArn;
  if (!arn) throw new CommandError(`redrive: ${queueUrl} did not report its QueueArn`);
  return arn;
}

/** Starts the task; an endpoint without the API answers `started: false` instead of throwing. */
export async function startMoveTask(
  client: SQSClient, sourceArn: string, destinationArn: string, rate: number,
): Promise<MoveTaskStart> {
  try {
    const output = await client.send(new StartMessageMoveTaskCommand({
      SourceArn: sourceArn,
      DestinationArn: destinationArn,
      MaxNumberOfMessagesPerSecond: rate,
    }));
    if (!output.TaskHandle) throw new CommandError('redrive: StartMessageMoveTask answered without a TaskHandle');
    return { started: true, taskHandle: output.TaskHandle };
  } catch (error) {
    if (error instanceof Error && UNSUPPORTED_ERRORS.has(error.name)) {
      return { started: false, reason: describeError(error) };
    }
    // No answer, no credentials, no region: main() explains those; they are not a permissions problem.
    if (error instanceof CommandError || environmentFailure(error) !== undefined) throw error;
    throw new CommandError(`redrive: StartMessageMoveTask failed (${describeError(error)}); `
      + 'check sqs:StartMessageMoveTask permissions and that no other move task runs on this DLQ '
      + '(aws sqs list-message-move-tasks --source-arn ...), or use --method loop');
  }
}

/** The entry of our task: by handle while it runs; SQS drops the handle once it ends, so then the newest. */
function ourTask(entries: readonly ListMessageMoveTasksResultEntry[], taskHandle: string): ListMessageMoveTasksResultEntry | undefined {
  const running = entries.find((entry) => entry.TaskHandle === taskHandle);
  if (running) return running;
  return [...entries].sort((a, b) => (b.StartedTimestamp ?? 0) - (a.StartedTimestamp ?? 0))[0];
}

/** Sleeps `ms`, or less if `signal` aborts first. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

export interface FollowOptions {
  readonly sourceArn: string;
  readonly taskHandle: string;
  readonly pollIntervalMs: number;
  readonly io: CliIo;
  /** Aborting (Ctrl-C) cancels the task; messages moved so far stay moved. */
  readonly signal: AbortSignal;
}

/** Polls the task until it leaves RUNNING/CANCELLING, showing progress (on a terminal, in place). */
export async function followMoveTask(client: SQSClient, options: FollowOptions): Promise<MoveTaskResult> {
  const progress = startProgress(options.io, { label: 'redrive (move task)', unit: 'messages moved' });
  try {
    return await pollMoveTask(client, options, progress);
  } finally {
    progress.finish();
  }
}

async function pollMoveTask(client: SQSClient, options: FollowOptions, progress: Progress): Promise<MoveTaskResult> {
  const { sourceArn, taskHandle, io, signal } = options;
  let cancelRequested = false;
  let lastNote = '';
  for (;;) {
    if (signal.aborted && !cancelRequested) {
      cancelRequested = true;
      progress.finish();
      io.stderr('redrive: interrupted, cancelling the move task (messages moved so far stay moved)\n');
      await client.send(new CancelMessageMoveTaskCommand({ TaskHandle: taskHandle })).catch((error: unknown) => {
        // It may have ended meanwhile; the next poll tells.
        io.stderr(`redrive: CancelMessageMoveTask failed (${describeError(error)})\n`);
      });
    }
    const output = await client.send(new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: 10 }));
    const task = ourTask(output.Results ?? [], taskHandle);
    if (!task) throw new CommandError(`redrive: ListMessageMoveTasks shows no task for ${sourceArn}`);
    const status = task.Status ?? 'UNKNOWN';
    const moved = task.ApproximateNumberOfMessagesMoved ?? 0;
    const toMove = task.ApproximateNumberOfMessagesToMove;
    const note = `redrive: move task ${status}, ${moved}${toMove === undefined ? '' : ` of ${toMove}`} message(s) moved`;
    progress.update(moved, note === lastNote ? undefined : note, toMove);
    lastNote = note;
    if (status !== 'RUNNING' && status !== 'CANCELLING') {
      progress.finish();
      if (status === 'FAILED') {
        throw new CommandError(`redrive: the move task FAILED after ${moved} message(s) (${task.FailureReason ?? 'no reason given'}); `
          + 'the rest stays in the DLQ; fix the cause and run redrive again');
      }
      return { status, moved };
    }
    await pause(options.pollIntervalMs, signal);
  }
}
