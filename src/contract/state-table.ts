/*
 * The state table's keys: the partition key, the TTL attribute and each item kind's key prefix.
 *
 * Part of the contract between the construct (synth time), the handlers and the CLI (run time):
 * free of aws-cdk-lib and AWS SDK imports, names, shapes and limits only. Not exported from src/index.ts.
 */

/** The state table's string partition key. Every item kind prefixes its key (see below). */
export const TABLE_PARTITION_KEY = 'pk';
/** The state table's TTL attribute: epoch seconds, on every item. */
export const TABLE_TTL_ATTRIBUTE = 'expiresAt';
/**
 * Key prefix of idempotency records. A pipeline's records are `event#<namespace>#<eventId>`
 * (see eventKeyPrefixOf), so pipelines sharing a table never see each other's records and the
 * worker's IAM policy can name its own prefix (dynamodb:LeadingKeys). Other item kinds use other prefixes.
 */
export const EVENT_KEY_PREFIX = 'event#';

/** Characters a key namespace keeps; anything else becomes '_' (no '#', no IAM wildcard `*` or `?`). */
const KEY_NAMESPACE_UNSAFE = /[^A-Za-z0-9._-]/g;

/** The idempotency key prefix of one pipeline: `event#<namespace>#`. */
export function eventKeyPrefixOf(namespace: string): string {
  return `${EVENT_KEY_PREFIX}${namespace.replace(KEY_NAMESPACE_UNSAFE, '_')}#`;
}

/** An idempotency record's key: the pipeline's prefix + the event id (the worker writes it, producers may read it). */
export function idempotencyKeyOf(keyPrefix: string, eventId: string): string {
  return keyPrefix + eventId;
}

/** Key prefix of outbound rate-limit buckets: `rl#<bucket name>` (see src/runtime). */
export const RATE_LIMIT_KEY_PREFIX = 'rl#';
