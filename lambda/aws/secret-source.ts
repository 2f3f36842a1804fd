/*
 * Where the ingress gets its signing secrets: Secrets Manager, cached per Lambda environment.
 *
 * The lifecycle, each rule bounded so a forged request or an outage cannot turn it into load:
 * - a read is reused for `ttlSeconds`; concurrent callers share one in-flight read;
 * - after a request failed verification, the caller may ask for one re-read (a rotation that
 *   happened inside the TTL), at most once per `rereadIntervalSeconds` per environment;
 * - AWSPREVIOUS is a candidate only within `previousGraceSeconds` of the AWSCURRENT version's
 *   CreatedDate (the rotation), never forever;
 * - when a refresh fails, the last good secrets stay in use, marked stale, for at most
 *   `maxStaleSeconds` past their TTL, with retries spaced by `rereadIntervalSeconds`.
 */
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  SecretsManagerClientConfig,
} from '@aws-sdk/client-secrets-manager';
import {
  DEFAULT_PREVIOUS_SECRET_GRACE_SECONDS, SECRET_MAX_STALE_SECONDS, SECRET_REREAD_INTERVAL_SECONDS,
  INGRESS_AWS_CALL_BUDGET,
} from '../../src/contract';
import { clientConfigFor } from '../../src/runtime/aws/client-config';

/** The secrets a request may be verified with. */
export interface SigningSecrets {
  /** Current first; the previous one only while its grace window lasts. */
  readonly candidates: string[];
  /** True when a refresh failed and these are the last good values (within the staleness bound). */
  readonly stale: boolean;
}

export interface SecretSource {
  getSecrets(): Promise<SigningSecrets>;
  /**
   * After a request failed verification: re-reads the secret if allowed now (single-flight, rate
   * limited) and resolves with the new candidates when they differ, else undefined.
   */
  refreshAfterRejection(): Promise<SigningSecrets | undefined>;
}

/** Secrets fixed at construction (tests, or schemes with no stored secret); never stale, never re-read. */
export class StaticSecretSource implements SecretSource {
  constructor(private readonly secrets: readonly string[]) {}

  public async getSecrets(): Promise<SigningSecrets> {
    return { candidates: [...this.secrets], stale: false };
  }

  public async refreshAfterRejection(): Promise<undefined> {
    return undefined;
  }
}

export interface SecretsManagerSecretSourceOptions {
  readonly client: SecretsManagerClient;
  readonly secretArn: string;
  /** How long a read is reused. */
  readonly ttlSeconds: number;
  /**
   * Also read the AWSPREVIOUS version so signatures made with the previous key still verify
   * during a rotation. A secret that was never rotated has none, which is fine.
   * @default true
   */
  readonly includePrevious?: boolean;
  /** @default DEFAULT_PREVIOUS_SECRET_GRACE_SECONDS */
  readonly previousGraceSeconds?: number;
  /** @default SECRET_MAX_STALE_SECONDS */
  readonly maxStaleSeconds?: number;
  /** @default SECRET_REREAD_INTERVAL_SECONDS */
  readonly rereadIntervalSeconds?: number;
  readonly now?: () => number;
}

/** Thrown when the secret exists but holds binary data instead of a SecretString. */
export class SecretNotStringError extends Error {
  constructor(stage: string) {
    super(`The signing secret's ${stage} version has no SecretString: store the key as text`);
    this.name = 'SecretNotStringError';
  }
}

interface SecretVersion {
  readonly value: string;
  /** Epoch ms of the version's CreatedDate; undefined when Secrets Manager did not say. */
  readonly createdAt?: number;
}

/** AWSPREVIOUS could not be read this time (not: does not exist). */
const UNREADABLE = Symbol('unreadable');

interface Snapshot {
  readonly current: SecretVersion;
  readonly previous?: SecretVersion;
  readonly fetchedAt: number;
}

export class SecretsManagerSecretSource implements SecretSource {
  private cached?: Snapshot;
  private inFlight?: Promise<Snapshot>;
  private lastFailedReadAt?: number;
  private lastRejectionRereadAt?: number;
  private rejectionReread?: Promise<SigningSecrets | undefined>;
  private readonly now: () => number;

  constructor(private readonly options: SecretsManagerSecretSourceOptions) {
    this.now = options.now ?? Date.now;
  }

  public async getSecrets(): Promise<SigningSecrets> {
    const cached = this.cached;
    if (cached && this.now() - cached.fetchedAt < this.options.ttlSeconds * 1000) return this.candidatesOf(cached, false);
    if (cached && this.mayServeStale(cached) && this.lastFailedReadAt !== undefined
      && this.now() - this.lastFailedReadAt < this.rereadIntervalMs()) {
      return this.candidatesOf(cached, true);
    }
    try {
      return this.candidatesOf(await this.read(), false);
    } catch (error) {
      if (!cached || !this.mayServeStale(cached)) throw error;
      this.lastFailedReadAt = this.now();
      return this.candidatesOf(cached, true);
    }
  }

  public refreshAfterRejection(): Promise<SigningSecrets | undefined> {
    if (this.rejectionReread) return this.rejectionReread;
    const at = this.now();
    if (this.lastRejectionRereadAt !== undefined && at - this.lastRejectionRereadAt < this.rereadIntervalMs()) {
      return Promise.resolve(undefined);
    }
    this.lastRejectionRereadAt = at;
    const before = this.cached === undefined ? undefined : this.candidatesOf(this.cached, false).candidates;
    this.rejectionReread = this.read()
      .then((snapshot) => {
        const after = this.candidatesOf(snapshot, false);
        return before !== undefined && after.candidates.join('\n') === before.join('\n') ? undefined : after;
      })
      .catch(() => undefined)
      .finally(() => {
        this.rejectionReread = undefined;
      });
    return this.rejectionReread;
  }

  private rereadIntervalMs(): number {
    return (this.options.rereadIntervalSeconds ?? SECRET_REREAD_INTERVAL_SECONDS) * 1000;
  }

  private mayServeStale(snapshot: Snapshot): boolean {
    const expiredAt = snapshot.fetchedAt + this.options.ttlSeconds * 1000;
    return this.now() - expiredAt < (this.options.maxStaleSeconds ?? SECRET_MAX_STALE_SECONDS) * 1000;
  }

  /** The previous version counts only while the current one is younger than the grace window. */
  private candidatesOf(snapshot: Snapshot, stale: boolean): SigningSecrets {
    const { current, previous } = snapshot;
    const graceMs = (this.options.previousGraceSeconds ?? DEFAULT_PREVIOUS_SECRET_GRACE_SECONDS) * 1000;
    const inGrace = current.createdAt !== undefined && this.now() - current.createdAt < graceMs;
    const withPrevious = previous !== undefined && previous.value !== current.value && inGrace;
    return { candidates: withPrevious ? [current.value, previous.value] : [current.value], stale };
  }

  /** One shared read of both stages; a success replaces the cache. */
  private read(): Promise<Snapshot> {
    if (!this.inFlight) {
      this.inFlight = this.readStages()
        .then((snapshot) => {
          this.cached = snapshot;
          this.lastFailedReadAt = undefined;
          return snapshot;
        })
        .finally(() => {
          this.inFlight = undefined;
        });
    }
    return this.inFlight;
  }

  private async readStages(): Promise<Snapshot> {
    const [current, previous] = await Promise.all([
      this.readStage('AWSCURRENT'),
      this.options.includePrevious === false ? Promise.resolve(undefined) : this.readPreviousStage(),
    ]);
    if (previous !== UNREADABLE) return { current, previous, fetchedAt: this.now() };
    // The last known previous version still belongs to this current one only if the current did not change.
    const known = this.cached?.current.value === current.value ? this.cached.previous : undefined;
    return { current, previous: known, fetchedAt: this.now() };
  }

  /**
   * AWSPREVIOUS is optional: not found means no rotation yet, and any other failure (throttling,
   * a timeout) must not cost the current secret.
   */
  private async readPreviousStage(): Promise<SecretVersion | undefined | typeof UNREADABLE> {
    try {
      return await this.readStage('AWSPREVIOUS');
    } catch (error) {
      if (error instanceof ResourceNotFoundException || error instanceof SecretNotStringError) return undefined;
      return UNREADABLE;
    }
  }

  private async readStage(stage: 'AWSCURRENT' | 'AWSPREVIOUS'): Promise<SecretVersion> {
    const response = await this.options.client.send(new GetSecretValueCommand({
      SecretId: this.options.secretArn,
      VersionStage: stage,
    }));
    if (typeof response.SecretString !== 'string') throw new SecretNotStringError(stage);
    return { value: response.SecretString, createdAt: response.CreatedDate?.getTime() };
  }
}

/** Short timeouts and few attempts: a webhook sender waits on this call. */
export const SECRETS_MANAGER_CLIENT_DEFAULTS: SecretsManagerClientConfig = clientConfigFor(INGRESS_AWS_CALL_BUDGET);

export function createSecretsManagerClient(overrides: SecretsManagerClientConfig = {}): SecretsManagerClient {
  return new SecretsManagerClient({ ...SECRETS_MANAGER_CLIENT_DEFAULTS, ...overrides });
}
