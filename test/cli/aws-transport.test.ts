/*
 * Every AWS call of the CLI is bounded: an endpoint that accepts the connection and never answers
 * ends the command with one clear line; missing credentials or region say what to set. Run
 * through the bundled CLI (as `npx ack-fast-webhook` runs) with a controlled environment.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { awsTransport } from '../../cli/aws-transport';
import { TEST_AWS } from '../support/emulators';

const BUNDLE = path.join(__dirname, '..', '..', 'assets', 'cli', 'ack-fast-webhook', 'index.js');

interface Run { readonly code: number | null; readonly stdout: string; readonly stderr: string; readonly elapsedMs: number }

/** An environment with nothing of the developer's or CI's AWS setup in it. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const home = mkdtempSync(path.join(tmpdir(), 'afw-home-'));
  return {
    PATH: process.env.PATH,
    HOME: home,
    AWS_CONFIG_FILE: path.join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  };
}

const CREDENTIALS = { AWS_ACCESS_KEY_ID: TEST_AWS.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_AWS.credentials.secretAccessKey };

function runBundle(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BUNDLE, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('close', (code) => resolve({ code, stdout, stderr, elapsedMs: Date.now() - started }));
  });
}

/** A TCP server that accepts every connection and never sends a byte. */
async function silentServer(): Promise<{ server: Server; endpoint: string; connections: () => number; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => { sockets.push(socket); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    endpoint: `http://127.0.0.1:${port}`,
    connections: () => sockets.length,
    close: () => new Promise<void>((resolve) => {
      sockets.forEach((socket) => socket.destroy());
      server.close(() => resolve());
    }),
  };
}

let silent: Awaited<ReturnType<typeof silentServer>>;

beforeAll(async () => {
  expect(existsSync(BUNDLE)).toBe(true); // the test task bundles the CLI before jest runs
  silent = await silentServer();
});

afterAll(async () => {
  await silent.close();
});

describe('an endpoint that accepts and never answers', () => {
  // redrive asks for both queues' ARNs at once: two calls of two attempts each.
  test.each([
    ['status', 1],
    ['redrive', 2],
    ['replay', 1],
  ])('%s ends with one line naming the timeout, after 2 attempts of --timeout-seconds', async (command, calls) => {
    // Prepare
    const before = silent.connections();
    const queue = (name: string) => `${silent.endpoint}/000000000000/${name}`;
    const args = {
      status: ['status', 'evt-1', '--table', 'state', '--key-prefix', 'event#Stack-Webhooks#'],
      redrive: ['redrive', '--dlq-url', queue('q-dlq.fifo'), '--queue-url', queue('q.fifo')],
      replay: ['replay', 'evt-1', '--table', 'state', '--key-prefix', 'event#Stack-Webhooks#', '--force'],
    }[command]!;

    // Act
    const result = await runBundle([...args, '--endpoint-url', silent.endpoint, '--region', 'us-east-2', '--timeout-seconds', '1'],
      cleanEnv(CREDENTIALS));

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/no answer from the AWS endpoint after 2 attempts \(TimeoutError: .*1000 ms.*\); check --region, --endpoint-url/);
    expect(silent.connections() - before).toBe(2 * calls);
    console.log(`${command} against a silent endpoint ended after ${result.elapsedMs} ms (--timeout-seconds 1)`);
  });

  test('negative control: an SDK client without the CLI\'s transport settings is still waiting after 4 s', async () => {
    // Prepare
    const client = new DynamoDBClient({ ...TEST_AWS, endpoint: silent.endpoint, maxAttempts: 1 });
    const bounded = new DynamoDBClient({ ...TEST_AWS, endpoint: silent.endpoint, ...awsTransport(1), maxAttempts: 1 });
    const get = (c: DynamoDBClient) => c.send(new GetItemCommand({ TableName: 'state', Key: { pk: { S: 'evt-1' } } }))
      .then(() => 'answered', (error: Error) => `failed: ${error.name}`);
    const after = (ms: number) => new Promise<string>((resolve) => setTimeout(() => resolve('still waiting'), ms));

    // Act
    const [unbounded, withTransport] = await Promise.all([
      Promise.race([get(client), after(4_000)]),
      Promise.race([get(bounded), after(4_000)]),
    ]);

    // Assess
    expect(unbounded).toBe('still waiting');
    expect(withTransport).toBe('failed: TimeoutError');
    client.destroy();
    bounded.destroy();
  });
});

describe('environment problems get one line saying what to set', () => {
  test('a closed port: cannot reach the endpoint', async () => {
    const result = await runBundle(['status', 'evt-1', '--table', 'state', '--key-prefix', 'event#Stack-Webhooks#', '--endpoint-url', 'http://127.0.0.1:1', '--region', 'us-east-2'],
      cleanEnv(CREDENTIALS));

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^ack-fast-webhook: status: cannot reach the AWS endpoint \(connect ECONNREFUSED 127\.0\.0\.1:1\)/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('no credentials anywhere: names AWS_PROFILE and the access key variables, sends nothing', async () => {
    // Prepare
    const before = silent.connections();

    // Act
    const result = await runBundle(['status', 'evt-1', '--table', 'state', '--key-prefix', 'event#Stack-Webhooks#', '--endpoint-url', silent.endpoint, '--region', 'us-east-2'],
      cleanEnv({}));

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('ack-fast-webhook: status: no AWS credentials found: set AWS_PROFILE (after `aws sso login --profile NAME` '
      + 'or `aws configure`), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for temporary credentials)\n');
    expect(silent.connections()).toBe(before);
  });

  test('no region from any source: says where the CLI looks', async () => {
    const result = await runBundle(['status', 'evt-1', '--table', 'state', '--key-prefix', 'event#Stack-Webhooks#'], cleanEnv(CREDENTIALS));

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^ack-fast-webhook: status: no AWS region: the CLI takes --region R, else the region in the pipeline's queue URL .*; pass --region R or set AWS_REGION\n$/);
  });

  test('--timeout-seconds must be a positive number', async () => {
    const result = await runBundle(['status', 'evt-1', '--table', 'state', '--key-prefix', 'event#Stack-Webhooks#', '--timeout-seconds', '0'], cleanEnv(CREDENTIALS));

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--timeout-seconds must be a positive number, got '0'/);
  });
});
