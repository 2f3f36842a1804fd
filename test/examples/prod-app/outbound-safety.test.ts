/*
 * The example's outbound calls carry the Richpanel API key or the Shopify token: the key goes
 * only to the path and host the client built. Path values that could leave their segment are
 * refused before any request, and a redirect is never followed. Against the fake servers.
 */
import { FakeHttpServer, startFakeHttpServer } from '../../../examples/prod-app/fakes/fake-http-server';
import { FakeRichpanel, RICHPANEL_ROUTES, startFakeRichpanel } from '../../../examples/prod-app/fakes/fake-richpanel';
import { OutboundCallPolicy } from '../../../examples/prod-app/processor/outbound-call';
import { DownstreamRedirectError, UnsafePathValueError } from '../../../examples/prod-app/processor/outbound-errors';
import { pathSegmentProblem } from '../../../examples/prod-app/processor/path-segment';
import { RichpanelApi } from '../../../examples/prod-app/processor/richpanel-api';
import { parseRichpanelWebhook } from '../../../examples/prod-app/processor/richpanel-webhook';
import { ShopifyApi } from '../../../examples/prod-app/processor/shopify-api';
import { AcquireResult, RateLimiter } from '../../../src/runtime';

const API_KEY = 'rp-key-that-must-not-leak';

const grantAll: RateLimiter = { acquire: async (): Promise<AcquireResult> => ({ granted: true, remaining: 100 }) };
const POLICY: OutboundCallPolicy = {
  limiter: grantAll,
  attemptTimeoutMs: 500,
  maxAttempts: 2,
  backoffBaseMs: 1,
  backoffCapMs: 1,
  defaultRetryAfterSeconds: 30,
  sleep: async () => undefined,
};

const UNSAFE_IDS: Array<[string, string]> = [
  ['..', 'a dot segment'],
  ['.', 'a dot segment'],
  ['../order/T-1', 'a path separator'],
  ['T-1/../../comments', 'a path separator'],
  ['..\\order', 'a backslash'],
  ['%2e%2e', 'percent-encoded dots'],
  ['T-1%2F..%2Forder', 'a percent-encoded slash'],
  ['T-1\r\nX-Injected: 1', 'control characters'],
  ['T-1\u0000', 'a NUL'],
  ['', 'nothing'],
];

describe('Richpanel path values', () => {
  let richpanel: FakeRichpanel;
  let api: RichpanelApi;

  beforeEach(async () => {
    richpanel = await startFakeRichpanel({ apiKey: API_KEY });
    api = new RichpanelApi({ policy: POLICY, apiKey: async () => API_KEY, baseUrl: richpanel.baseUrl });
  });
  afterEach(async () => richpanel.close());

  test('control: encodeURIComponent alone lets "../" reach another endpoint of the API, with the key', async () => {
    // Act: what the client did before: encode, and let the URL parser resolve the rest.
    await fetch(`${richpanel.baseUrl}/tickets/${encodeURIComponent('..')}/comments`, { method: 'POST', headers: { 'x-richpanel-key': API_KEY } });

    // Assess: the request left /tickets/{id}/... and hit /v1/comments.
    expect(richpanel.received.map((request) => request.path)).toEqual(['/v1/comments']);
  });

  test.each(UNSAFE_IDS)('a ticket id with %j (%s) is refused before any request', async (ticketId) => {
    // Act
    const results = await Promise.allSettled([
      api.postPrivateNote(ticketId, 'note'),
      api.commentBodies(ticketId),
      api.orderFor(ticketId),
    ]);

    // Assess
    expect(results.map((result) => result.status === 'rejected' && result.reason instanceof UnsafePathValueError)).toEqual([true, true, true]);
    expect(richpanel.received).toEqual([]);
  });

  test('a plain id stays in its segment; other characters are encoded, never interpreted', async () => {
    // Act
    await api.postPrivateNote('T-1', 'note');
    await api.commentBodies('a:b@c?d#e');

    // Assess
    expect(richpanel.received.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /v1/tickets/T-1/comments',
      'GET /v1/tickets/a%3Ab%40c%3Fd%23e',
    ]);
    expect(richpanel.notes).toEqual([{ ticketId: 'T-1', body: 'note', isPrivate: true }]);
  });

  test('the webhook contract already refuses such a ticket id: the event ends in the DLQ with a clear reason, no call made', () => {
    expect(() => parseRichpanelWebhook({ event: 'customer.message', ticket: { id: '../order/T-1' } }))
      .toThrow(/ticket\.id must be a plain id \(no "\/"/);
  });

  test.each([['T-1', undefined], ['12345', undefined], ['..', 'is a dot segment'], ['a/b', 'contains a path separator']])(
    'pathSegmentProblem(%j) = %j', (value, problem) => {
      expect(pathSegmentProblem(value)).toBe(problem);
    });
});

describe('redirects are never followed with credentials', () => {
  let richpanel: FakeRichpanel;
  let collector: FakeHttpServer;

  beforeEach(async () => {
    richpanel = await startFakeRichpanel({ apiKey: API_KEY });
    collector = await startFakeHttpServer(() => 'any', () => ({ status: 200, body: { ticket: { comments: [] } } }));
  });
  afterEach(async () => {
    await richpanel.close();
    await collector.close();
  });

  test('Richpanel answering 302 elsewhere: the call fails as a redirect and the key never reaches the other host', async () => {
    // Prepare
    richpanel.fail(RICHPANEL_ROUTES.ticket, { kind: 'redirect', location: `${collector.url}/steal` });
    const api = new RichpanelApi({ policy: POLICY, apiKey: async () => API_KEY, baseUrl: richpanel.baseUrl });

    // Act
    const result = api.commentBodies('T-1');

    // Assess
    await expect(result).rejects.toBeInstanceOf(DownstreamRedirectError);
    expect(collector.received).toEqual([]);
  });

  test('negative control: a fetch that follows the same redirect hands the key to the other host', async () => {
    // Prepare
    richpanel.fail(RICHPANEL_ROUTES.ticket, { kind: 'redirect', location: `${collector.url}/steal` });

    // Act
    await fetch(`${richpanel.baseUrl}/tickets/T-1`, { headers: { 'x-richpanel-key': API_KEY } });

    // Assess
    expect(collector.received.map((request) => request.headers['x-richpanel-key'])).toEqual([API_KEY]);
  });

  test('Shopify answering 302: the token is not sent on', async () => {
    // Prepare
    const shopifyFake = await startFakeHttpServer(() => 'graphql', () => ({ status: 200 }));
    shopifyFake.fail('graphql', { kind: 'redirect', location: `${collector.url}/steal` });
    const shopify = new ShopifyApi({ policy: POLICY, accessToken: async () => 'shpat_secret', storeDomain: 'x.myshopify.com', baseUrl: shopifyFake.url });

    // Act
    const result = shopify.latestOrderOf('jane@example.com');

    // Assess
    await expect(result).rejects.toBeInstanceOf(DownstreamRedirectError);
    expect(collector.received).toEqual([]);
    await shopifyFake.close();
  });

  test('a Shopify store domain that is not <store>.myshopify.com is refused (the token goes to that host)', () => {
    expect(() => new ShopifyApi({ policy: POLICY, accessToken: async () => 't', storeDomain: 'evil.example/x' }))
      .toThrow(/must look like my-store\.myshopify\.com/);
  });
});
