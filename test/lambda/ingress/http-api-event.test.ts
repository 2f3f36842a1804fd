/*
 * The ingress behind an HTTP API (payload format 1.0). An HTTP API has no binaryMediaTypes: it
 * hands a JSON body over as text (isBase64Encoded false) and base64-encodes only media types it
 * does not treat as text. Either way the signature must verify on the bytes the sender signed.
 */
import { createHmac } from 'node:crypto';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createSqsClient, SqsQueueSender } from '../../../lambda/aws/queue-sender';
import { StaticSecretSource } from '../../../lambda/aws/secret-source';
import { evaluateWebhookRequest } from '../../../lambda/core/webhook-request';
import { createIngressHandler } from '../../../lambda/ingress/ingress-handler';
import { IngressRuntimeConfig } from '../../../src/contract';
import { AuditLog } from '../../../src/runtime/observability/audit-log';
import { createFifoQueueWithDlq, RunningEmulator, sqsClient, startFauxqs, TEST_AWS } from '../../support/emulators';
import { hexHmacIngressConfig } from '../../support/ingress-runtime-config';

const SECRET = 'http-api-signing-key';
const MAX_BODY_BYTES = 1024;
/** Bytes a re-serialisation would change: key order, spacing, CRLF, escapes, and characters of 2 and 3 UTF-8 bytes. */
const BODY = '{ "type":"ticket.updated",\r\n  "id" : "evt_77", "ticket": {"id": "T-9"}, "note": "café – 東京 \\u00e9" }';
/** With a 4-byte character (a UTF-16 surrogate pair in the event's text), which fauxqs 1.9 refuses to queue although SQS accepts it. */
const ASTRAL_BODY = BODY.replace('東京', '東京 🚀');

let fauxqs: RunningEmulator;
let sqs: SQSClient;
let queueNumber = 0;

beforeAll(async () => {
  fauxqs = await startFauxqs();
  sqs = sqsClient(fauxqs.endpoint);
});

afterAll(async () => {
  sqs?.destroy();
  await fauxqs?.stop();
});

const signatureOf = (bytes: Buffer) => createHmac('sha256', SECRET).update(bytes).digest('hex');

/** A payload format 1.0 event as an HTTP API builds it: lower-case header names, `version` '1.0', an HTTP API request context. */
function httpApiEvent(body: string, isBase64Encoded: boolean, signature: string): APIGatewayProxyEvent {
  const headers = { 'content-type': 'application/json; charset=utf-8', 'x-signature': signature, 'user-agent': 'sender/1.0' };
  return {
    version: '1.0',
    resource: '/webhook',
    path: '/v1/webhook',
    httpMethod: 'POST',
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    requestContext: {
      apiId: 'a1b2c3d4e5', stage: 'v1', requestId: 'Xyz0AbCdEfGhIjk=', httpMethod: 'POST', path: '/v1/webhook', resourcePath: '/webhook',
    } as APIGatewayProxyEvent['requestContext'],
    pathParameters: null,
    stageVariables: null,
    body,
    isBase64Encoded,
  } as APIGatewayProxyEvent;
}

function ingressConfig(queueUrl: string): IngressRuntimeConfig {
  return hexHmacIngressConfig({
    queueUrl, maxBodyBytes: MAX_BODY_BYTES, eventIdJsonPointer: '/id', messageGroupIdJsonPointer: '/ticket/id', requiredJsonPointers: ['/type'],
  });
}

async function ingress() {
  const { queueUrl } = await createFifoQueueWithDlq(sqs, `http-api-${process.pid}-${++queueNumber}`);
  const config = ingressConfig(queueUrl);
  const handler = createIngressHandler({
    config,
    secrets: new StaticSecretSource([SECRET]),
    queue: new SqsQueueSender(createSqsClient({ ...TEST_AWS, endpoint: fauxqs.endpoint }), queueUrl),
    log: new AuditLog('ingress', () => undefined, () => 0),
    now: () => 0,
  });
  return { handler, queueUrl };
}

async function receiveAll(queueUrl: string): Promise<string[]> {
  const response = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
  const messages = response.Messages ?? [];
  for (const message of messages) await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
  return messages.map((message) => message.Body!);
}

describe('ingress with HTTP API (payload format 1.0) events', () => {
  const signedBytes = Buffer.from(BODY, 'utf8');

  test.each([
    ['as text (a JSON media type)', BODY, false],
    ['base64-encoded (a media type the HTTP API treats as binary)', signedBytes.toString('base64'), true],
  ])('a body handed over %s verifies on the exact bytes and is queued unchanged', async (_how, body, isBase64Encoded) => {
    // Prepare
    const { handler, queueUrl } = await ingress();

    // Act
    const response = await handler(httpApiEvent(body, isBase64Encoded, signatureOf(signedBytes)));

    // Assess
    expect([response.statusCode, JSON.parse(response.body)]).toEqual([200, { eventId: 'evt_77' }]);
    const queued = await receiveAll(queueUrl);
    expect(queued).toEqual([BODY]);
    expect(Buffer.from(queued[0], 'utf8').equals(signedBytes)).toBe(true);
  });

  test.each([
    ['as text', ASTRAL_BODY, false],
    ['base64-encoded', Buffer.from(ASTRAL_BODY, 'utf8').toString('base64'), true],
  ])('a body with a 4-byte character handed over %s is accepted with its exact text', (_how, body, isBase64Encoded) => {
    // Prepare
    const bytes = Buffer.from(ASTRAL_BODY, 'utf8');
    const event = httpApiEvent(body, isBase64Encoded, signatureOf(bytes));

    // Act
    const decision = evaluateWebhookRequest(event, ingressConfig('unused'), [SECRET], () => 0);

    // Assess
    expect(decision).toMatchObject({ accepted: true, eventId: 'evt_77', messageGroupId: 'T-9', bodyText: ASTRAL_BODY, bodyBytes: bytes.length });
  });

  test('the same JSON re-serialised no longer matches the signature: 401 and nothing queued', async () => {
    // Prepare: what a proxy that parses and re-writes the body would hand over
    const { handler, queueUrl } = await ingress();
    const reserialised = JSON.stringify(JSON.parse(BODY));

    // Act
    const response = await handler(httpApiEvent(reserialised, false, signatureOf(signedBytes)));

    // Assess
    expect(response.statusCode).toBe(401);
    expect(await receiveAll(queueUrl)).toEqual([]);
  });

  test('a text body is measured in UTF-8 bytes, not characters: within the limit in characters, over it in bytes is 413', async () => {
    // Prepare: 400 characters of 3 bytes each (1200 bytes) against a 1024-byte limit
    const { handler, queueUrl } = await ingress();
    const body = JSON.stringify({ type: 't', id: 'evt_big', ticket: { id: 'T-1' }, note: '東'.repeat(400) });
    expect(body.length).toBeLessThan(MAX_BODY_BYTES);

    // Act
    const response = await handler(httpApiEvent(body, false, signatureOf(Buffer.from(body, 'utf8'))));

    // Assess
    expect(response.statusCode).toBe(413);
    expect(await receiveAll(queueUrl)).toEqual([]);
  });
});
