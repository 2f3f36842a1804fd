/*
 * The example's sweep source for the local pipeline and the tests: the production source, reading
 * the fake Richpanel the local processor talks to, with the processor's limiter on the emulator:
 * one Richpanel budget for both, as deployed.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RichpanelTicketSource } from './richpanel-ticket-source';
import { createRichpanelSweepSource } from './sweep-settings';
import type { LocalProcessor } from '../processor/local-processor';
import { DownstreamLimits } from '../processor/rate-limits';

export interface LocalSweepSourceOptions {
  readonly processor: LocalProcessor;
  readonly tableName: string;
  readonly dynamoEndpoint: string;
  readonly now?: () => number;
  readonly limits?: DownstreamLimits;
  readonly pageSize?: number;
}

export function localSweepSource(options: LocalSweepSourceOptions): { readonly source: RichpanelTicketSource; close(): void } {
  const client = new DynamoDBClient({
    region: process.env.AWS_REGION ?? 'us-east-2', endpoint: options.dynamoEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const source = createRichpanelSweepSource({
    settings: { richpanelApiKeySecretArn: 'local', richpanelBaseUrl: options.processor.richpanel.baseUrl, secretCacheTtlSeconds: 300 },
    rateLimiting: { tableName: options.tableName, client, now: options.now, limits: options.limits },
    richpanelApiKey: async () => options.processor.richpanelApiKey,
    pageSize: options.pageSize,
  });
  return { source, close: () => client.destroy() };
}
