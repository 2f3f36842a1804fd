/*
 * Bad input is a 400 that names what is wrong, and never an enqueue, for every authentication
 * scheme and provider preset: the checks run after authentication, whatever the scheme.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { StaticSecretSource } from '../../../lambda/aws/secret-source';
import { createIngressHandler } from '../../../lambda/ingress/ingress-handler';
import { IngressRuntimeConfig } from '../../../src/contract';
import { AuditLog } from '../../../src/runtime/observability/audit-log';
import { RecordingQueue } from '../../support/recording-queue';
import { NOW_MS, SCHEME_NAMES, SCHEMES } from '../../support/signing-schemes';

/** The example app's Richpanel contract: ticket id and event type required, the ticket is the group. */
function configFor(name: (typeof SCHEME_NAMES)[number], overrides: Partial<IngressRuntimeConfig> = {}): IngressRuntimeConfig {
  return {
    queueUrl: 'https://sqs.us-east-2.amazonaws.com/000000000000/strict.fifo',
    maxBodyBytes: 1024 * 1024 - 1024,
    authentication: SCHEMES[name].auth,
    eventIdHeaders: name === 'standard-webhooks' ? ['webhook-id'] : [],
    eventIdJsonPointer: '/eventId',
    messageGroupIdJsonPointer: '/ticket/id',
    requiredJsonPointers: ['/ticket/id', '/event'],
    secretCacheTtlSeconds: 60,
    ...overrides,
  };
}

async function deliver(name: (typeof SCHEME_NAMES)[number], bodyText: string, overrides: Partial<IngressRuntimeConfig> = {}) {
  const scheme = SCHEMES[name];
  const queue = new RecordingQueue();
  const handler = createIngressHandler({
    config: configFor(name, overrides),
    secrets: new StaticSecretSource(scheme.secrets),
    queue,
    log: new AuditLog('ingress', () => undefined, () => NOW_MS),
    now: () => NOW_MS,
  });
  const body = Buffer.from(bodyText, 'utf8');
  const event = {
    headers: { 'Content-Type': 'application/json', ...scheme.sign(body) },
    body: body.toString('base64'),
    isBase64Encoded: true,
    requestContext: { requestId: 'strict' },
  } as unknown as APIGatewayProxyEvent;
  const response = await handler(event);
  return { status: response.statusCode, message: JSON.parse(response.body).message as string, sent: queue.sent };
}

const CASES: Array<[string, string, string]> = [
  ['an empty required ticket id', '{"ticket":{"id":""},"event":"x"}', 'Body has empty required fields at JSON pointers: /ticket/id'],
  ['a whitespace-only event type', '{"ticket":{"id":"T-1"},"event":"  "}', 'Body has empty required fields at JSON pointers: /event'],
  ['a null ticket id', '{"ticket":{"id":null},"event":"x"}', 'Body has empty required fields at JSON pointers: /ticket/id'],
  ['an empty explicit event id', '{"eventId":"","ticket":{"id":"T-1"},"event":"x"}', 'The value at /eventId is empty or blank'],
  ['a ticket id beyond 2^53', '{"ticket":{"id":9007199254740993},"event":"x"}',
    'The value at /ticket/id is a number that is not an integer below 2^53 (send it as a JSON string to keep every digit)'],
  ['100,000 levels of [', `{"ticket":{"id":"T-1"},"event":"x","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    'Body nests objects and arrays deeper than 64 levels'],
  ['60,000 array elements', `{"ticket":{"id":"T-1"},"event":"x","x":[${Array.from({ length: 60_000 }, () => '0').join(',')}]}`,
    'Body holds more than 50000 object keys and array elements'],
];

describe.each(SCHEME_NAMES)('strict input with the %s scheme', (name) => {
  test('control: the same contract accepts a complete body', async () => {
    // Prepare
    const body = '{"ticket":{"id":"T-1"},"event":"customer.message"}';

    // Act
    const result = await deliver(name, body);

    // Assess
    expect(result.status).toBe(200);
    expect(result.sent).toEqual([expect.objectContaining({ messageGroupId: 'T-1' })]);
  });

  // Standard Webhooks takes the event id from the signed webhook-id header, so the body's is not read.
  const cases = CASES.filter(([which]) => name !== 'standard-webhooks' || !which.includes('event id'));
  test.each(cases)('%s is a 400 naming it, and nothing is enqueued', async (_case, body, message) => {
    // Prepare
    // Act
    const result = await deliver(name, body);

    // Assess
    expect(result).toEqual({ status: 400, message, sent: [] });
  });
});

test('the depth and element caps follow the configuration', async () => {
  // Prepare
  const body = '{"ticket":{"id":"T-1"},"event":"x","x":[[[1,2,3]]]}';

  // Act
  const shallow = await deliver('github', body, { maxJsonDepth: 3 });
  const few = await deliver('github', body, { maxJsonElements: 5 });
  const enough = await deliver('github', body, { maxJsonDepth: 4, maxJsonElements: 9 });

  // Assess
  expect([shallow.status, shallow.message]).toEqual([400, 'Body nests objects and arrays deeper than 3 levels']);
  expect([few.status, few.message]).toEqual([400, 'Body holds more than 5 object keys and array elements']);
  expect(enough.status).toBe(200);
});
