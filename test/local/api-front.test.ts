import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ApiFront, FrontAnswer, startApiFront } from '../../local/api-front';
import { LocalIngressHandler } from '../../local/handler-loader';

describe('API Gateway front on loopback', () => {
  let front: ApiFront;
  let now = 1_800_000_000_000;
  const events: APIGatewayProxyEvent[] = [];
  const answers: FrontAnswer[] = [];
  let ingress: LocalIngressHandler = async () => ({ statusCode: 200, body: '{"eventId":"e-1"}' });

  beforeAll(async () => {
    front = await startApiFront({
      stageName: 'v1',
      webhookPath: 'richpanel',
      throttlingRateLimit: 1,
      throttlingBurstLimit: 3,
      ingress: (event, context) => {
        events.push(event);
        return ingress(event, context);
      },
      ingressTimeoutMs: 200,
      // Frozen: the bucket never refills unless the test moves time.
      now: () => now,
      onAnswer: (answer) => answers.push(answer),
    });
  });
  afterAll(async () => {
    await front?.stop();
  });
  beforeEach(() => {
    now += 60_000;
    events.length = 0;
    answers.length = 0;
  });

  test('hands the ingress the REST proxy event: exact body bytes in base64, headers as sent, request context', async () => {
    // Prepare
    const body = Buffer.from('{"ticket":{"id":"ü 1"}}\r\n', 'utf8');

    // Act
    const response = await fetch(`${front.url}?x=1`, { method: 'POST', headers: { 'X-Richpanel-Webhook-Token': 't', 'Content-Type': 'application/json' }, body });

    // Assess
    expect(front.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/richpanel$/);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ eventId: 'e-1' });
    const [event] = events;
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body!, 'base64').equals(body)).toBe(true);
    expect(event.headers['X-Richpanel-Webhook-Token']).toBe('t');
    expect(event.multiValueHeaders['Content-Type']).toEqual(['application/json']);
    expect(event.queryStringParameters).toEqual({ x: '1' });
    expect(event).toMatchObject({ httpMethod: 'POST', resource: '/richpanel', path: '/richpanel' });
    expect(event.requestContext).toMatchObject({ stage: 'v1', path: '/v1/richpanel', requestTimeEpoch: now, resourcePath: '/richpanel' });
    expect(event.requestContext.requestId).toBe(response.headers.get('x-amzn-requestid'));
    expect(answers).toEqual([expect.objectContaining({ statusCode: 200, eventId: 'e-1' })]);
  });

  test('answers 429 once the burst is spent, without calling the ingress', async () => {
    // Act
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(front.url, { method: 'POST', body: '{}' })).status);

    // Assess
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(events).toHaveLength(3);
  });

  test('answers 403 Missing Authentication Token off the route, as API Gateway does', async () => {
    // Act
    const wrongPath = await fetch(front.url.replace('richpanel', 'other'), { method: 'POST', body: '{}' });
    const wrongMethod = await fetch(front.url, { method: 'GET' });

    // Assess
    expect([wrongPath.status, wrongMethod.status]).toEqual([403, 403]);
    expect(await wrongPath.json()).toEqual({ message: 'Missing Authentication Token' });
    expect(events).toHaveLength(0);
  });

  test('a throwing or timed-out ingress is a 502 for the sender', async () => {
    // Prepare
    ingress = async () => {
      throw new Error('boom');
    };
    const thrown = await fetch(front.url, { method: 'POST', body: '{}' });
    ingress = () => new Promise<APIGatewayProxyResult>(() => undefined);

    // Act
    const timedOut = await fetch(front.url, { method: 'POST', body: '{}' });

    // Assess
    expect([thrown.status, timedOut.status]).toEqual([502, 502]);
    expect(answers.map((answer) => answer.reason)).toEqual(['ingress-error', 'ingress-error']);
  });
});

describe('HTTP API front (payload format 1.0)', () => {
  let front: ApiFront;
  const events: APIGatewayProxyEvent[] = [];

  beforeAll(async () => {
    front = await startApiFront({
      apiKind: 'HTTP',
      stageName: 'v1',
      webhookPath: 'hooks',
      throttlingRateLimit: 100,
      throttlingBurstLimit: 100,
      ingress: async (event) => {
        events.push(event);
        return { statusCode: 200, body: '{}' };
      },
      ingressTimeoutMs: 1000,
      now: Date.now,
      onAnswer: () => undefined,
    });
  });
  afterAll(async () => {
    await front?.stop();
  });

  test('passes a JSON body as text and other bodies base64, as an HTTP API does; 404 off the route', async () => {
    // Act
    await fetch(front.url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"a":"ü"}' });
    await fetch(front.url, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([0xff, 0x00]) });
    const offRoute = await fetch(`${front.url}/x`, { method: 'POST', body: '{}' });

    // Assess
    expect(events.map((event) => [event.body, event.isBase64Encoded])).toEqual([['{"a":"ü"}', false], ['/wA=', true]]);
    expect(offRoute.status).toBe(404);
  });
});
