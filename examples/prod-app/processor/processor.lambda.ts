/*
 * The processor Lambda the worker invokes once per event. Clients, secret caches and the rate
 * limiter live at module scope, so warm invocations reuse them.
 */
import type { Context } from 'aws-lambda';
import { PROCESSOR_SETTINGS_ENV, createOrderStatusProcessor, parseProcessorSettings } from './processor-settings';
import { rateLimitBuckets } from './rate-limits';
import { createSecretsManagerClient, SecretsManagerSecretSource } from '../../../lambda/aws/secret-source';
import { DynamoDbRateLimiter } from '../../../src/runtime';
import type { ProcessorRequestPayload } from '../../../src/runtime';

/** Stop starting calls this long before the Lambda times out, and answer RETRY_LATER instead. */
const DEADLINE_MARGIN_MS = 1_500;

const settings = parseProcessorSettings(process.env[PROCESSOR_SETTINGS_ENV]);
const secretsClient = createSecretsManagerClient();
const limiter = new DynamoDbRateLimiter({ buckets: rateLimitBuckets() });

function cachedSecret(secretArn: string): () => Promise<string> {
  const source = new SecretsManagerSecretSource({
    client: secretsClient, secretArn, ttlSeconds: settings.secretCacheTtlSeconds, includePrevious: false,
  });
  return async () => (await source.getSecrets())[0];
}

const richpanelApiKey = cachedSecret(settings.richpanelApiKeySecretArn);
const shopifyAccessToken = settings.shopifyAccessTokenSecretArn === undefined ? undefined : cachedSecret(settings.shopifyAccessTokenSecretArn);

export async function handler(request: ProcessorRequestPayload, context: Context): Promise<unknown> {
  const processor = createOrderStatusProcessor({
    settings,
    limiter,
    richpanelApiKey,
    shopifyAccessToken,
    policy: { deadline: () => Date.now() + context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS },
  });
  return processor.process(request);
}
