/*
 * A fake Shopify Admin GraphQL endpoint on loopback: the X-Shopify-Access-Token check, the store's
 * cost-point leaky bucket (a query beyond the points available is answered THROTTLED, HTTP 200, with
 * throttleStatus), and order search by `name:#N` or `email:"…"`, newest first.
 */
import { Fault, FakeRequest, FakeReply, startFakeHttpServer } from './fake-http-server';

export const SHOPIFY_GRAPHQL_ROUTE = 'POST /admin/api/{version}/graphql.json';

export interface FakeShopifyOrder {
  /** `#1001` */
  readonly name: string;
  readonly email: string;
  readonly processedAt: string;
  readonly displayFulfillmentStatus: string;
  readonly displayFinancialStatus?: string;
  readonly cancelledAt?: string | null;
  readonly tracking?: { readonly company: string; readonly number: string; readonly url: string };
}

export interface FakeShopifyOptions {
  readonly accessToken: string;
  readonly orders?: readonly FakeShopifyOrder[];
  /** @default 1000 (Standard plan bucket) */
  readonly maximumPoints?: number;
  /** @default 100 points per second */
  readonly restorePerSecond?: number;
  /** What every order query costs. @default 10 */
  readonly queryCost?: number;
  readonly now?: () => number;
}

export interface FakeShopify {
  /** What ShopifyApi takes as baseUrl (in place of `https://<store>`). */
  readonly baseUrl: string;
  /** Queries answered THROTTLED. */
  readonly throttled: () => number;
  /** Order queries answered with data. */
  readonly served: () => number;
  fail(...faults: Fault[]): void;
  close(): Promise<void>;
}

function searchOf(json: unknown): string {
  const search = (json as { variables?: { search?: unknown } } | undefined)?.variables?.search;
  return typeof search === 'string' ? search : '';
}

function matching(orders: readonly FakeShopifyOrder[], search: string): FakeShopifyOrder[] {
  const byName = /^name:(#\d+)$/.exec(search);
  const byEmail = /^email:"((?:[^"\\]|\\.)*)"$/.exec(search);
  const found = orders.filter((order) => (byName ? order.name === byName[1]
    : byEmail ? order.email === byEmail[1].replace(/\\(.)/g, '$1') : false));
  return [...found].sort((a, b) => b.processedAt.localeCompare(a.processedAt));
}

function toNode(order: FakeShopifyOrder) {
  return {
    name: order.name,
    email: order.email,
    customer: { email: order.email },
    displayFulfillmentStatus: order.displayFulfillmentStatus,
    displayFinancialStatus: order.displayFinancialStatus ?? 'PAID',
    cancelledAt: order.cancelledAt ?? null,
    fulfillments: order.tracking ? [{ trackingInfo: [order.tracking] }] : [],
  };
}

export async function startFakeShopify(options: FakeShopifyOptions): Promise<FakeShopify> {
  const maximum = options.maximumPoints ?? 1_000;
  const restorePerSecond = options.restorePerSecond ?? 100;
  const cost = options.queryCost ?? 10;
  const now = options.now ?? Date.now;
  let available = maximum;
  let restoredAt = now();
  let throttled = 0;
  let served = 0;

  function handle(request: FakeRequest): FakeReply {
    if (request.headers['x-shopify-access-token'] !== options.accessToken) {
      return { status: 401, body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' } };
    }
    const at = now();
    available = Math.min(maximum, available + ((at - restoredAt) / 1000) * restorePerSecond);
    restoredAt = at;
    const throttleStatus = { maximumAvailable: maximum, currentlyAvailable: Math.floor(available), restoreRate: restorePerSecond };
    if (available < cost) {
      throttled++;
      return {
        status: 200,
        body: {
          errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }],
          extensions: { cost: { requestedQueryCost: cost, actualQueryCost: null, throttleStatus } },
        },
      };
    }
    available -= cost;
    served++;
    const nodes = matching(options.orders ?? [], searchOf(request.json)).slice(0, 1).map(toNode);
    const after = { ...throttleStatus, currentlyAvailable: Math.floor(available) };
    return {
      status: 200,
      body: { data: { orders: { nodes } }, extensions: { cost: { requestedQueryCost: cost, actualQueryCost: cost, throttleStatus: after } } },
    };
  }

  const routeOf = (request: FakeRequest) => (request.method === 'POST' && /^\/admin\/api\/[^/]+\/graphql\.json$/.test(request.path)
    ? SHOPIFY_GRAPHQL_ROUTE : undefined);
  const server = await startFakeHttpServer(routeOf, handle);
  return {
    baseUrl: server.url,
    throttled: () => throttled,
    served: () => served,
    fail: (...faults) => server.fail(SHOPIFY_GRAPHQL_ROUTE, ...faults),
    close: server.close,
  };
}
