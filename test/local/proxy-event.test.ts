import { APIGatewayProxyEventSchema } from '@aws-lambda-powertools/parser/schemas/api-gateway';
import { apiGatewayRequestTime, buildProxyEvent, ApiRequest } from '../../local/proxy-event';

/** 2026-11-24T20:16:54.321Z */
const RECEIVED_AT = Date.UTC(2026, 10, 24, 20, 16, 54, 321);

const request = (overrides: Partial<ApiRequest> = {}): ApiRequest => ({
  headers: [['Host', 'abc123.execute-api.us-east-2.amazonaws.com'], ['Content-Type', 'application/json'], ['User-Agent', 'sender/1']],
  body: Buffer.from('{"id":"e-1"}', 'utf8'),
  sourceIp: '192.0.2.10',
  requestId: 'req-1',
  receivedAt: RECEIVED_AT,
  ...overrides,
});

describe('apiGatewayRequestTime', () => {
  test.each([
    [RECEIVED_AT, '24/Nov/2026:20:16:54 +0000'],
    // Single-digit day and hour are zero-padded; the time is UTC whatever the machine's zone.
    [Date.UTC(2027, 0, 3, 4, 5, 6), '03/Jan/2027:04:05:06 +0000'],
    [Date.UTC(2028, 1, 29, 23, 59, 59, 999), '29/Feb/2028:23:59:59 +0000'],
  ])('%d is written %s', (epochMs, expected) => {
    expect(apiGatewayRequestTime(epochMs)).toBe(expected);
  });
});

describe('buildProxyEvent', () => {
  test('the request context carries requestTime and requestTimeEpoch of the receipt, as API Gateway sends them', () => {
    // Act
    const event = buildProxyEvent(request(), { stageName: 'v1', webhookPath: 'richpanel' });

    // Assess
    expect(event.requestContext).toMatchObject({
      requestTime: '24/Nov/2026:20:16:54 +0000',
      requestTimeEpoch: RECEIVED_AT,
      requestId: 'req-1',
      stage: 'v1',
      path: '/v1/richpanel',
      resourcePath: '/richpanel',
      domainName: 'abc123.execute-api.us-east-2.amazonaws.com',
      domainPrefix: 'abc123',
      protocol: 'HTTP/1.1',
    });
    expect(event.requestContext.identity).toMatchObject({ sourceIp: '192.0.2.10', userAgent: 'sender/1' });
    expect(event).toMatchObject({ httpMethod: 'POST', resource: '/richpanel', path: '/richpanel', queryStringParameters: null });
  });

  test('Powertools\' API Gateway event schema (the bench baseline parses with it) accepts the event', () => {
    // Act
    const parsed = APIGatewayProxyEventSchema.safeParse(buildProxyEvent(request(), { stageName: 'v1', webhookPath: 'richpanel' }));

    // Assess
    expect(parsed.error?.issues).toBeUndefined();
    expect(parsed.success).toBe(true);
  });

  test('a repeated header keeps its last value in headers and every value in multiValueHeaders; the query string is read', () => {
    // Act
    const event = buildProxyEvent(
      request({ headers: [['X-Tag', 'a'], ['X-Tag', 'b']], query: new URLSearchParams('x=1&x=2&y=3') }),
      { stageName: 'v1', webhookPath: 'hook' },
    );

    // Assess
    expect(event.headers).toEqual({ 'X-Tag': 'b' });
    expect(event.multiValueHeaders).toEqual({ 'X-Tag': ['a', 'b'] });
    expect(event.queryStringParameters).toEqual({ x: '2', y: '3' });
    expect(event.multiValueQueryStringParameters).toEqual({ x: ['1', '2'], y: ['3'] });
  });

  test.each([
    ['REST', 'application/json', true],
    ['HTTP', 'application/json', false],
    ['HTTP', 'application/octet-stream', true],
  ] as const)('a %s API passes a %s body base64-encoded: %s', (apiKind, contentType, base64) => {
    // Prepare
    const body = Buffer.from('{"note":"café"}', 'utf8');

    // Act
    const event = buildProxyEvent(request({ headers: [['content-type', contentType]], body }), { apiKind, stageName: 'v1', webhookPath: 'hook' });

    // Assess
    expect(event.isBase64Encoded).toBe(base64);
    expect(Buffer.from(event.body!, base64 ? 'base64' : 'utf8').equals(body)).toBe(true);
  });
});
