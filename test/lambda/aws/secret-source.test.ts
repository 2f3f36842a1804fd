/*
 * SecretsManagerSecretSource against the loopback Secrets Manager: what it reads and caches, and
 * when it still accepts AWSPREVIOUS. Stale values on errors, refreshAfterRejection and
 * StaticSecretSource are in secret-source-refresh.test.ts.
 */
import { SecretNotStringError, SecretsManagerSecretSource } from '../../../lambda/aws/secret-source';
import { LocalSecretsManager } from '../../../local/secrets-manager-fake';
import { fresh, HOUR_MS, SECRET_ARN, SourceOptions, sourceOver, startSecretsFake } from '../../support/secrets-manager-source';

describe('SecretsManagerSecretSource', () => {
  let fake: LocalSecretsManager;
  let clock: number;
  const now = () => clock;
  beforeEach(async () => ({ fake, clock } = await startSecretsFake()));
  afterEach(() => fake.stop());
  const source = (options: SourceOptions = {}) => sourceOver(fake, now, options);

  describe('reading and caching', () => {
    test('reads AWSCURRENT and tolerates a secret that was never rotated', async () => {
      // Prepare
      const secrets = source();

      // Act
      const result = await secrets.getSecrets();

      // Assess
      expect(result).toEqual(fresh(['current-key']));
      expect(fake.requests).toEqual([
        { SecretId: SECRET_ARN, VersionStage: 'AWSCURRENT' },
        { SecretId: SECRET_ARN, VersionStage: 'AWSPREVIOUS' },
      ]);
    });

    test('includePrevious: false reads only AWSCURRENT', async () => {
      // Prepare
      fake.rotate('rotated-key', clock);
      const secrets = source({ includePrevious: false });

      // Act
      const result = await secrets.getSecrets();

      // Assess
      expect(result).toEqual(fresh(['rotated-key']));
      expect(fake.requests).toHaveLength(1);
    });

    test('reuses the read until the TTL has passed, then reads again', async () => {
      // Prepare
      const secrets = source({ ttlSeconds: 60, includePrevious: false });
      await secrets.getSecrets();

      // Act
      clock += 59_999;
      await secrets.getSecrets();
      const requestsWithinTtl = fake.requests.length;
      fake.stages.AWSCURRENT = 'rotated-key';
      clock += 1;
      const afterTtl = await secrets.getSecrets();

      // Assess
      expect(requestsWithinTtl).toBe(1);
      expect(fake.requests).toHaveLength(2);
      expect(afterTtl).toEqual(fresh(['rotated-key']));
    });

    test('concurrent callers share one in-flight read', async () => {
      // Prepare
      const secrets = source();

      // Act
      const results = await Promise.all(Array.from({ length: 10 }, () => secrets.getSecrets()));

      // Assess
      expect(results).toEqual(Array.from({ length: 10 }, () => fresh(['current-key'])));
      expect(fake.requests).toHaveLength(2);
    });

    test('a failed first read (nothing cached) fails; the next call reads again', async () => {
      // Prepare
      const secrets = source();
      fake.failWithStatus = 500;

      // Act
      const failure = secrets.getSecrets();
      await expect(failure).rejects.toMatchObject({ name: 'InternalServiceError' });
      fake.failWithStatus = undefined;
      const recovered = await secrets.getSecrets();

      // Assess
      expect(recovered).toEqual(fresh(['current-key']));
    });

    test('a secret without SecretString fails with an error that says what to do', async () => {
      // Prepare
      // the loopback fake only serves SecretString, so a stub client stands in for a binary secret
      const secrets = new SecretsManagerSecretSource({
        client: { send: async () => ({ SecretBinary: new Uint8Array([1]) }) } as never,
        secretArn: SECRET_ARN,
        ttlSeconds: 60,
        now,
        includePrevious: false,
      });

      // Act
      const result = secrets.getSecrets();

      // Assess
      await expect(result).rejects.toBeInstanceOf(SecretNotStringError);
      await expect(secrets.getSecrets()).rejects.toThrow(/store the key as text/);
    });
  });

  describe('AWSPREVIOUS only within the grace window after the rotation', () => {
    test.each([
      ['just after the rotation', 0, ['rotated-key', 'current-key']],
      ['1 ms before the 24 h window ends', 24 * HOUR_MS - 1, ['rotated-key', 'current-key']],
      ['when the 24 h window has ended', 24 * HOUR_MS, ['rotated-key']],
      ['a month later', 30 * 24 * HOUR_MS, ['rotated-key']],
    ])('%s', async (_name, sinceRotationMs, expected) => {
      // Prepare
      fake.rotate('rotated-key', clock - sinceRotationMs);
      const secrets = source({ previousGraceSeconds: 86_400 });

      // Act
      const result = await secrets.getSecrets();

      // Assess
      expect(result).toEqual(fresh(expected));
    });

    test('the window is measured on the clock even while the read is cached: a cached previous ages out', async () => {
      // Prepare
      fake.rotate('rotated-key', clock);
      const secrets = source({ ttlSeconds: 600, previousGraceSeconds: 60 });
      const withinGrace = await secrets.getSecrets();

      // Act
      clock += 60_000;
      const afterGrace = await secrets.getSecrets();

      // Assess
      expect(withinGrace.candidates).toEqual(['rotated-key', 'current-key']);
      expect(afterGrace.candidates).toEqual(['rotated-key']);
      expect(fake.requests).toHaveLength(2);
    });

    test('a removed AWSPREVIOUS label stops verifying once the cache expires (the emergency rotation)', async () => {
      // Prepare
      fake.rotate('rotated-key', clock);
      const secrets = source({ ttlSeconds: 300 });
      const before = await secrets.getSecrets();
      delete fake.stages.AWSPREVIOUS;

      // Act
      clock += 299_999;
      const stillCached = await secrets.getSecrets();
      clock += 1;
      const afterTtl = await secrets.getSecrets();

      // Assess
      expect(before.candidates).toEqual(['rotated-key', 'current-key']);
      expect(stillCached.candidates).toEqual(['rotated-key', 'current-key']);
      expect(afterTtl.candidates).toEqual(['rotated-key']);
    });

    test('a grace period of 0 never accepts AWSPREVIOUS', async () => {
      // Prepare
      fake.rotate('rotated-key', clock);
      const secrets = source({ previousGraceSeconds: 0 });

      // Act
      const result = await secrets.getSecrets();

      // Assess
      expect(result.candidates).toEqual(['rotated-key']);
    });

    test('a version without CreatedDate gives AWSPREVIOUS no grace (no rotation time, no window)', async () => {
      // Prepare
      const secrets = new SecretsManagerSecretSource({
        client: { send: async (command: { input: { VersionStage: string } }) => ({ SecretString: `${command.input.VersionStage}-key` }) } as never,
        secretArn: SECRET_ARN,
        ttlSeconds: 60,
        now,
      });

      // Act
      const result = await secrets.getSecrets();

      // Assess
      expect(result.candidates).toEqual(['AWSCURRENT-key']);
    });

    test('AWSPREVIOUS failing with something other than "not found" does not fail the read', async () => {
      // Prepare
      fake.rotate('rotated-key', clock);
      const secrets = source({ ttlSeconds: 60 });
      const before = await secrets.getSecrets();
      fake.failStageWithStatus.AWSPREVIOUS = 400;

      // Act
      clock += 60_000;
      const whileThrottled = await secrets.getSecrets();
      fake.rotate('third-key', clock);
      clock += 60_000;
      const afterAnotherRotation = await secrets.getSecrets();

      // Assess
      expect(before.candidates).toEqual(['rotated-key', 'current-key']);
      // the current value did not change, so the previous one read before still belongs to it
      expect(whileThrottled).toEqual(fresh(['rotated-key', 'current-key']));
      // the current value changed: the old previous is not its previous, and the new one could not be read
      expect(afterAnotherRotation).toEqual(fresh(['third-key']));
    });
  });
});
