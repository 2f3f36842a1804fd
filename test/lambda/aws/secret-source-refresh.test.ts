/*
 * SecretsManagerSecretSource against the loopback Secrets Manager when reads fail (stale values,
 * bounded) and after a rejected signature (refreshAfterRejection); and StaticSecretSource.
 */
import { StaticSecretSource } from '../../../lambda/aws/secret-source';
import { LocalSecretsManager } from '../../../local/secrets-manager-fake';
import { fresh, SourceOptions, sourceOver, startSecretsFake } from '../../support/secrets-manager-source';

describe('SecretsManagerSecretSource', () => {
  let fake: LocalSecretsManager;
  let clock: number;
  beforeEach(async () => ({ fake, clock } = await startSecretsFake()));
  afterEach(() => fake.stop());
  const source = (options: SourceOptions = {}) => sourceOver(fake, () => clock, options);

  describe('stale on error, bounded', () => {
    test('a failed refresh keeps the last good secrets, marked stale, and retries at most every 30 s', async () => {
      // Prepare
      const secrets = source({ ttlSeconds: 60, maxStaleSeconds: 900, includePrevious: false });
      await secrets.getSecrets();
      fake.failWithStatus = 500;

      // Act
      clock += 60_000;
      const firstStale = await secrets.getSecrets();
      const requestsAfterFirstFailure = fake.requests.length;
      clock += 29_999;
      const withinBackoff = await secrets.getSecrets();
      const requestsWithinBackoff = fake.requests.length;
      clock += 1;
      const retried = await secrets.getSecrets();

      // Assess
      expect(firstStale).toEqual({ candidates: ['current-key'], stale: true });
      expect(withinBackoff).toEqual({ candidates: ['current-key'], stale: true });
      expect(requestsWithinBackoff).toBe(requestsAfterFirstFailure);
      expect(retried.stale).toBe(true);
      expect(fake.requests.length).toBe(requestsAfterFirstFailure + 1);
    });

    test('stale values end maxStaleSeconds after their TTL: then the read failure surfaces', async () => {
      // Prepare
      const secrets = source({ ttlSeconds: 60, maxStaleSeconds: 900, includePrevious: false });
      await secrets.getSecrets();
      fake.failWithStatus = 500;

      // Act
      clock += 60_000 + 899_999;
      const lastStale = await secrets.getSecrets();
      clock += 30_001;
      const beyond = secrets.getSecrets();

      // Assess
      expect(lastStale.stale).toBe(true);
      await expect(beyond).rejects.toMatchObject({ name: 'InternalServiceError' });
    });

    test('after the outage the next read is fresh again', async () => {
      // Prepare
      const secrets = source({ ttlSeconds: 60, includePrevious: false });
      await secrets.getSecrets();
      fake.failWithStatus = 500;
      clock += 60_000;
      await secrets.getSecrets();

      // Act
      fake.failWithStatus = undefined;
      clock += 30_000;
      const result = await secrets.getSecrets();

      // Assess
      expect(result).toEqual(fresh(['current-key']));
    });
  });

  describe('refreshAfterRejection', () => {
    test('re-reads once and returns the rotated secret', async () => {
      // Prepare
      const secrets = source({ ttlSeconds: 300 });
      await secrets.getSecrets();
      fake.rotate('rotated-key', clock);

      // Act
      const refreshed = await secrets.refreshAfterRejection();
      const cachedAfter = await secrets.getSecrets();

      // Assess
      expect(refreshed).toEqual(fresh(['rotated-key', 'current-key']));
      expect(cachedAfter).toEqual(refreshed);
      expect(fake.requests).toHaveLength(4);
    });

    test('is single-flight and allowed at most once per 30 s', async () => {
      // Prepare
      const secrets = source({ ttlSeconds: 300 });
      await secrets.getSecrets();
      fake.rotate('rotated-key', clock);

      // Act
      const concurrent = await Promise.all(Array.from({ length: 5 }, () => secrets.refreshAfterRejection()));
      const requestsAfterFirst = fake.requests.length;
      clock += 29_999;
      const tooSoon = await secrets.refreshAfterRejection();
      const requestsTooSoon = fake.requests.length;
      clock += 1;
      const allowedAgain = await secrets.refreshAfterRejection();

      // Assess
      expect(concurrent).toEqual(Array.from({ length: 5 }, () => fresh(['rotated-key', 'current-key'])));
      expect(requestsAfterFirst).toBe(4);
      expect(tooSoon).toBeUndefined();
      expect(requestsTooSoon).toBe(4);
      // allowed again, read again, but nothing changed since: no new candidates to try
      expect(allowedAgain).toBeUndefined();
      expect(fake.requests).toHaveLength(6);
    });

    test('resolves undefined (never throws) when the re-read fails', async () => {
      // Prepare
      const secrets = source();
      await secrets.getSecrets();
      fake.failWithStatus = 500;

      // Act
      const refreshed = await secrets.refreshAfterRejection();

      // Assess
      expect(refreshed).toBeUndefined();
    });
  });
});

describe('StaticSecretSource', () => {
  test('returns a copy of its secrets and never refreshes', async () => {
    // Prepare
    const source = new StaticSecretSource(['a', 'b']);

    // Act
    const first = await source.getSecrets();
    first.candidates.pop();
    const second = await source.getSecrets();

    // Assess
    expect(second).toEqual(fresh(['a', 'b']));
    await expect(source.refreshAfterRejection()).resolves.toBeUndefined();
  });
});
