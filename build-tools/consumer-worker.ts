/*
 * The in-process worker as a user builds it (consumer smoke): a sample worker importing
 * createWorker from the installed package, bundled with esbuild (minified, the AWS SDK clients
 * included, and once more with them external to report that size), then run against dynalite and
 * fauxqs for one event: `ts-node build-tools/consumer-worker.ts <bundle.js>` exits 0 when it was
 * processed once and recorded COMPLETED.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { BuildOptions, buildSync } from 'esbuild';
import { createFifoQueueWithDlq, createStateTable, dynamoClient, LOCAL_AWS, sqsClient, startDynalite, startFauxqs } from '../local/emulators';
import { lambdaContext } from '../local/lambda-context';
import { toLambdaRecord } from '../local/sqs-event-source';
import {
  EVENT_STATUS, eventKeyPrefixOf, idempotencyKeyOf, MESSAGE_ATTRIBUTE_EVENT_ID, MESSAGE_ATTRIBUTE_RECEIVED_AT, RECORD_ATTRIBUTE,
  WORKER_CONFIG_ENV, WorkerRuntimeConfig,
} from '../src/contract';

const SAMPLE_WORKER = [
  "import { createWorker } from 'ack-fast-webhook-pipeline/lib/runtime';",
  'export const processed: string[] = [];',
  'export const handler = createWorker({',
  '  process: async (event) => { processed.push(event.eventId); },',
  '});',
  '',
].join('\n');

/** Bundles the sample worker inside `app` (where the tarball is installed); returns the bundle and both sizes. */
export function bundleSampleWorker(app: string): { bundle: string; bytes: number; bytesSdkExternal: number; bytesTreeShaken: number } {
  const folder = path.join(app, 'worker');
  mkdirSync(folder, { recursive: true });
  const entry = path.join(folder, 'worker.ts');
  writeFileSync(entry, SAMPLE_WORKER);
  const options: BuildOptions = { entryPoints: [entry], bundle: true, minify: true, platform: 'node', target: 'node24', format: 'cjs', logLevel: 'warning' };
  const bundle = path.join(folder, 'index.js');
  buildSync({ ...options, outfile: bundle });
  const external = path.join(folder, 'index.sdk-external.js');
  buildSync({ ...options, outfile: external, external: ['@aws-sdk/*'] });
  // The SDK packages' ES module builds, which esbuild tree-shakes (the handlers' setting, README): the one this smoke runs.
  const treeShaken = path.join(folder, 'index.tree-shaken.js');
  buildSync({ ...options, outfile: treeShaken, mainFields: ['module', 'main'] });
  return { bundle: treeShaken, bytes: statSync(bundle).size, bytesSdkExternal: statSync(external).size, bytesTreeShaken: statSync(treeShaken).size };
}

async function runOneEvent(bundle: string): Promise<void> {
  const [dynalite, fauxqs] = await Promise.all([startDynalite(), startFauxqs()]);
  const dynamo = dynamoClient(dynalite.endpoint);
  const sqs = sqsClient(fauxqs.endpoint);
  try {
    await createStateTable(dynamo, 'consumer-state');
    const { queueUrl } = await createFifoQueueWithDlq(sqs, 'consumer-webhooks', { visibilityTimeoutSeconds: 30, maxReceiveCount: 5 });
    const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    const eventId = `consumer-${randomUUID()}`;
    await sqs.send(new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify({ id: eventId }),
      MessageGroupId: 'g',
      MessageDeduplicationId: eventId,
      MessageAttributes: {
        [MESSAGE_ATTRIBUTE_EVENT_ID]: { DataType: 'String', StringValue: eventId },
        [MESSAGE_ATTRIBUTE_RECEIVED_AT]: { DataType: 'Number', StringValue: String(Date.now()) },
      },
    }));
    const messages = (await sqs.send(new ReceiveMessageCommand({
      QueueUrl: queueUrl, MaxNumberOfMessages: 1, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'],
    }))).Messages ?? [];
    // The environment the construct gives workerFunction, with the emulators as endpoints.
    const workerConfig: WorkerRuntimeConfig = {
      tableName: 'consumer-state', queueUrl, idempotencyTtlSeconds: 3600, processorTimeoutMs: 3000, eventKeyPrefix: eventKeyPrefixOf('consumer'),
    };
    Object.assign(process.env, {
      AWS_REGION: LOCAL_AWS.region,
      AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
      AWS_ENDPOINT_URL_SQS: fauxqs.endpoint,
      [WORKER_CONFIG_ENV]: JSON.stringify(workerConfig),
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const worker = require(bundle) as { handler: Function; processed: string[] };
    const event = { Records: messages.map((message) => toLambdaRecord(message, queueArn, LOCAL_AWS.region)) };
    const response = await worker.handler(event, lambdaContext('consumer-worker', 30_000, Date.now));
    const key = { [RECORD_ATTRIBUTE.key]: { S: idempotencyKeyOf(workerConfig.eventKeyPrefix!, eventId) } };
    const record = await dynamo.send(new GetItemCommand({ TableName: workerConfig.tableName, Key: key, ConsistentRead: true }));
    const status = record.Item?.[RECORD_ATTRIBUTE.status]?.S;
    if (messages.length !== 1 || JSON.stringify(response) !== '{"batchItemFailures":[]}' || worker.processed.join() !== eventId || status !== EVENT_STATUS.completed) {
      throw new Error(`bundled worker: ${messages.length} message(s), answer ${JSON.stringify(response)}, processed [${worker.processed}], record ${status}`);
    }
    process.stdout.write(`bundled worker processed ${eventId} once (record COMPLETED)\n`);
  } finally {
    dynamo.destroy();
    sqs.destroy();
    await Promise.all([dynalite.stop(), fauxqs.stop()]);
  }
}

if (require.main === module) {
  runOneEvent(path.resolve(process.argv[2])).then(() => process.exit(0), (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
