/*
 * The processor Lambda the worker invokes once per event. The processor, its clients, secret
 * caches and the rate limiter live at module scope, so warm invocations reuse them.
 */
import type { Context } from 'aws-lambda';
import { PROCESSOR_SETTINGS_ENV, createOrderStatusProcessor, parseProcessorSettings } from './processor-settings';
import { createSecretsManagerClient, SecretsManagerSecretSource } from '../../../lambda/aws/secret-source';
import type { ProcessorRequestPayload } from '../../../src/runtime';

/** Stop starting calls this long before the Lambda times out, and answer RETRY_LATER instead. */
const DEADLINE_MARGIN_MS = 1_500;

const settings = parseProcessorSettings(process.env[PROCESSOR_SETTINGS_ENV]);
const secretsClient = createSecretsManagerClient();

function cachedSecret(secretArn: string): () => Promise<string> {
  const source = new SecretsManagerSecretSource({
    client: secretsClient, secretArn, ttlSeconds: settings.secretCacheTtlSeconds, includePrevious: false,
  });
  return async () => (await source.getSecrets()).candidates[0];
}

/** A Lambda environment runs one invocation at a time: the current one's deadline. */
let invocationDeadline = Number.POSITIVE_INFINITY;

const processor = createOrderStatusProcessor({
  settings,
  // Production limits; the state table from ACK_FAST_STATE_TABLE (set by pipeline.grantRateLimiting).
  rateLimiting: {},
  richpanelApiKey: cachedSecret(settings.richpanelApiKeySecretArn),
  shopifyAccessToken: settings.shopifyAccessTokenSecretArn === undefined ? undefined : cachedSecret(settings.shopifyAccessTokenSecretArn),
  policy: { deadline: () => invocationDeadline },
});

export async function handler(request: ProcessorRequestPayload, context: Context): Promise<unknown> {
  invocationDeadline = Date.now() + context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS;
  return processor.process(request);
}
