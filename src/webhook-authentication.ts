import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AuthenticationRuntimeConfig } from './private/runtime-contract';

/** How a signature is written in its header. */
export enum SignatureEncoding {
  /** Lower- or upper-case hexadecimal (GitHub, most generic senders). */
  HEX = 'hex',
  /** Standard base64 (Shopify). */
  BASE64 = 'base64',
}

/** Options for {@link WebhookAuthentication.hmacSha256}. */
export interface HmacSha256AuthenticationOptions {
  /**
   * The signing key: the secret's SecretString is used as the HMAC key, as is.
   * The ingress reads it at run time and caches it; it never reaches the template.
   */
  readonly secret: secretsmanager.ISecret;

  /**
   * Header that carries the signature (matched case-insensitively).
   * @example 'X-Hub-Signature-256'
   */
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

/** What the pipeline needs from an authentication scheme at synth time. */
export interface WebhookAuthenticationBinding {
  /** Secrets the ingress function must be allowed to read. */
  readonly secrets: secretsmanager.ISecret[];
}

/**
 * How the ingress proves that a webhook came from its sender.
 *
 * Verification runs inside the ingress function on the raw body bytes: a Lambda authorizer
 * never sees the body, so it cannot check a body signature.
 */
export class WebhookAuthentication {
  /**
   * HMAC-SHA256 of the raw request body, compared in constant time.
   */
  public static hmacSha256(options: HmacSha256AuthenticationOptions): WebhookAuthentication {
    const header = options.signatureHeader.trim().toLowerCase();
    if (!/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(header)) {
      throw new Error(
        `WebhookAuthentication.hmacSha256: signatureHeader '${options.signatureHeader}' is not a valid HTTP header name; pass the bare name, e.g. 'X-Hub-Signature-256'.`,
      );
    }
    return new WebhookAuthentication([options.secret], {
      scheme: 'hmac',
      secretArn: options.secret.secretArn,
      header,
      algorithm: 'sha256',
      encoding: options.encoding ?? SignatureEncoding.HEX,
      prefix: options.prefix ?? '',
    });
  }

  private constructor(
    private readonly secrets: secretsmanager.ISecret[],
    private readonly runtimeConfig: AuthenticationRuntimeConfig,
  ) {}

  /**
   * Grants the ingress what this scheme needs and returns its run-time configuration.
   * @internal
   */
  public _bind(ingress: iam.IGrantable): AuthenticationRuntimeConfig {
    for (const secret of this.secrets) {
      secret.grantRead(ingress);
    }
    return this.runtimeConfig;
  }
}
