import type { Context } from 'aws-lambda';
import { startFakeRichpanel, FakeRichpanel } from '../../../examples/prod-app/fakes/fake-richpanel';
import { SAMPLE_RICHPANEL_ORDERS, sampleTicketWebhook, TICKET_WITH_RICHPANEL_ORDER } from '../../../examples/prod-app/fakes/sample-data';
import { parseProcessorSettings, PROCESSOR_SETTINGS_ENV } from '../../../examples/prod-app/processor/processor-settings';
import { LocalSecretsManager, startLocalSecretsManager } from '../../../local/secrets-manager-fake';
import { STATE_TABLE_ENV } from '../../../src/runtime';
import { lambdaContext } from '../../lambda/worker/sqs-event';
import { createStateTable, dynamoClient, RunningEmulator, startDynalite, TEST_AWS } from '../../support/emulators';

const KEY_ARN = 'arn:aws:secretsmanager:us-east-2:000000000000:secret:rp-mw/test/richpanel-api-key-AbCdEf';
const API_KEY = 'rp-live-key-that-must-never-be-logged';

type Handler = (request: unknown, context: Context) => Promise<unknown>;

describe('processor.lambda: the module the Lambda runs, wired by its environment', () => {
  let dynalite: RunningEmulator;
  let secrets: LocalSecretsManager;
  let richpanel: FakeRichpanel;
  let handler: Handler;
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
    await createStateTable(client, 'lambda-state');
    client.destroy();
    Object.assign(process.env, {
      [PROCESSOR_SETTINGS_ENV]: JSON.stringify({ richpanelApiKeySecretArn: KEY_ARN, richpanelBaseUrl: richpanel.baseUrl }),
      [STATE_TABLE_ENV]: 'lambda-state',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
      AWS_REGION: TEST_AWS.region,
      AWS_ACCESS_KEY_ID: TEST_AWS.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_AWS.credentials.secretAccessKey,
    });
    writeSpy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      handler = require('../../../examples/prod-app/processor/processor.lambda').handler;
    });
  });
  afterAll(async () => {
    writeSpy?.mockRestore();
    process.env = savedEnv;
    await Promise.all([dynalite?.stop(), secrets?.stop(), richpanel?.close()]);
  });

  function request(eventId: string) {
    return {
      eventId,
      messageGroupId: TICKET_WITH_RICHPANEL_ORDER,
      attempt: 1,
      receivedAt: '2026-11-24T12:00:00.000Z',
      payload: sampleTicketWebhook(TICKET_WITH_RICHPANEL_ORDER, 'where is my package?'),
    };
  }

  test('posts the note, reads the API key once for warm invocations, and never logs it', async () => {
    // Act
    const answers = [await handler(request('evt-l1'), lambdaContext(20_000)), await handler(request('evt-l2'), lambdaContext(20_000))];

    // Assess
    expect(answers).toEqual([{ outcome: 'PROCESSED' }, { outcome: 'PROCESSED' }]);
    expect(richpanel.notes.map((note) => note.body.split('\n').pop())).toEqual(['[rp-mw event evt-l1]', '[rp-mw event evt-l2]']);
    expect(secrets.requests).toEqual([{ SecretId: KEY_ARN, VersionStage: 'AWSCURRENT' }]);
    expect(written.join('')).toContain('"reason":"note-posted-richpanel"');
    expect(written.join('')).not.toContain(API_KEY);
  });

  test('with less time left than the deadline margin it starts no call and asks for a retry', async () => {
    const before = richpanel.requestCounts.get('GET /order/{conversationId}');
    const answer = await handler(request('evt-l3'), lambdaContext(1_000));
    expect(answer).toEqual({ outcome: 'RETRY_LATER', retryAfterSeconds: expect.any(Number) });
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
