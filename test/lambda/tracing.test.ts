/*
 * Tracing without the X-Ray SDK: through the real SDK clients against fauxqs and the Lambda Invoke
 * fake, and a real UDP listener on loopback as the X-Ray daemon. One webhook is one trace: the
 * ingress hands its trace to SQS (AWSTraceHeader), the worker continues it for the event and hands
 * it to the processor's Invoke (X-Amzn-Trace-Id), both annotate it with the event id. Negative
 * control: tracing off, nothing of it happens.
 *
 * fauxqs stores messages but not their system attributes, so a loopback HTTP relay between the SQS
 * client and fauxqs keeps each SendMessage request as sent, and the worker's record gets the
 * AWSTraceHeader from it, as Lambda's event source would deliver it from SQS.
 */
import { createHmac } from 'node:crypto';
import { createSocket, Socket } from 'node:dgram';
import { createServer, request as httpRequest, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { toSqsEvent, lambdaContext } from './worker/sqs-event';
import { LambdaEventProcessor } from '../../lambda/aws/lambda-processor';
import { createSqsClient, SqsQueueSender } from '../../lambda/aws/queue-sender';
import { createIngressHandler } from '../../lambda/ingress/ingress-handler';
import { IdempotencyStore } from '../../src/runtime/aws/idempotency-store';
import { XRayDaemonSink } from '../../src/runtime/aws/xray-daemon';
import { WorkerTimeBudget } from '../../src/runtime/core/time-budget';
import { AuditLog } from '../../src/runtime/observability/audit-log';
import { EventTracing, LAMBDA_TRACE_ENV } from '../../src/runtime/observability/event-tracing';
import { parseTraceHeader } from '../../src/runtime/observability/trace-context';
import { toEventRecord } from '../../src/runtime/worker/event-record';
import { createRecordHandler } from '../../src/runtime/worker/record-handler';
import { RunningEmulator, sqsClient, startFauxqs, TEST_AWS } from '../support/emulators';
import { hexHmacIngressConfig } from '../support/ingress-runtime-config';
import { LambdaInvokeFake, startLambdaInvokeFake } from '../support/lambda-invoke-fake';

const ROOT = '1-67891233-abcdef012345678912345678';
const LAMBDA_SEGMENT = '53995c3f42cd8ad8';
const SECRET = 'tracing-test-secret';

interface Daemon {
  readonly address: string;
  readonly documents: Array<{ header: Record<string, unknown>; segment: Record<string, unknown> }>;
  waitFor(count: number): Promise<void>;
  close(): void;
}

/** A UDP listener on loopback that keeps what the X-Ray daemon would receive. */
async function startDaemon(): Promise<Daemon> {
  const socket: Socket = createSocket('udp4');
  const documents: Daemon['documents'] = [];
  socket.on('message', (message) => {
    const [header, segment] = message.toString('utf8').split('\n');
    documents.push({ header: JSON.parse(header), segment: JSON.parse(segment) });
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    documents,
    async waitFor(count) {
      for (let i = 0; i < 100 && documents.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    },
    close: () => socket.close(),
  };
}

const sign = (body: string) => createHmac('sha256', SECRET).update(body).digest('hex');
function webhook(body: string): APIGatewayProxyEvent {
  return {
    headers: { 'content-type': 'application/json', 'x-signature': sign(body) },
    body,
    isBase64Encoded: false,
    requestContext: { requestId: 'req-trace' },
  } as unknown as APIGatewayProxyEvent;
}

interface SendRecorder {
  readonly endpoint: string;
  readonly sendMessages: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/** Relays every request to `target` and keeps the JSON body of each SendMessage. */
async function startSendRecorder(target: string): Promise<SendRecorder> {
  const sendMessages: Array<Record<string, unknown>> = [];
  const upstream = new URL(target);
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      if (String(incoming.headers['x-amz-target'] ?? '').endsWith('.SendMessage')) sendMessages.push(JSON.parse(body.toString('utf8')));
      const relay = httpRequest({
        host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers,
      }, (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      relay.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, sendMessages, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A store whose every claim succeeds (this test's subject is the trace, not the idempotency record). */
const claimingStore = {
  claim: async () => ({ kind: 'CLAIMED', attempt: 1 }),
  complete: async () => true,
  fail: async () => true,
  hold: async () => true,
} as unknown as IdempotencyStore;

describe('one webhook, one trace', () => {
  let fauxqs: RunningEmulator;
  let sqs: SQSClient;
  let daemon: Daemon;
  let invokeFake: LambdaInvokeFake;
  let recorder: SendRecorder;
  let queueNumber = 0;

  beforeAll(async () => {
    fauxqs = await startFauxqs();
    sqs = sqsClient(fauxqs.endpoint);
    daemon = await startDaemon();
    invokeFake = await startLambdaInvokeFake(() => ({ payload: 'null' }));
    recorder = await startSendRecorder(fauxqs.endpoint);
  });
  afterAll(async () => {
    sqs?.destroy();
    daemon?.close();
    await invokeFake?.stop();
    await recorder?.close();
    await fauxqs?.stop();
  });

  async function runOneWebhook(tracing: boolean) {
    daemon.documents.length = 0;
    invokeFake.invocations.length = 0;
    recorder.sendMessages.length = 0;
    const queue = await sqs.send(new CreateQueueCommand({
      QueueName: `trace-${process.pid}-${++queueNumber}.fifo`, Attributes: { FifoQueue: 'true' },
    }));
    const queueUrl = queue.QueueUrl!;
    const env = { [LAMBDA_TRACE_ENV]: `Root=${ROOT};Parent=${LAMBDA_SEGMENT};Sampled=1` };
    const sink = new XRayDaemonSink(daemon.address);
    const ingress = createIngressHandler({
      config: hexHmacIngressConfig({ queueUrl, eventIdJsonPointer: '/id', tracing }),
      secrets: { getSecrets: async () => ({ candidates: [SECRET], stale: false }), refreshAfterRejection: async () => undefined } as never,
      queue: new SqsQueueSender(createSqsClient({ ...TEST_AWS, endpoint: recorder.endpoint, useQueueUrlAsEndpoint: false }), queueUrl),
      log: new AuditLog('ingress', () => undefined),
      now: Date.now,
      tracing: new EventTracing(sink, Date.now, env),
    });
    const answer = await ingress(webhook(JSON.stringify({ id: 'evt-traced', type: 'customer.message' })));
    const received = await sqs.send(new ReceiveMessageCommand({
      QueueUrl: queueUrl, MaxNumberOfMessages: 1, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'],
    }));
    const sent = recorder.sendMessages[0] as { MessageSystemAttributes?: { AWSTraceHeader?: { StringValue?: string } } } | undefined;
    const awsTraceHeader = sent?.MessageSystemAttributes?.AWSTraceHeader?.StringValue;
    const messages = (received.Messages ?? []).map((message) => (awsTraceHeader === undefined ? message
      : { ...message, Attributes: { ...message.Attributes, AWSTraceHeader: awsTraceHeader } }));
    const event = toSqsEvent(messages, 'arn:aws:sqs:us-east-2:000000000000:trace.fifo');
    const handleRecord = createRecordHandler({
      store: claimingStore,
      processor: new LambdaEventProcessor(new LambdaClient({ ...TEST_AWS, endpoint: invokeFake.endpoint, maxAttempts: 1 }), 'processor'),
      log: new AuditLog('worker', () => undefined),
      idempotencyTtlSeconds: 3600,
      budget: new WorkerTimeBudget(1_000),
      now: Date.now,
      tracing: tracing ? new EventTracing(sink) : undefined,
    });
    const result = await handleRecord(toEventRecord(event.Records[0]), lambdaContext(), undefined);
    await daemon.waitFor(tracing ? 2 : 1);
    sink.close();
    return { answer, sent, message: messages[0], result };
  }

  test('tracing on: AWSTraceHeader on the message, the event id annotated by ingress and worker, the Invoke in the same trace', async () => {
    // Act
    const { answer, sent, message, result } = await runOneWebhook(true);

    // Assess
    expect(answer.statusCode).toBe(200);
    expect(result).toEqual({ kind: 'ok' });
    expect(sent?.MessageSystemAttributes).toEqual({ AWSTraceHeader: { DataType: 'String', StringValue: `Root=${ROOT};Parent=${LAMBDA_SEGMENT};Sampled=1` } });
    expect(message?.Attributes?.AWSTraceHeader).toBe(`Root=${ROOT};Parent=${LAMBDA_SEGMENT};Sampled=1`);
    const [ingressDoc, workerDoc] = daemon.documents;
    expect(ingressDoc.header).toEqual({ format: 'json', version: 1 });
    expect(ingressDoc.segment).toMatchObject({
      trace_id: ROOT, parent_id: LAMBDA_SEGMENT, type: 'subsegment', annotations: { eventId: 'evt-traced' },
    });
    expect(workerDoc.segment).toMatchObject({
      trace_id: ROOT, parent_id: LAMBDA_SEGMENT, name: 'webhook worker', annotations: { eventId: 'evt-traced', outcome: 'PROCESSED' },
    });
    expect(workerDoc.segment).not.toHaveProperty('type');
    const invoked = parseTraceHeader(invokeFake.invocations[0].traceHeader);
    // The processor's run hangs under the worker's segment for this event, in the webhook's trace.
    expect(invoked).toEqual({ root: ROOT, parent: workerDoc.segment.id, sampled: true });
    process.stdout.write(`[tracing] trace ${ROOT}: ingress subsegment ${ingressDoc.segment.id}, worker segment ${workerDoc.segment.id}, `
      + `Invoke X-Amzn-Trace-Id ${invokeFake.invocations[0].traceHeader}\n`);
  });

  test('negative control: tracing off, no AWSTraceHeader, nothing sent to the daemon, no event trace on the Invoke', async () => {
    // Act
    const { answer, sent, message } = await runOneWebhook(false);

    // Assess
    expect(answer.statusCode).toBe(200);
    expect(sent).toBeDefined();
    expect(sent).not.toHaveProperty('MessageSystemAttributes');
    expect(message?.Attributes?.AWSTraceHeader).toBeUndefined();
    expect(daemon.documents).toEqual([]);
    expect(invokeFake.invocations[0].traceHeader).toBeUndefined();
  });

  test('a message without a trace (tracing on, unsampled or absent): no segment, no header', () => {
    const tracing = new EventTracing({ send: () => { throw new Error('must not send'); } });
    expect(tracing.workerEvent(undefined, 'e').traceHeader).toBeUndefined();
    const unsampled = tracing.workerEvent(`Root=${ROOT};Parent=${LAMBDA_SEGMENT};Sampled=0`, 'e');
    expect(unsampled.traceHeader).toMatch(/Sampled=0$/);
    expect(() => unsampled.end('PROCESSED', false)).not.toThrow();
  });
});
