/*
 * The reconciliation sweep Lambda EventBridge Scheduler runs every few minutes (ReconciliationSweep):
 * recently updated Richpanel tickets, rendered as their HTTP target pushes, enqueued when the
 * pipeline never received them. Source, clients and caches live at module scope.
 */
import { parseSweepSettings, SWEEP_SETTINGS_ENV, createRichpanelSweepSource } from './sweep-settings';
import { createSecretsManagerClient, SecretsManagerSecretSource } from '../../../lambda/aws/secret-source';
import { createSweepHandler } from '../../../src/runtime';

const settings = parseSweepSettings(process.env[SWEEP_SETTINGS_ENV]);
const apiKey = new SecretsManagerSecretSource({
  client: createSecretsManagerClient(),
  secretArn: settings.richpanelApiKeySecretArn,
  ttlSeconds: settings.secretCacheTtlSeconds,
  includePrevious: false,
});

export const handler = createSweepHandler({
  // Production limits; the state table from ACK_FAST_STATE_TABLE (set by pipeline.grantRateLimiting).
  source: createRichpanelSweepSource({ settings, rateLimiting: {}, richpanelApiKey: async () => (await apiKey.getSecrets()).candidates[0] }),
});
