import { IngressRuntimeConfig } from '../../src/contract';

/** Where no test sends: port 9 (discard) on loopback refuses connections. */
const UNREACHABLE_QUEUE_URL = 'http://127.0.0.1:9/000000000000/webhooks.fifo';

/**
 * The ingress configuration the construct would write for a plain hex HMAC-SHA256 signature in
 * `x-signature`, a 1 KiB body limit and no required fields; `overrides` replace single fields.
 */
export function hexHmacIngressConfig(overrides: Partial<IngressRuntimeConfig> = {}): IngressRuntimeConfig {
  return {
    queueUrl: UNREACHABLE_QUEUE_URL,
    maxBodyBytes: 1024,
    authentication: {
      scheme: 'hmac',
      secretArn: 'arn:aws:secretsmanager:us-east-2:000000000000:secret:k',
      headers: ['x-signature'],
      algorithm: 'sha256',
      encoding: 'hex',
      prefix: '',
      toleranceSeconds: 0,
    },
    eventIdHeaders: [],
    requiredJsonPointers: [],
    secretCacheTtlSeconds: 60,
    ...overrides,
  };
}
