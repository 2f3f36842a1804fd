/*
 * The order-status processor as deployed, for both entry points (processor.lambda.ts in the
 * separate-processor mode, worker.lambda.ts in the in-process mode): settings from the stack's
 * environment, the secrets from Secrets Manager (cached), the limiter on the pipeline's table.
 * Built at module scope by its importer, so warm invocations reuse the clients and caches.
 */
import type { ProcessorAnswer } from './order-status-processor';
import { createOrderStatusProcessor, parseProcessorSettings, PROCESSOR_SETTINGS_ENV } from './processor-settings';
import { createSecretsManagerClient, SecretsManagerSecretSource } from '../../../lambda/aws/secret-source';
import type { ProcessorRequestPayload } from '../../../src/runtime';

/** Stop starting calls this long before the run's deadline, and answer RETRY_LATER instead. */
export const DEADLINE_MARGIN_MS = 1_500;

/** The processor, run against a deadline (epoch ms) its caller takes from the Lambda context. */
export interface DeployedProcessor {
  process(request: ProcessorRequestPayload, deadlineMs: number): Promise<ProcessorAnswer>;
}

export function createDeployedProcessor(environment: NodeJS.ProcessEnv = process.env): DeployedProcessor {
  const settings = parseProcessorSettings(environment[PROCESSOR_SETTINGS_ENV]);
  const secretsClient = createSecretsManagerClient();
  const cachedSecret = (secretArn: string): (() => Promise<string>) => {
    const source = new SecretsManagerSecretSource({
      client: secretsClient, secretArn, ttlSeconds: settings.secretCacheTtlSeconds, includePrevious: false,
    });
    return async () => (await source.getSecrets()).candidates[0];
  };
  // A Lambda environment runs one invocation (and the worker one record per group here) at a time: the current run's deadline.
  let runDeadline = Number.POSITIVE_INFINITY;
  const processor = createOrderStatusProcessor({
    settings,
    // Production limits; the state table from ACK_FAST_STATE_TABLE (set by pipeline.grantRateLimiting).
    rateLimiting: {},
    richpanelApiKey: cachedSecret(settings.richpanelApiKeySecretArn),
    shopifyAccessToken: settings.shopifyAccessTokenSecretArn === undefined ? undefined : cachedSecret(settings.shopifyAccessTokenSecretArn),
    policy: { deadline: () => runDeadline },
  });
  return {
    process: async (request, deadlineMs) => {
      runDeadline = deadlineMs - DEADLINE_MARGIN_MS;
      return processor.process(request);
    },
  };
}
