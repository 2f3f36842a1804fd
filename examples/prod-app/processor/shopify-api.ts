/*
 * Order lookup through the Shopify Admin GraphQL API (header X-Shopify-Access-Token). GraphQL is
 * rate limited in cost points: the limiter is charged the query's cost, and a THROTTLED answer
 * (HTTP 200, extensions.code) becomes a RetryLaterError timed from the store's throttle status.
 *
 * An order is only returned for the ticket's customer: its email must be the customer's (order
 * numbers are short and guessable, and Shopify's search matches loosely), so a customer who types
 * someone else's order number never gets that order's status into their ticket.
 */
import * as v from 'valibot';
import { callJson, OutboundCallPolicy } from './outbound-call';
import { RetryLaterError } from './outbound-errors';
import { shopifyGraphqlBucket } from './rate-limits';

export const SHOPIFY_API_VERSION = '2025-10';
const API = 'Shopify';

/** first: 1 plus a few scalar fields and a small connection: Shopify's requested cost for it. */
export const ORDER_LOOKUP_COST = 10;

export const ORDER_LOOKUP_QUERY = `query OrderStatus($search: String!) {
  orders(first: 1, query: $search, sortKey: PROCESSED_AT, reverse: true) {
    nodes {
      name
      email
      customer { email }
      displayFulfillmentStatus
      displayFinancialStatus
      cancelledAt
      fulfillments(first: 1) { trackingInfo(first: 1) { company number url } }
    }
  }
}`;

const ShopifyOrderSchema = v.looseObject({
  name: v.string(),
  email: v.optional(v.nullable(v.string())),
  customer: v.optional(v.nullable(v.looseObject({ email: v.optional(v.nullable(v.string())) }))),
  displayFulfillmentStatus: v.string(),
  displayFinancialStatus: v.optional(v.nullable(v.string())),
  cancelledAt: v.optional(v.nullable(v.string())),
  fulfillments: v.optional(v.array(v.looseObject({
    trackingInfo: v.optional(v.array(v.looseObject({
      company: v.optional(v.nullable(v.string())),
      number: v.optional(v.nullable(v.string())),
      url: v.optional(v.nullable(v.string())),
    })), []),
  })), []),
});

export type ShopifyOrder = v.InferOutput<typeof ShopifyOrderSchema>;

const ThrottleStatusSchema = v.looseObject({
  requestedQueryCost: v.optional(v.number()),
  throttleStatus: v.optional(v.looseObject({ currentlyAvailable: v.number(), restoreRate: v.number() })),
});

/** Either data, or errors (THROTTLED among them); both shapes are well-formed answers. */
const GraphqlResponseSchema = v.looseObject({
  data: v.optional(v.nullable(v.looseObject({
    orders: v.looseObject({ nodes: v.array(ShopifyOrderSchema) }),
  }))),
  errors: v.optional(v.array(v.looseObject({
    message: v.optional(v.string()),
    extensions: v.optional(v.looseObject({ code: v.optional(v.string()) })),
  }))),
  extensions: v.optional(v.looseObject({ cost: v.optional(ThrottleStatusSchema) })),
});

type GraphqlResponse = v.InferOutput<typeof GraphqlResponseSchema>;

export interface ShopifyApiOptions {
  readonly policy: OutboundCallPolicy;
  readonly accessToken: () => Promise<string>;
  /** `my-store.myshopify.com` */
  readonly storeDomain: string;
  /** @default `https://<storeDomain>` */
  readonly baseUrl?: string;
}

/** Seconds until the store has restored enough points for the query. */
function throttledRetryAfterSeconds(response: GraphqlResponse): number {
  const cost = response.extensions?.cost;
  const status = cost?.throttleStatus;
  if (!status || status.restoreRate <= 0) return 1;
  const missing = (cost.requestedQueryCost ?? ORDER_LOOKUP_COST) - status.currentlyAvailable;
  return Math.max(1, Math.ceil(missing / status.restoreRate));
}

/** The store's host: it becomes the URL the access token is sent to, so nothing else is accepted. */
const STORE_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

const sameEmail = (a: string | null | undefined, b: string) => typeof a === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();

/** Whether the order belongs to the customer with `email` (the order's email or its customer's). */
export function isOrderOf(order: ShopifyOrder, email: string): boolean {
  return sameEmail(order.email, email) || sameEmail(order.customer?.email, email);
}

export class ShopifyApi {
  private readonly url: string;

  constructor(private readonly options: ShopifyApiOptions) {
    if (options.baseUrl === undefined && !STORE_DOMAIN.test(options.storeDomain)) {
      throw new Error(`Shopify store domain '${options.storeDomain}' must look like my-store.myshopify.com`);
    }
    const base = (options.baseUrl ?? `https://${options.storeDomain}`).replace(/\/+$/, '');
    this.url = `${base}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;
  }

  /** The order named `#<orderNumber>` (digits only), when it is the customer's with `customerEmail`. */
  public async orderByNumber(orderNumber: string, customerEmail: string): Promise<ShopifyOrder | undefined> {
    if (!/^\d{1,12}$/.test(orderNumber)) return undefined;
    const order = await this.findOrder(`name:#${orderNumber}`);
    return order && isOrderOf(order, customerEmail) ? order : undefined;
  }

  /** The customer's most recent order. */
  public async latestOrderOf(email: string): Promise<ShopifyOrder | undefined> {
    // Quoted, with quotes and backslashes escaped, so an address cannot widen the search.
    const order = await this.findOrder(`email:"${email.replace(/["\\]/g, '\\$&')}"`);
    return order && isOrderOf(order, email) ? order : undefined;
  }

  private async findOrder(search: string): Promise<ShopifyOrder | undefined> {
    const result = await callJson(this.options.policy, {
      api: API,
      bucket: shopifyGraphqlBucket(this.options.storeDomain),
      cost: ORDER_LOOKUP_COST,
      method: 'POST',
      url: this.url,
      what: 'POST graphql.json (orders)',
      headers: { 'x-shopify-access-token': await this.options.accessToken() },
      body: { query: ORDER_LOOKUP_QUERY, variables: { search } },
      schema: GraphqlResponseSchema,
    });
    if (!result.found) return undefined;
    const response = result.value;
    // Throttling is keyed on the code, not the HTTP status (Shopify answers 200).
    if (response.errors?.some((error) => error.extensions?.code === 'THROTTLED')) {
      throw new RetryLaterError(API, throttledRetryAfterSeconds(response), 'THROTTLED');
    }
    if (response.errors?.length || !response.data) {
      throw new ShopifyQueryError(response.errors?.map((error) => error.extensions?.code ?? 'error') ?? ['no data']);
    }
    return response.data.orders.nodes[0];
  }
}

/** A GraphQL error other than throttling: the query or the token's scopes are wrong. */
export class ShopifyQueryError extends Error {
  constructor(codes: string[]) {
    super(`Shopify refused the order query (${codes.join(', ')}): check the token has the read_orders scope`);
    this.name = 'ShopifyQueryError';
  }
}
