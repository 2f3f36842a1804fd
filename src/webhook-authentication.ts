import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AuthenticationRuntimeConfig } from './contract';
import { headerName, toleranceSeconds, WebhookAuthenticationBinding } from './private/authentication-binding';

/** How a signature is written in its header. */
export enum SignatureEncoding {
  /** Hexadecimal (GitHub, most generic senders). */
  HEX = 'hex',
  /** Standard base64 (Shopify). */
  BASE64 = 'base64',
}

/** The digest of an HMAC signature. */
export enum HmacAlgorithm {
  /** HMAC-SHA256: use this unless the sender offers nothing else. */
  SHA256 = 'sha256',
  /** HMAC-SHA1: only for senders that still sign with nothing better. */
  SHA1 = 'sha1',
}

/** Options for {@link WebhookAuthentication.hmac}. */
export interface HmacAuthenticationOptions {
  /** The signing key: the secret's SecretString is the HMAC key, as is. Read at run time, never in the template. */
  readonly secret: secretsmanager.ISecret;
  /**
   * Header that carries the signature (matched case-insensitively).
   * @example 'X-Hub-Signature-256'
   */
  readonly signatureHeader: string;
  /**
   * The digest.
   * @default HmacAlgorithm.SHA256
   */
  readonly algorithm?: HmacAlgorithm;
  /**
   * How the signature is encoded in the header.
   * @default SignatureEncoding.HEX
   */
  readonly encoding?: SignatureEncoding;
  /**
   * Text in front of the signature in the header, such as `sha256=`.
   * @default - no prefix
   */
  readonly prefix?: string;
}

/** Options for {@link WebhookAuthentication.hmacSha256}. */
export interface HmacSha256AuthenticationOptions {
  /** The signing key: the secret's SecretString is the HMAC key, as is. */
  readonly secret: secretsmanager.ISecret;
  /** Header that carries the signature (matched case-insensitively). */
  readonly signatureHeader: string;
  /**
   * How the signature is encoded in the header.
   * @default SignatureEncoding.HEX
   */
  readonly encoding?: SignatureEncoding;
  /**
   * Text in front of the signature in the header, such as `sha256=`.
   * @default - no prefix
   */
  readonly prefix?: string;
}

/** Options of the provider presets whose only setting is the secret. */
export interface ProviderAuthenticationOptions {
  /** The provider's signing secret (SecretString), exactly as the provider shows it. */
  readonly secret: secretsmanager.ISecret;
}

/** Options of the schemes that sign a timestamp (Stripe, Standard Webhooks). */
export interface TimestampedAuthenticationOptions {
  /** The signing secret (SecretString), exactly as the provider shows it (`whsec_...`). */
  readonly secret: secretsmanager.ISecret;
  /**
   * Largest accepted distance between the signed timestamp and now, in both directions;
   * older or later deliveries are rejected as replays.
   * @default Duration.minutes(5)
   */
  readonly tolerance?: Duration;
}

/** Options for {@link WebhookAuthentication.sharedToken}. */
export interface SharedTokenAuthenticationOptions {
  /** The token (SecretString) the sender puts in the header. */
  readonly secret: secretsmanager.ISecret;
  /**
   * Header that carries the token (matched case-insensitively).
   * @example 'X-Webhook-Token'
   */
  readonly header: string;
}

/** Values of the fields a scheme does not use (the runtime config has one flat shape). */
const NEUTRAL_SETTINGS = {
  algorithm: HmacAlgorithm.SHA256,
  encoding: SignatureEncoding.HEX,
  prefix: '',
  toleranceSeconds: 0,
} as const;

/**
 * How the ingress proves that a webhook came from its sender.
 *
 * Every scheme runs inside the ingress function on the raw body bytes (a Lambda authorizer
 * never sees the body), compares in constant time, accepts the secret's current and previous
 * version during a rotation, and answers every failure with the same 401.
 */
export class WebhookAuthentication {
  /** HMAC of the raw body in one header (any sender that signs its body). */
  public static hmac(options: HmacAuthenticationOptions): WebhookAuthentication {
    return new WebhookAuthentication(options.secret, {
      scheme: 'hmac',
      headers: [headerName('signatureHeader', options.signatureHeader)],
      algorithm: options.algorithm ?? HmacAlgorithm.SHA256,
      encoding: options.encoding ?? SignatureEncoding.HEX,
      prefix: options.prefix ?? '',
    }, []);
  }

  /** HMAC-SHA256 of the raw body in one header. */
  public static hmacSha256(options: HmacSha256AuthenticationOptions): WebhookAuthentication {
    return WebhookAuthentication.hmac({ ...options, algorithm: HmacAlgorithm.SHA256 });
  }

  /**
   * Shopify webhooks: base64 HMAC-SHA256 of the body in `X-Shopify-Hmac-Sha256` (or the newer
   * `Shopify-Hmac-Sha256`). The event id is the SHA-256 of the signed body, not
   * `X-Shopify-Webhook-Id`: that header is not signed, so a replayed body with a fresh id would
   * run again. Shopify retries send the original payload, which collapses as a duplicate.
   */
  public static shopify(options: ProviderAuthenticationOptions): WebhookAuthentication {
    return new WebhookAuthentication(options.secret, {
      scheme: 'hmac',
      headers: ['x-shopify-hmac-sha256', 'shopify-hmac-sha256'],
      encoding: SignatureEncoding.BASE64,
    }, []);
  }

  /**
   * GitHub webhooks: `X-Hub-Signature-256: sha256=<hex>`. The event id is the SHA-256 of the
   * signed body, not `X-GitHub-Delivery`: that header is not signed, so a replayed body with a
   * fresh delivery id would run again. A redelivery sends the same body and collapses as a duplicate.
   */
  public static github(options: ProviderAuthenticationOptions): WebhookAuthentication {
    return new WebhookAuthentication(options.secret, {
      scheme: 'hmac',
      headers: ['x-hub-signature-256'],
      encoding: SignatureEncoding.HEX,
      prefix: 'sha256=',
    }, []);
  }

  /**
   * Stripe webhooks: `Stripe-Signature: t=...,v1=...` over `t.body`, with replay protection;
   * the event id is the body's `/id`.
   */
  public static stripe(options: TimestampedAuthenticationOptions): WebhookAuthentication {
    return new WebhookAuthentication(options.secret, {
      scheme: 'stripe',
      headers: ['stripe-signature'],
      toleranceSeconds: toleranceSeconds(options.tolerance),
    }, [], '/id');
  }

  /**
   * Standard Webhooks (https://www.standardwebhooks.com): `webhook-signature` over
   * `id.timestamp.body` with a `whsec_` secret, with replay protection; the event id is `webhook-id`.
   */
  public static standardWebhooks(options: TimestampedAuthenticationOptions): WebhookAuthentication {
    return new WebhookAuthentication(options.secret, {
      scheme: 'standard-webhooks',
      headers: ['webhook-signature'],
      encoding: SignatureEncoding.BASE64,
      toleranceSeconds: toleranceSeconds(options.tolerance),
    }, ['webhook-id']);
  }

  /**
   * A static token in a header, for senders that can only add a fixed header (such as helpdesk
   * automations). Weaker than a signature: nothing binds the token to the body, and replays
   * are caught only by deduplication.
   */
  public static sharedToken(options: SharedTokenAuthenticationOptions): WebhookAuthentication {
    return new WebhookAuthentication(options.secret, {
      scheme: 'shared-token',
      headers: [headerName('header', options.header)],
    }, []);
  }

  private constructor(
    private readonly secret: secretsmanager.ISecret,
    /** The scheme and its headers; unset fields take their neutral value (see NEUTRAL_SETTINGS). */
    private readonly settings: Pick<AuthenticationRuntimeConfig, 'scheme' | 'headers'> & Partial<AuthenticationRuntimeConfig>,
    /** Headers that carry the sender's event id, used unless the pipeline names its own. */
    private readonly eventIdHeaders: string[],
    /** Where the sender's event id sits in the body, used unless the pipeline names its own. */
    private readonly eventIdJsonPointer?: string,
  ) {}

  /**
   * Grants the ingress what this scheme needs and returns its run-time configuration.
   * @internal
   */
  public _bind(ingress: iam.IGrantable): WebhookAuthenticationBinding {
    this.secret.grantRead(ingress);
    // grantRead writes a key policy statement only on a key this app owns; an imported key's policy
    // cannot be changed, so the ingress also gets Decrypt in its own policy, through Secrets Manager only.
    if (this.secret.encryptionKey) {
      ingress.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [this.secret.encryptionKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this.secret).region}.amazonaws.com` } },
      }));
    }
    return {
      runtimeConfig: { ...NEUTRAL_SETTINGS, ...this.settings, secretArn: this.secret.secretArn },
      eventIdHeaders: this.eventIdHeaders,
      eventIdJsonPointer: this.eventIdJsonPointer,
      // Only Standard Webhooks signs a header: its id (`{id}.{timestamp}.{body}`).
      signedHeaders: this.settings.scheme === 'standard-webhooks' ? ['webhook-id'] : [],
    };
  }
}
