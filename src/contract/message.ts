/*
 * The SQS message the ingress writes: its attributes and the size limits of its body.
 *
 * Part of the contract between the construct (synth time), the handlers and the CLI (run time):
 * free of aws-cdk-lib and AWS SDK imports, names, shapes and limits only. Not exported from src/index.ts.
 */

/** SQS message attributes the ingress sets on every message. */
export const MESSAGE_ATTRIBUTE_EVENT_ID = 'eventId';
/** Epoch milliseconds at which the ingress received the request. */
export const MESSAGE_ATTRIBUTE_RECEIVED_AT = 'receivedAt';

/** SQS's hard cap on one message (body + attributes), in bytes (1 MiB since January 2026). */
export const SQS_MAX_MESSAGE_BYTES = 1_048_576;
/** Bytes kept free for message attributes when checking the body limit against SQS_MAX_MESSAGE_BYTES. */
export const MESSAGE_ATTRIBUTE_RESERVE_BYTES = 1_024;
/** The largest `maxBodySize`, in bytes: the body and its message attributes still fit one SQS message. */
export const MAX_BODY_BYTES = SQS_MAX_MESSAGE_BYTES - MESSAGE_ATTRIBUTE_RESERVE_BYTES;
/** SQS limit on MessageGroupId / MessageDeduplicationId length. */
export const SQS_ID_MAX_LENGTH = 128;

/** Default of `maxBodySize`, in bytes (256 KiB). */
export const DEFAULT_MAX_BODY_BYTES = 262_144;
/** Default of `maxJsonDepth`: nested objects/arrays a body may have (checked on the raw text). */
export const DEFAULT_MAX_JSON_DEPTH = 64;
/** Default of `maxJsonElements`: object keys plus array elements a body may hold. */
export const DEFAULT_MAX_JSON_ELEMENTS = 50_000;
