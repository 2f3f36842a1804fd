/*
 * Which limit applies to a bucket name. One config per downstream API; tenants of that API
 * (`shopify:store-a`, `shopify:store-b`) each get their own bucket with the API's config.
 */
import { RateLimitBucket } from './rate-limiter';
import { requireValidBucket } from './token-bucket';

/** Bucket names are DynamoDB key suffixes and log-safe labels: printable ASCII, no spaces. */
const BUCKET_NAME = /^[\x21-\x7e]{1,200}$/;
/** Separates the API (the config's name) from the tenant in a bucket name. */
export const TENANT_SEPARATOR = ':';

export type BucketConfigs = Readonly<Record<string, RateLimitBucket>>;

/** Checks every configured limit once, up front (a typo fails at cold start, not on the first call). */
export function requireValidConfigs(configs: BucketConfigs): void {
  const names = Object.keys(configs);
  if (names.length === 0) {
    throw new RangeError('Rate limiter: no buckets configured. Pass e.g. { buckets: { shopify: { capacity: 40, refillPerSecond: 2 } } }.');
  }
  for (const name of names) {
    requireBucketName(name);
    requireValidBucket(name, configs[name]);
  }
}

export function requireBucketName(name: string): void {
  if (!BUCKET_NAME.test(name)) {
    throw new RangeError(
      `Rate limit bucket name '${name.slice(0, 40)}' is invalid: use 1 to 200 printable ASCII characters without spaces, e.g. 'shopify:my-store'.`,
    );
  }
}

/**
 * The config of `bucketName`: its own entry if there is one, else the entry named by the part
 * before the first ':' (`shopify:store-a` → `shopify`).
 */
export function configFor(configs: BucketConfigs, bucketName: string): RateLimitBucket {
  requireBucketName(bucketName);
  if (Object.prototype.hasOwnProperty.call(configs, bucketName)) return configs[bucketName];
  const separator = bucketName.indexOf(TENANT_SEPARATOR);
  const api = separator > 0 ? bucketName.slice(0, separator) : undefined;
  if (api !== undefined && Object.prototype.hasOwnProperty.call(configs, api)) return configs[api];
  const known = Object.keys(configs).join(', ');
  throw new RangeError(
    `No rate limit configured for bucket '${bucketName}'${api === undefined ? '' : ` (nor for its API '${api}')`}. ` +
    `Configured: ${known}. Add it to the limiter's buckets, or name the bucket '<api>:<tenant>' after one of those.`,
  );
}
