/*
 * `ack-fast-webhook redrive`: moves messages from the FIFO DLQ back to the source FIFO queue,
 * with SQS's message-move task where the endpoint has it, else a receive/send/delete loop.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  CliIo, COMMON_HELP, CommandError, EXIT_INTERRUPTED, EXIT_OK, optionalString, parseCommandArgs, positiveNumber,
  UsageError,
} from '../options';
import { DLQ_URL, PipelineResources, QUEUE_URL, STACK_OUTPUT_HELP, STACK_OUTPUT_OPTIONS } from '../pipeline-resources';
import { fitsMoveTaskRate, followMoveTask, MOVE_TASK_MAX_RATE, queueArn, startMoveTask } from '../redrive/move-task';
import { redriveByLoop } from '../redrive/receive-send-loop';

export const REDRIVE_HELP = [
  'Usage: ack-fast-webhook redrive (--outputs FILE | --dlq-url URL --queue-url URL) [--method auto|move-task|loop]',
  '                                [--rate N] [--max N] [--poll-seconds N] [--region R] [--endpoint-url URL]',
  '',
  'Moves the messages of the dead-letter queue back to the source FIFO queue, in the order received,',
  'each with its body, MessageGroupId and message attributes (eventId, receivedAt). The worker\'s',
  'idempotency record still stops an event that already COMPLETED from running twice (see `replay`',
  'to run one again on purpose). Prints which method ran.',
  '',
  'Methods:',
  '  move-task   SQS\'s message-move task (StartMessageMoveTask), polled with ListMessageMoveTasks',
  '              and progress printed; Ctrl-C cancels it (CancelMessageMoveTask); moved messages stay',
  '              moved. When SQS put a message in the FIFO DLQ it replaced its deduplication id with',
  '              the message id, so the source queue\'s 5-minute deduplication does not drop it.',
  '  loop        receive from the DLQ, send to the queue with a fresh MessageDeduplicationId, delete',
  '              from the DLQ after the send succeeded. Works everywhere (emulators too). Stops at',
  '              the first failed send (exit 1; that message becomes visible in the DLQ again).',
  '  auto        move-task; the loop when the endpoint does not support it (e.g. an emulator), or',
  '              when --max or a --rate a move task cannot carry is given (default).',
  '',
  'Options:',
  '  --dlq-url URL         the dead-letter queue to drain (or DeadLetterQueueUrl from --outputs)',
  '  --queue-url URL       the source queue to send to (or QueueUrl from --outputs)',
  '  --method M            auto, move-task or loop (default auto)',
  `  --rate N              messages per second (default 10; a move task takes whole numbers 1-${MOVE_TASK_MAX_RATE})`,
  '  --max N               move at most N messages (loop only; default: all)',
  '  --poll-seconds N      how often to check a move task\'s progress (default 5)',
  STACK_OUTPUT_HELP,
  COMMON_HELP,
].join('\n');

const DEFAULT_RATE = 10;
const DEFAULT_POLL_SECONDS = 5;
const METHODS = ['auto', 'move-task', 'loop'] as const;
type Method = typeof METHODS[number];

/** Why auto must use the loop, or undefined when a move task can do what was asked. */
function loopRequiredBy(rate: number, max: number | undefined): string | undefined {
  if (max !== undefined) return '--max given (a move task moves the whole DLQ)';
  if (!fitsMoveTaskRate(rate)) return `--rate ${rate} is not a whole number from 1 to ${MOVE_TASK_MAX_RATE}`;
  return undefined;
}

function parseMethod(raw: string | undefined): Method {
  const method = raw ?? 'auto';
  if (!(METHODS as readonly string[]).includes(method)) {
    throw new UsageError(`redrive: --method must be one of ${METHODS.join(', ')}, got '${method}'`);
  }
  return method as Method;
}

export async function runRedrive(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('redrive', argv, {
    'dlq-url': { type: 'string' },
    'queue-url': { type: 'string' },
    'method': { type: 'string' },
    'rate': { type: 'string' },
    'max': { type: 'string' },
    'poll-seconds': { type: 'string' },
    ...STACK_OUTPUT_OPTIONS,
  });
  if (values.help) {
    io.stdout(`${REDRIVE_HELP}\n`);
    return EXIT_OK;
  }
  const method = parseMethod(optionalString(values, 'method'));
  const rate = positiveNumber('redrive', values, 'rate', DEFAULT_RATE)!;
  const max = positiveNumber('redrive', values, 'max', undefined, true);
  const pollSeconds = positiveNumber('redrive', values, 'poll-seconds', DEFAULT_POLL_SECONDS)!;
  const loopReason = loopRequiredBy(rate, max);
  if (method === 'move-task' && loopReason !== undefined) {
    throw new UsageError(`redrive: --method move-task cannot honour ${loopReason}; use --method loop`);
  }
  const resources = new PipelineResources('redrive', values);
  const dlqUrl = resources.require(DLQ_URL);
  const queueUrl = resources.require(QUEUE_URL);
  const client = new SQSClient(resources.clientConfig());
  try {
    let fallbackReason = method === 'loop' ? '--method loop' : loopReason;
    if (fallbackReason === undefined) {
      const [sourceArn, destinationArn] = await Promise.all([queueArn(client, dlqUrl), queueArn(client, queueUrl)]);
      const start = await startMoveTask(client, sourceArn, destinationArn, rate);
      if (start.started) {
        io.stderr(`redrive: method move-task (SQS message-move task ${start.taskHandle}, ${rate}/s)\n`);
        return await followStartedTask(client, { sourceArn, taskHandle: start.taskHandle, pollIntervalMs: pollSeconds * 1000, io }, queueUrl);
      }
      if (method === 'move-task') {
        throw new CommandError(`redrive: this endpoint does not support the message-move task (${start.reason}); use --method loop`);
      }
      fallbackReason = `the endpoint does not support the message-move task (${start.reason})`;
    }
    io.stderr(`redrive: method loop (receive/send/delete, ${rate}/s): ${fallbackReason}\n`);
    const moved = await redriveByLoop(client, { dlqUrl, queueUrl, rate, max, io });
    io.stdout(`Moved ${moved} message(s) from the DLQ to ${queueUrl} (method: loop)\n`);
    return EXIT_OK;
  } finally {
    client.destroy();
  }
}

/** Follows the task with Ctrl-C wired to cancel it; a second Ctrl-C exits at once (Node's default). */
async function followStartedTask(
  client: SQSClient,
  options: { sourceArn: string; taskHandle: string; pollIntervalMs: number; io: CliIo },
  queueUrl: string,
): Promise<number> {
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  process.once('SIGINT', onSigint);
  try {
    const result = await followMoveTask(client, { ...options, signal: interrupt.signal });
    if (result.status === 'COMPLETED') {
      options.io.stdout(`Moved ${result.moved} message(s) from the DLQ to ${queueUrl} (method: move-task)\n`);
      return EXIT_OK;
    }
    const summary = `the move task ended ${result.status} after ${result.moved} message(s); the rest stays in the DLQ`;
    if (interrupt.signal.aborted) {
      options.io.stderr(`ack-fast-webhook: redrive: ${summary}; run redrive again to move it\n`);
      return EXIT_INTERRUPTED;
    }
    throw new CommandError(`redrive: ${summary} (cancelled outside this command?); run redrive again to move it`);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
