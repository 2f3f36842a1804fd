import { SecretNotStringError, SecretsManagerSecretSource, StaticSecretSource } from '../../../lambda/aws/secret-source';
import { LocalSecretsManager, startLocalSecretsManager } from '../../../local/secrets-manager-fake';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-2:000000000000:secret:webhook-signing-key-AbCdEf';

describe('SecretsManagerSecretSource', () => {
  let fake: LocalSecretsManager;
  let clock: number;
  const now = () => clock;

  beforeEach(async () => {
    fake = await startLocalSecretsManager(SECRET_ARN, { AWSCURRENT: 'current-key' });
    clock = 1_000_000;
  });

  afterEach(async () => {
    await fake.stop();
  });

  function source(ttlSeconds = 60, includePrevious?: boolean) {
    return new SecretsManagerSecretSource({ client: fake.client(), secretArn: SECRET_ARN, ttlSeconds, now, includePrevious });
  }

  test('reads AWSCURRENT and tolerates a secret that was never rotated', async () => {
    // Prepare
    const secrets = source();

    // Act
    const result = await secrets.getSecrets();

    // Assess
    expect(result).toEqual(['current-key']);
    expect(fake.requests).toEqual([
      { SecretId: SECRET_ARN, VersionStage: 'AWSCURRENT' },
      { SecretId: SECRET_ARN, VersionStage: 'AWSPREVIOUS' },
    ]);
  });

  test('during a rotation both keys are candidates, current first', async () => {
    // Prepare
    fake.stages.AWSPREVIOUS = 'previous-key';
    const secrets = source();

    // Act
    const result = await secrets.getSecrets();

    // Assess
    expect(result).toEqual(['current-key', 'previous-key']);
  });

  test('includePrevious: false reads only AWSCURRENT', async () => {
    // Prepare
    fake.stages.AWSPREVIOUS = 'previous-key';
    const secrets = source(60, false);

    // Act
    const result = await secrets.getSecrets();

    // Assess
    expect(result).toEqual(['current-key']);
    expect(fake.requests).toHaveLength(1);
  });

  test('reuses the read until the TTL has passed, then reads again', async () => {
    // Prepare
    const secrets = source(60);
    await secrets.getSecrets();

    // Act
    clock += 59_999;
    await secrets.getSecrets();
    const requestsWithinTtl = fake.requests.length;
    fake.stages.AWSCURRENT = 'rotated-key';
    clock += 1;
    const afterTtl = await secrets.getSecrets();

    // Assess
    expect(requestsWithinTtl).toBe(2);
    expect(fake.requests).toHaveLength(4);
    expect(afterTtl).toEqual(['rotated-key']);
  });

  test('concurrent callers share one in-flight read', async () => {
    // Prepare
    const secrets = source();

    // Act
    const results = await Promise.all(Array.from({ length: 10 }, () => secrets.getSecrets()));

    // Assess
    expect(results).toEqual(Array.from({ length: 10 }, () => ['current-key']));
    expect(fake.requests).toHaveLength(2);
  });

  test('a failed read is not cached: the next call reads again', async () => {
    // Prepare
    const secrets = source();
    fake.failWithStatus = 500;

    // Act
    const failure = secrets.getSecrets();
    await expect(failure).rejects.toMatchObject({ name: 'InternalServiceError' });
    fake.failWithStatus = undefined;
    const recovered = await secrets.getSecrets();

    // Assess
    expect(recovered).toEqual(['current-key']);
    expect(fake.requests.length).toBeGreaterThanOrEqual(4);
  });

  test('a failure other than "not found" while reading AWSPREVIOUS fails the read', async () => {
    // Prepare
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const secrets = new SecretsManagerSecretSource({
      client: {
        send: async (command: { input: { VersionStage: string } }) => {
          if (command.input.VersionStage === 'AWSPREVIOUS') throw throttled;
          return { SecretString: 'current-key' };
        },
      } as never,
      secretArn: SECRET_ARN,
      ttlSeconds: 60,
      now,
    });

    // Act
    const result = secrets.getSecrets();

    // Assess
    await expect(result).rejects.toBe(throttled);
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

describe('StaticSecretSource', () => {
  test('returns a copy of its secrets', async () => {
    // Prepare
    const source = new StaticSecretSource(['a', 'b']);

    // Act
    const first = await source.getSecrets();
    first.pop();
    const second = await source.getSecrets();

    // Assess
    expect(second).toEqual(['a', 'b']);
  });
});
