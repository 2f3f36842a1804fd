/*
 * Where the ingress gets its signing secrets: Secrets Manager, cached per Lambda environment.
 *
 * The cache is refreshed on a clock, never because a signature failed: otherwise every forged
 * request would cost a Secrets Manager call. Concurrent callers share one in-flight read.
 */
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  SecretsManagerClientConfig,
} from '@aws-sdk/client-secrets-manager';

/** Candidate signing secrets, current first. */
export interface SecretSource {
  getSecrets(): Promise<string[]>;
}

/** Secrets fixed at construction (tests, or schemes with no stored secret). */
export class StaticSecretSource implements SecretSource {
  constructor(private readonly secrets: readonly string[]) {}

  public async getSecrets(): Promise<string[]> {
    return [...this.secrets];
  }
}

export interface SecretsManagerSecretSourceOptions {
  readonly client: SecretsManagerClient;
  readonly secretArn: string;
  /** How long a read is reused; 0 reads on every call. */
  readonly ttlSeconds: number;
  /**
   * Also read the AWSPREVIOUS version so signatures made with the previous key still verify
   * during a rotation. A secret that was never rotated has none, which is fine.
   * @default true
   */
  readonly includePrevious?: boolean;
  readonly now?: () => number;
}

/** Thrown when the secret exists but holds binary data instead of a SecretString. */
export class SecretNotStringError extends Error {
  constructor(stage: string) {
    super(`The signing secret's ${stage} version has no SecretString: store the key as text`);
    this.name = 'SecretNotStringError';
  }
}

export class SecretsManagerSecretSource implements SecretSource {
  private cached?: { readonly secrets: string[]; readonly fetchedAt: number };
  private inFlight?: Promise<string[]>;
  private readonly now: () => number;

  constructor(private readonly options: SecretsManagerSecretSourceOptions) {
    this.now = options.now ?? Date.now;
  }

  public async getSecrets(): Promise<string[]> {
    if (this.cached && this.now() - this.cached.fetchedAt < this.options.ttlSeconds * 1000) {
      return [...this.cached.secrets];
    }
    if (!this.inFlight) {
      this.inFlight = this.read()
        .then((secrets) => {
          this.cached = { secrets, fetchedAt: this.now() };
          return secrets;
        })
        .finally(() => {
          this.inFlight = undefined;
        });
    }
    return [...await this.inFlight];
  }

  private async read(): Promise<string[]> {
    const [current, previous] = await Promise.all([
      this.readStage('AWSCURRENT'),
      this.options.includePrevious === false ? Promise.resolve(undefined) : this.readPreviousStage(),
    ]);
    return previous === undefined || previous === current ? [current] : [current, previous];
  }

  private async readPreviousStage(): Promise<string | undefined> {
    try {
      return await this.readStage('AWSPREVIOUS');
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  }

  private async readStage(stage: 'AWSCURRENT' | 'AWSPREVIOUS'): Promise<string> {
    const response = await this.options.client.send(new GetSecretValueCommand({
      SecretId: this.options.secretArn,
      VersionStage: stage,
    }));
    if (typeof response.SecretString !== 'string') throw new SecretNotStringError(stage);
    return response.SecretString;
  }
}

/** Short timeouts and few attempts: a webhook sender waits on this call. */
export const SECRETS_MANAGER_CLIENT_DEFAULTS: SecretsManagerClientConfig = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
};

export function createSecretsManagerClient(overrides: SecretsManagerClientConfig = {}): SecretsManagerClient {
  return new SecretsManagerClient({ ...SECRETS_MANAGER_CLIENT_DEFAULTS, ...overrides });
}
