/*
 * SecretsManagerSecretSource over the loopback Secrets Manager fake, on a clock the test moves:
 * the fake holds 'current-key' as AWSCURRENT, created 30 days before the clock's start.
 */
import { SecretsManagerSecretSource } from '../../lambda/aws/secret-source';
import { LocalSecretsManager, startLocalSecretsManager } from '../../local/secrets-manager-fake';

export const SECRET_ARN = 'arn:aws:secretsmanager:us-east-2:000000000000:secret:webhook-signing-key-AbCdEf';
export const HOUR_MS = 3_600_000;
export const fresh = (candidates: string[]) => ({ candidates, stale: false });

export interface SourceOptions {
  readonly ttlSeconds?: number;
  readonly includePrevious?: boolean;
  readonly previousGraceSeconds?: number;
  readonly maxStaleSeconds?: number;
}

/** A started fake and the clock's start (2026-12-01T12:00:00Z); stop the fake after the test. */
export async function startSecretsFake(): Promise<{ fake: LocalSecretsManager; clock: number }> {
  const clock = Date.parse('2026-12-01T12:00:00Z');
  const fake = await startLocalSecretsManager(SECRET_ARN, { AWSCURRENT: 'current-key' });
  fake.createdDates.AWSCURRENT = clock - 30 * 24 * HOUR_MS;
  return { fake, clock };
}

/** A source over `fake` with a 60 s TTL unless `options` say otherwise. */
export function sourceOver(fake: LocalSecretsManager, now: () => number, options: SourceOptions = {}): SecretsManagerSecretSource {
  return new SecretsManagerSecretSource({ client: fake.client(), secretArn: SECRET_ARN, ttlSeconds: 60, now, ...options });
}
