/*
 * The example app's processor for the local pipeline (`npx projen local`): the real processor code,
 * wired to fake Richpanel and Shopify servers on loopback (seeded with sample orders) and to the
 * library's DynamoDB rate limiter on the local DynamoDB emulator.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createOrderStatusProcessor } from './processor-settings';
import type { ProcessorRequestPayload } from '../../../src/runtime';
import { FakeRichpanel, PostedNote, startFakeRichpanel } from '../fakes/fake-richpanel';
import { startFakeShopify } from '../fakes/fake-shopify';
import { SAMPLE_RICHPANEL_ORDERS, SAMPLE_SHOPIFY_ORDERS, SAMPLE_STORE_DOMAIN } from '../fakes/sample-data';

export interface LocalProcessorOptions {
  readonly tableName: string;
  readonly dynamoEndpoint: string;
  /** Where each posted note is announced (one line). @default stdout */
  readonly print?: (line: string) => void;
  /** The clock of the rate limiter and the fake Richpanel's window: the local pipeline's, when it moves time. @default Date.now */
  readonly now?: () => number;
}

export interface LocalProcessor {
  /** What the worker invokes, as the processor Lambda's handler answers it. */
  readonly handler: (request: ProcessorRequestPayload) => Promise<unknown>;
  /** Lines to print: where the fakes listen, what they are seeded with. */
  readonly notes: string[];
  /** Every note the fake Richpanel stored, in order: the processor's effects. */
  readonly postedNotes: readonly PostedNote[];
  /** The fake Richpanel itself (its tickets feed the reconciliation sweep) and its API key. */
  readonly richpanel: FakeRichpanel;
  readonly richpanelApiKey: string;
  close(): Promise<void>;
}

export async function startLocalProcessor(options: LocalProcessorOptions): Promise<LocalProcessor> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const richpanelApiKey = randomBytes(16).toString('hex');
  const shopifyAccessToken = `shpat_${randomBytes(16).toString('hex')}`;
  const [richpanel, shopify] = await Promise.all([
    startFakeRichpanel({
      apiKey: richpanelApiKey,
      orders: SAMPLE_RICHPANEL_ORDERS,
      now: options.now,
      onNote: (note) => print(`fake Richpanel: ${note.isPrivate ? 'private' : 'PUBLIC'} note on ticket ${note.ticketId}: ${note.body.split('\n')[1] ?? ''}`),
    }),
    startFakeShopify({ accessToken: shopifyAccessToken, orders: SAMPLE_SHOPIFY_ORDERS }),
  ]);
  const dynamo = new DynamoDBClient({
    region: process.env.AWS_REGION ?? 'us-east-2',
    endpoint: options.dynamoEndpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const processor = createOrderStatusProcessor({
    settings: {
      richpanelApiKeySecretArn: 'local',
      shopifyAccessTokenSecretArn: 'local',
      shopifyStoreDomain: SAMPLE_STORE_DOMAIN,
      richpanelBaseUrl: richpanel.baseUrl,
      shopifyBaseUrl: shopify.baseUrl,
      secretCacheTtlSeconds: 300,
    },
    rateLimiting: { tableName: options.tableName, client: dynamo, now: options.now },
    richpanelApiKey: async () => richpanelApiKey,
    shopifyAccessToken: async () => shopifyAccessToken,
  });
  return {
    handler: (request) => processor.process(request),
    postedNotes: richpanel.notes,
    richpanel,
    richpanelApiKey,
    notes: [
      `fake Richpanel API on ${richpanel.baseUrl} (50 requests / 30 s; each note posted is printed)`,
      `fake Shopify Admin GraphQL on ${shopify.baseUrl} (orders ${SAMPLE_SHOPIFY_ORDERS.map((order) => order.name).join(', ')})`,
      'processor: order-status questions get a private note on the ticket; other events need no call',
    ],
    close: async () => {
      dynamo.destroy();
      await Promise.all([richpanel.close(), shopify.close()]);
    },
  };
}
