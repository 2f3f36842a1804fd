/*
 * A loopback fake of SQS's message-move calls (AWS JSON 1.0: StartMessageMoveTask,
 * ListMessageMoveTasks, CancelMessageMoveTask, plus GetQueueAttributes for ARNs and an empty
 * ReceiveMessage), enough for the real SQS client. fauxqs has no move task, so the CLI's move-task
 * path is tested here. The task moves `movedPerPoll` messages per ListMessageMoveTasks call.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { TEST_AWS } from '../support/emulators';

export interface FakeCall {
  /** The operation, e.g. StartMessageMoveTask. */
  readonly action: string;
  readonly input: Record<string, unknown>;
}

export interface MoveTaskFakeOptions {
  /** Messages in the DLQ when the task starts. */
  readonly messagesToMove: number;
  readonly movedPerPoll: number;
  /** When set, StartMessageMoveTask answers this error (e.g. UnsupportedOperation). */
  readonly startError?: string;
  /** When set, the task ends FAILED with this reason once it has moved `movedPerPoll`. */
  readonly failureReason?: string;
}

export interface SqsMoveTaskFake {
  readonly endpoint: string;
  readonly calls: FakeCall[];
  /** The ARN the fake reports for a queue URL. */
  arnOf(queueUrl: string): string;
  stop(): Promise<void>;
}

const TASK_HANDLE = 'fake-task-handle-1';

function reply(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.0' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const arnOf = (queueUrl: string) => `arn:aws:sqs:${TEST_AWS.region}:000000000000:${queueUrl.split('/').pop()}`;

export async function startSqsMoveTaskFake(options: MoveTaskFakeOptions): Promise<SqsMoveTaskFake> {
  const calls: FakeCall[] = [];
  let task: { status: string; moved: number; sourceArn: string; destinationArn: string; rate: number } | undefined;

  function answer(action: string, input: Record<string, unknown>): [number, object] {
    switch (action) {
      case 'GetQueueAttributes':
        return [200, { Attributes: { QueueArn: arnOf(String(input.QueueUrl)) } }];
      case 'ReceiveMessage':
        return [200, {}];
      case 'StartMessageMoveTask':
        if (options.startError) return [400, { __type: `com.amazonaws.sqs#${options.startError}`, message: 'injected by the fake' }];
        task = {
          status: 'RUNNING',
          moved: 0,
          sourceArn: String(input.SourceArn),
          destinationArn: String(input.DestinationArn),
          rate: Number(input.MaxNumberOfMessagesPerSecond),
        };
        return [200, { TaskHandle: TASK_HANDLE }];
      case 'CancelMessageMoveTask':
        if (!task || input.TaskHandle !== TASK_HANDLE || task.status !== 'RUNNING') {
          return [400, { __type: 'com.amazonaws.sqs#ResourceNotFoundException', message: 'no running task' }];
        }
        task.status = 'CANCELLING';
        return [200, { ApproximateNumberOfMessagesMoved: task.moved }];
      case 'ListMessageMoveTasks': {
        if (!task) return [200, { Results: [] }];
        if (task.status === 'CANCELLING') {
          task.status = 'CANCELLED';
        } else if (task.status === 'RUNNING') {
          task.moved = Math.min(options.messagesToMove, task.moved + options.movedPerPoll);
          if (options.failureReason) task.status = 'FAILED';
          else if (task.moved === options.messagesToMove) task.status = 'COMPLETED';
        }
        return [200, {
          Results: [{
            // SQS reports the handle only while the task runs.
            ...(task.status === 'RUNNING' ? { TaskHandle: TASK_HANDLE } : {}),
            Status: task.status,
            SourceArn: task.sourceArn,
            DestinationArn: task.destinationArn,
            MaxNumberOfMessagesPerSecond: task.rate,
            ApproximateNumberOfMessagesMoved: task.moved,
            ApproximateNumberOfMessagesToMove: options.messagesToMove,
            ...(task.status === 'FAILED' ? { FailureReason: options.failureReason } : {}),
            StartedTimestamp: 1_795_000_000_000,
          }],
        }];
      }
      default:
        return [400, { __type: 'com.amazonaws.sqs#InvalidAction', message: `the fake does not implement ${action}` }];
    }
  }

  const server: Server = createServer((request, response) => {
    void readBody(request).then((text) => {
      const action = String(request.headers['x-amz-target'] ?? '').replace(/^AmazonSQS\./, '');
      const input = text === '' ? {} : JSON.parse(text) as Record<string, unknown>;
      calls.push({ action, input });
      const [status, body] = answer(action, input);
      reply(response, status, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    arnOf,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
