import { randomUUID } from 'node:crypto';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { startFakeRichpanel, FakeRichpanel } from '../../../examples/prod-app/fakes/fake-richpanel';
import { SAMPLE_RICHPANEL_ORDERS, sampleTicketWebhook, TICKET_WITH_RICHPANEL_ORDER } from '../../../examples/prod-app/fakes/sample-data';
import { parseProcessorSettings, PROCESSOR_SETTINGS_ENV } from '../../../examples/prod-app/processor/processor-settings';
import { LocalSecretsManager, startLocalSecretsManager } from '../../../local/secrets-manager-fake';
import { METRICS_NAMESPACE, WORKER_CONFIG_ENV, WORKER_RECORD_NEED_MS, WorkerRuntimeConfig } from '../../../src/contract';
import { ProcessorRequestPayload, STATE_TABLE_ENV } from '../../../src/runtime';
import { lambdaContext, toSqsEvent } from '../../lambda/worker/sqs-event';
import {
  createFifoQueueWithDlq, createStateTable, dynamoClient, RunningEmulator, sqsClient, startDynalite, startFauxqs, TEST_AWS,
} from '../../support/emulators';

const KEY_ARN = 'arn:aws:secretsmanager:us-east-2:000000000000:secret:rp-mw/test/richpanel-api-key-AbCdEf';
const API_KEY = 'rp-live-key-that-must-never-be-logged';

const TABLE = 'lambda-state';
const EVENT_KEY_PREFIX = 'event#rpmw#';
/** As the stack sets it: PROCESSOR_TIMEOUT (20 s); the in-process worker claims only with 20 s + 8 s left. */
const PROCESSOR_TIMEOUT_MS = 20_000;

/** A deployed module's `handler`, as Lambda calls it. */
type EntryPoint = (event: unknown, context: Context) => Promise<unknown>;

/** What one processor run answered, through the deployed entry point of a mode. */
interface Run {
  /** PROCESSED / RETRY_LATER as the worker sees it; 'unclaimed' when the worker left the record for later. */
  readonly outcome: string;
}

/** A deployed entry point (processor.lambda or worker.lambda), driven as Lambda would drive it. */
interface ModeDriver {
  readonly module: string;
  /** Remaining time too short to start: separate, below the processor's 1.5 s margin; in-process, below processorTimeout + the worker's own need (its claim rule). */
  readonly tooLateMs: number;
  /** What such a run comes to: separate, RETRY_LATER; in-process, the record left unclaimed for the next invocation. */
  readonly tooLateOutcome: string;
  setUp(): Promise<Record<string, string>>;
  run(handler: EntryPoint, request: ProcessorRequestPayload, remainingMs: number): Promise<Run>;
  tearDown(): Promise<void>;
}

/** Separate-processor mode: the bundled worker Invokes processor.lambda with the request; its answer is the outcome. */
function lambdaMode(): ModeDriver {
  return {
    module: '../../../examples/prod-app/processor/processor.lambda',
    tooLateMs: 1_000,
    tooLateOutcome: 'RETRY_LATER',
    setUp: async () => ({}),
    run: async (handler, request, remainingMs) => {
      const answer = await handler(request, lambdaContext(remainingMs)) as { outcome: string };
      return { outcome: answer.outcome };
    },
    tearDown: async () => undefined,
  };
}

/** In-process mode: worker.lambda gets the SQS batch fauxqs delivered; the outcome is the event's record and the batch response. */
function inProcessMode(): ModeDriver {
  let fauxqs: RunningEmulator;
  let sqs: SQSClient;
  let queue: { url: string; arn: string };
  let dynamoEndpoint: string;
  return {
    module: '../../../examples/prod-app/worker/worker.lambda',
    tooLateMs: PROCESSOR_TIMEOUT_MS + WORKER_RECORD_NEED_MS - 1,
    tooLateOutcome: 'unclaimed',
    setUp: async () => {
      fauxqs = await startFauxqs();
      sqs = sqsClient(fauxqs.endpoint);
      const { queueUrl } = await createFifoQueueWithDlq(sqs, `rpmw-${randomUUID().slice(0, 8)}`, { visibilityTimeoutSeconds: 180, maxReceiveCount: 10 });
      const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
      queue = { url: queueUrl, arn };
      const config: WorkerRuntimeConfig = {
        tableName: TABLE,
        queueUrl,
        metrics: { namespace: METRICS_NAMESPACE, pipeline: 'rp-mw-test' },
        idempotencyTtlSeconds: 3600,
        processorTimeoutMs: PROCESSOR_TIMEOUT_MS,
        eventKeyPrefix: EVENT_KEY_PREFIX,
      };
      dynamoEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB!;
      return { [WORKER_CONFIG_ENV]: JSON.stringify(config), AWS_ENDPOINT_URL_SQS: fauxqs.endpoint };
    },
    run: async (handler, request, remainingMs) => {
      await sqs.send(new SendMessageCommand({
        QueueUrl: queue.url,
        MessageBody: JSON.stringify(request.payload),
        MessageGroupId: request.messageGroupId,
        MessageDeduplicationId: randomUUID(),
        MessageAttributes: {
          eventId: { DataType: 'String', StringValue: request.eventId },
          receivedAt: { DataType: 'Number', StringValue: String(Date.parse(request.receivedAt)) },
        },
      }));
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({
        QueueUrl: queue.url, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'],
      }));
      expect(Messages).toHaveLength(1);
      const response = await handler(toSqsEvent(Messages, queue.arn), lambdaContext(remainingMs)) as { batchItemFailures: unknown[] };
      // As the event source mapping does: a record not reported as failed is deleted (else its group stays blocked).
      if (response.batchItemFailures.length === 0) {
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: Messages[0].ReceiptHandle }));
      }
      const client = dynamoClient(dynamoEndpoint);
      const key = { pk: { S: EVENT_KEY_PREFIX + request.eventId } };
      const record = await client.send(new GetItemCommand({ TableName: TABLE, Key: key, ConsistentRead: true }));
      client.destroy();
      const status = record.Item?.status?.S;
      if (status === undefined) {
        // Not claimed: the record goes back to the queue for a later invocation.
        expect(response.batchItemFailures).toHaveLength(1);
        return { outcome: 'unclaimed' };
      }
      expect(response.batchItemFailures).toEqual([]);
      return { outcome: status === 'COMPLETED' ? 'PROCESSED' : status };
    },
    tearDown: async () => {
      sqs?.destroy();
      await fauxqs?.stop();
    },
  };
}

describe.each([
  ['in-process (worker.lambda: createWorker calls the processor)', inProcessMode],
  ['lambda (processor.lambda, invoked by the bundled worker)', lambdaMode],
])('the deployed entry point, %s, wired by its environment', (mode, driverOf) => {
  const driver = driverOf();
  let dynalite: RunningEmulator;
  let secrets: LocalSecretsManager;
  let richpanel: FakeRichpanel;
  let handler: EntryPoint;
  const savedEnv = { ...process.env };
  const written: string[] = [];
  let writeSpy: jest.SpyInstance;

  beforeAll(async () => {
    // Prepare: the state table, Secrets Manager and Richpanel on loopback, then the env the stack sets
    [dynalite, secrets, richpanel] = await Promise.all([
      startDynalite(),
      startLocalSecretsManager(KEY_ARN, { AWSCURRENT: API_KEY }),
      startFakeRichpanel({ apiKey: API_KEY, orders: SAMPLE_RICHPANEL_ORDERS }),
    ]);
    const client = dynamoClient(dynalite.endpoint);
    await createStateTable(client, TABLE);
    client.destroy();
    Object.assign(process.env, {
      [PROCESSOR_SETTINGS_ENV]: JSON.stringify({ richpanelApiKeySecretArn: KEY_ARN, richpanelBaseUrl: richpanel.baseUrl }),
      [STATE_TABLE_ENV]: TABLE,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
      AWS_REGION: TEST_AWS.region,
      AWS_ACCESS_KEY_ID: TEST_AWS.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_AWS.credentials.secretAccessKey,
    });
    Object.assign(process.env, await driver.setUp());
    writeSpy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      handler = require(driver.module).handler;
    });
  });
  afterAll(async () => {
    writeSpy?.mockRestore();
    process.env = savedEnv;
    await driver.tearDown();
    await Promise.all([dynalite?.stop(), secrets?.stop(), richpanel?.close()]);
  });

  function request(eventId: string): ProcessorRequestPayload {
    return {
      eventId,
      messageGroupId: TICKET_WITH_RICHPANEL_ORDER,
      attempt: 1,
      receivedAt: '2026-11-24T12:00:00.000Z',
      payload: sampleTicketWebhook(TICKET_WITH_RICHPANEL_ORDER, 'where is my package?'),
    };
  }
  const ids = (prefix: string) => [`${prefix}-1-${randomUUID().slice(0, 8)}`, `${prefix}-2-${randomUUID().slice(0, 8)}`];

  test('posts the note, reads the API key once for warm invocations, and never logs it', async () => {
    // Act
    const [first, second] = ids(mode.split(' ')[0]);
    const runs = [await driver.run(handler, request(first), 30_000), await driver.run(handler, request(second), 30_000)];

    // Assess
    expect(runs).toEqual([{ outcome: 'PROCESSED' }, { outcome: 'PROCESSED' }]);
    expect(richpanel.notes.map((note) => note.body.split('\n').pop())).toEqual([`[rp-mw event ${first}]`, `[rp-mw event ${second}]`]);
    expect(secrets.requests).toEqual([{ SecretId: KEY_ARN, VersionStage: 'AWSCURRENT' }]);
    expect(written.join('')).toContain('"reason":"note-posted-richpanel"');
    expect(written.join('')).not.toContain(API_KEY);
  });

  test('with too little time left it starts no Richpanel call (separate: RETRY_LATER; in-process: left unclaimed for the next invocation)', async () => {
    const before = richpanel.requestCounts.get('GET /order/{conversationId}');
    const [eventId] = ids('late');
    const run = await driver.run(handler, request(eventId), driver.tooLateMs);
    expect(run).toEqual({ outcome: driver.tooLateOutcome });
    expect(richpanel.requestCounts.get('GET /order/{conversationId}')).toBe(before);
  });
});

describe('processor settings', () => {
  test.each([
    [undefined, `${PROCESSOR_SETTINGS_ENV} is not set`],
    ['{', `${PROCESSOR_SETTINGS_ENV} is not JSON`],
    ['{}', 'richpanelApiKeySecretArn'],
    [JSON.stringify({ richpanelApiKeySecretArn: 'arn', shopifyStoreDomain: 'shop.example.com', shopifyAccessTokenSecretArn: 'arn2' }),
      'shopifyStoreDomain must look like my-store.myshopify.com'],
    [JSON.stringify({ richpanelApiKeySecretArn: 'arn', shopifyStoreDomain: 'shop.myshopify.com' }), 'set shopifyStoreDomain and shopifyAccessTokenSecretArn together'],
  ])('%s is refused with a message that says what to fix', (json, message) => {
    expect(() => parseProcessorSettings(json)).toThrow(message);
  });

  test('defaults the secret cache to 5 minutes', () => {
    expect(parseProcessorSettings(JSON.stringify({ richpanelApiKeySecretArn: 'arn' })).secretCacheTtlSeconds).toBe(300);
  });
});
