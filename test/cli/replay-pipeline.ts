/*
 * The pipeline's back half on loopback for replay tests: a dynalite state table, a fauxqs FIFO
 * queue, and the real worker handler with an in-process processor. The CLI reaches each emulator
 * through its service endpoint variable (one --endpoint-url would send both to the same one).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AttributeValue, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteMessageCommand, GetQueueAttributesCommand, Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { useStateTableEmulator } from './harness';
import { ProcessorRequestPayload } from '../../src/contract';
import { DynamoIdempotencyStore } from '../../src/runtime/aws/idempotency-store';
import { SqsMessageVisibility } from '../../src/runtime/aws/message-visibility';
import { AuditLog } from '../../src/runtime/observability/audit-log';
import { createWorkerHandler } from '../../src/runtime/worker/worker-handler';
import { lambdaContext, toSqsEvent } from '../lambda/worker/sqs-event';
import { createFifoQueueWithDlq, RunningEmulator, sqsClient, startFauxqs, TEST_AWS } from '../support/emulators';

export interface ReplayPipeline {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  /** Writes `text` to a fresh temporary file and returns its path. */
  bodyFile(name: string, text: string): string;
  /** One receive, one worker invocation (asserting no batch failures), then delete what was received. */
  deliverOnce(calls: ProcessorRequestPayload[]): Promise<Message[]>;
  storedRecord(eventId: string): Promise<Record<string, AttributeValue> | undefined>;
  putRecord(eventId: string, fields: Record<string, AttributeValue>): Promise<void>;
  /** `replay ...extra --table T --queue-url Q --region R`. */
  replayArgs(...extra: string[]): string[];
}

/** Starts the emulators for the calling test file (beforeAll/afterAll); use the fields inside tests. */
export function useReplayPipeline(table: string): ReplayPipeline {
  const dynalite = useStateTableEmulator(table);
  let fauxqs: RunningEmulator;
  let sqs: SQSClient;
  let queue: { url: string; arn: string };
  const directory = mkdtempSync(path.join(tmpdir(), 'cli-replay-'));

  beforeAll(async () => {
    fauxqs = await startFauxqs();
    sqs = sqsClient(fauxqs.endpoint);
    const { queueUrl } = await createFifoQueueWithDlq(sqs, 'replay', { maxReceiveCount: 10 });
    const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    queue = { url: queueUrl, arn };
    process.env.AWS_ENDPOINT_URL_DYNAMODB = dynalite.endpoint;
    process.env.AWS_ENDPOINT_URL_SQS = fauxqs.endpoint;
  });
  afterAll(async () => {
    delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    delete process.env.AWS_ENDPOINT_URL_SQS;
    sqs?.destroy();
    await fauxqs?.stop();
  });

  return {
    get sqs() { return sqs; },
    get queueUrl() { return queue.url; },
    bodyFile(name, text) {
      const file = path.join(mkdtempSync(path.join(directory, 'f-')), name);
      writeFileSync(file, text);
      return file;
    },
    async deliverOnce(calls) {
      const messages = (await sqs.send(new ReceiveMessageCommand({
        QueueUrl: queue.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'],
      }))).Messages ?? [];
      if (messages.length === 0) return messages;
      const handler = createWorkerHandler({
        store: new DynamoIdempotencyStore(dynalite.client, table),
        processor: { process: async (request) => { calls.push(request); return { kind: 'PROCESSED' }; } },
        visibility: new SqsMessageVisibility(sqs, queue.url),
        log: new AuditLog('worker', () => undefined),
        idempotencyTtlSeconds: 3600,
        processorTimeoutMs: 1_000,
      });
      const response = await handler(toSqsEvent(messages, queue.arn), lambdaContext());
      expect(response.batchItemFailures).toEqual([]);
      for (const message of messages) {
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: message.ReceiptHandle }));
      }
      return messages;
    },
    async storedRecord(eventId) {
      return (await dynalite.client.send(new GetItemCommand({
        TableName: table, Key: { pk: { S: `event#${eventId}` } }, ConsistentRead: true,
      }))).Item;
    },
    async putRecord(eventId, fields) {
      await dynalite.client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: `event#${eventId}` }, ...fields } }));
    },
    replayArgs: (...extra) => ['replay', ...extra, '--table', table, '--key-prefix', 'event#', '--queue-url', queue.url, '--region', TEST_AWS.region],
  };
}
