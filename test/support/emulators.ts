/*
 * Protocol emulators on loopback, started by the tests that need them, reached through the
 * real AWS SDK v3 clients. Each call starts a fresh, empty emulator on a free port.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { AddressInfo, createServer } from 'node:net';
import * as path from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { TABLE_PARTITION_KEY } from '../../src/private/runtime-contract';

/** Credentials and region the emulators accept (they do not check them). */
export const TEST_AWS = {
  region: 'us-east-2',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
};

export interface RunningEmulator {
  readonly endpoint: string;
  stop(): Promise<void>;
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
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** fauxqs as a child process (it is ESM-only, which ts-jest cannot import in-process). */
export async function startFauxqs(): Promise<RunningEmulator> {
  const port = await freePort();
  // fauxqs's package exports hide package.json and the CLI, so locate the CLI on disk.
  const cli = path.join(__dirname, '..', '..', 'node_modules', 'fauxqs', 'dist', 'cli.js');
  const child: ChildProcess = spawn(process.execPath, [cli], {
    env: {
      ...process.env,
      FAUXQS_PORT: String(port),
      FAUXQS_HOST: 'localhost',
      FAUXQS_LOGGER: 'false',
      FAUXQS_DEFAULT_REGION: TEST_AWS.region,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`fauxqs exited with code ${child.exitCode}: ${stderr}`);
    }
    try {
      const response = await fetch(`${endpoint}/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`fauxqs did not answer on ${endpoint} within 15 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    endpoint,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

export function dynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ ...TEST_AWS, endpoint });
}

export function sqsClient(endpoint: string): SQSClient {
  return new SQSClient({ ...TEST_AWS, endpoint });
}

/** The pipeline's state table, shaped as the construct creates it. */
export async function createStateTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(new CreateTableCommand({
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: TABLE_PARTITION_KEY, AttributeType: 'S' }],
    KeySchema: [{ AttributeName: TABLE_PARTITION_KEY, KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
}

export interface FifoQueuePair {
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
}

/** A FIFO queue with a FIFO DLQ, shaped as the construct creates them. */
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
