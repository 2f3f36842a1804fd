/*
 * Protocol emulators on loopback, reached through the real AWS SDK v3 clients: dynalite (DynamoDB)
 * in this process, fauxqs (SQS) as a child process. Each call starts a fresh, empty emulator on a
 * port the OS picks. Used by the local pipeline and by the tests (test/support/emulators.ts).
 */
import { ChildProcess, fork } from 'node:child_process';
import { AddressInfo, createServer } from 'node:net';
import * as path from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { TABLE_PARTITION_KEY } from '../src/contract';

/** Credentials and region the emulators accept (they do not check them). */
export const LOCAL_AWS = {
  region: 'us-east-2',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
};
/** The name the tests know it by. */
export const TEST_AWS = LOCAL_AWS;

export interface RunningEmulator {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** A message fauxqs moved to a dead-letter queue (ids only, never the body). */
export interface DeadLetterMove {
  readonly queueName: string;
  readonly messageId: string;
  readonly eventId?: string;
}

export interface RunningFauxqs extends RunningEmulator {
  /** Shifts fauxqs's clock (deduplication window, visibility deadlines) by `offsetMs` from real time. */
  setClockOffset(offsetMs: number): Promise<void>;
  /** Called for every message fauxqs moves to a dead-letter queue after maxReceiveCount receives. */
  onDeadLetter(listener: (move: DeadLetterMove) => void): void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** dynalite in this process, in memory. Conditional writes are real; TTL never expires. */
export async function startDynalite(): Promise<RunningEmulator> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dynalite = require('dynalite');
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface ChildMessage {
  readonly type: string;
  readonly port?: number;
  readonly offsetMs?: number;
  readonly queueName?: string;
  readonly messageId?: string;
  readonly eventId?: string;
}

const FAUXQS_START_TIMEOUT_MS = 15_000;

/**
 * fauxqs as a child process, driven over IPC by local/fauxqs-child.mjs: it reports its port, shifts
 * its own clock (Date.now) without touching the caller's, and reports DLQ moves.
 */
export async function startFauxqs(): Promise<RunningFauxqs> {
  const child: ChildProcess = fork(path.join(__dirname, 'fauxqs-child.mjs'), [], {
    env: { ...process.env, FAUXQS_PORT: '0', FAUXQS_DEFAULT_REGION: LOCAL_AWS.region },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    execArgv: [],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const deadLetterListeners: Array<(move: DeadLetterMove) => void> = [];
  const clockAcks: Array<() => void> = [];
  child.on('message', (message: ChildMessage) => {
    if (message.type === 'dlq' && message.queueName && message.messageId) {
      const move = { queueName: message.queueName, messageId: message.messageId, eventId: message.eventId };
      deadLetterListeners.forEach((listener) => listener(move));
    } else if (message.type === 'clock-set') {
      clockAcks.shift()?.();
    }
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`fauxqs did not start within ${FAUXQS_START_TIMEOUT_MS / 1000} s: ${stderr}`));
    }, FAUXQS_START_TIMEOUT_MS);
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'listening' && message.port) {
        clearTimeout(timer);
        resolve(message.port);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fauxqs exited with code ${code} before it listened: ${stderr}`));
    });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    setClockOffset: (offsetMs) => new Promise<void>((resolve) => {
      clockAcks.push(resolve);
      child.send({ type: 'clock', offsetMs });
    }),
    onDeadLetter: (listener) => {
      deadLetterListeners.push(listener);
    },
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

export function dynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ ...LOCAL_AWS, endpoint });
}

export function sqsClient(endpoint: string): SQSClient {
  return new SQSClient({ ...LOCAL_AWS, endpoint });
}

/** The pipeline's state table, shaped as the construct creates it. */
const TABLE_ACTIVE_TIMEOUT_MS = 10_000;

/**
 * The state table, shaped as the construct creates it. Resolves once the table is ACTIVE: dynalite
 * answers CreateTable before that, and a write in between fails with ResourceNotFoundException.
 */
export async function createStateTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(new CreateTableCommand({
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: TABLE_PARTITION_KEY, AttributeType: 'S' }],
    KeySchema: [{ AttributeName: TABLE_PARTITION_KEY, KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  const deadline = Date.now() + TABLE_ACTIVE_TIMEOUT_MS;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`table ${tableName} is not ACTIVE after ${TABLE_ACTIVE_TIMEOUT_MS} ms (status ${Table?.TableStatus})`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}


export interface FifoQueuePair {
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
}

/**
 * A FIFO queue with a FIFO DLQ, shaped as the construct creates them. `name` is the queue's name
 * without `.fifo`; the DLQ is `<name>-dlq.fifo`.
 */
export async function createFifoQueueWithDlq(
  client: SQSClient,
  name: string,
  options: { maxReceiveCount?: number; visibilityTimeoutSeconds?: number } = {},
): Promise<FifoQueuePair> {
  const dlq = await client.send(new CreateQueueCommand({
    QueueName: `${name}-dlq.fifo`,
    Attributes: { FifoQueue: 'true' },
  }));
  const dlqArn = (await client.send(new GetQueueAttributesCommand({
    QueueUrl: dlq.QueueUrl!,
    AttributeNames: ['QueueArn'],
  }))).Attributes!.QueueArn!;
  const queue = await client.send(new CreateQueueCommand({
    QueueName: `${name}.fifo`,
    Attributes: {
      FifoQueue: 'true',
      VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: dlqArn,
        maxReceiveCount: options.maxReceiveCount ?? 3,
      }),
    },
  }));
  return { queueUrl: queue.QueueUrl!, deadLetterQueueUrl: dlq.QueueUrl! };
}
