/*
 * Schema pieces the ingress configuration and the producers' configurations share (valibot).
 */
// An optional dependency of the package (lib/runtime), bundled into the handlers.
// eslint-disable-next-line import/no-extraneous-dependencies
import * as v from 'valibot';
import { isJsonPointer, JSON_POINTER_HINT } from './json-pointer';
import { MAX_BODY_BYTES } from '../../contract';

export const JsonPointer = v.pipe(
  v.string(),
  v.check(isJsonPointer, (issue) => `${JSON.stringify(issue.input)} is not an RFC 6901 JSON pointer (${JSON_POINTER_HINT})`),
);

export const LowerCaseHeader = v.pipe(
  v.string(),
  v.nonEmpty('a header name must not be empty'),
  v.check((name) => name === name.toLowerCase(), 'header names must be lower-case'),
);

export const MaxBodyBytes = v.pipe(
  v.number(),
  v.integer(),
  v.minValue(1),
  v.maxValue(MAX_BODY_BYTES, `maxBodyBytes must leave room for message attributes in one SQS message (at most ${MAX_BODY_BYTES})`),
);

/** The body and identity rules: the same fields in the ingress's and a producer's configuration. */
const IngressFilterSchema = v.object({
  pointer: v.pipe(JsonPointer, v.nonEmpty('a filter pointer must name a field, e.g. /event')),
  acceptedValues: v.pipe(v.array(v.string()), v.minLength(1, 'a filter must accept at least one value')),
});

export const BODY_AND_IDENTITY_FIELDS = {
  queueUrl: v.pipe(v.string(), v.url('queueUrl must be an SQS queue URL')),
  maxBodyBytes: MaxBodyBytes,
  eventIdHeaders: v.array(LowerCaseHeader),
  eventIdJsonPointer: v.optional(JsonPointer),
  eventIdJsonPointers: v.optional(v.pipe(v.array(JsonPointer), v.minLength(1, 'eventIdJsonPointers must name at least one pointer when present'))),
  messageGroupIdJsonPointer: v.optional(JsonPointer),
  requiredJsonPointers: v.array(JsonPointer),
  maxJsonDepth: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  maxJsonElements: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  ingressFilters: v.optional(v.array(IngressFilterSchema)),
};

/** "field: problem; field: problem" for a failed parse. */
function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues.map((issue) => {
    const path = v.getDotPath(issue);
    return path ? `${path}: ${issue.message}` : issue.message;
  }).join('; ');
}

/** The JSON object in environment variable `name`, or an error saying what to do. */
function jsonFromEnv(env: NodeJS.ProcessEnv, name: string, whoSetsIt: string): unknown {
  const text = env[name];
  if (text === undefined || text.trim() === '') throw new Error(`Environment variable ${name} is not set: ${whoSetsIt}.`);
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`Environment variable ${name} is not valid JSON: ${whoSetsIt}.`);
  }
}

/**
 * One handler's or producer's JSON configuration: the environment variable it is read from, its
 * schema, and what to tell the user when it is missing or wrong. Every reader (the ingress, the
 * worker, an enqueuer, a sweep) is one of these, read once per cold start.
 */
export interface ConfigSource<T> {
  readonly envName: string;
  readonly schema: v.GenericSchema<unknown, T>;
  /** e.g. 'ingress', 'worker': "Invalid <what> configuration in ...". */
  readonly what: string;
  /** Who sets the variable, for the "not set" and "not JSON" errors. */
  readonly whoSetsIt: string;
  /** What to do about an invalid configuration. */
  readonly fix: string;
}

/** Validates an already-parsed configuration; throws naming `origin` and every field at fault. */
export function validateConfig<T>(source: ConfigSource<T>, input: unknown, origin: string): T {
  const result = v.safeParse(source.schema, input);
  if (!result.success) throw new Error(`Invalid ${source.what} configuration in ${origin}: ${describeIssues(result.issues)}. ${source.fix}`);
  return result.output;
}

/** Reads, parses and validates the configuration from the environment. */
export function configFromEnv<T>(source: ConfigSource<T>, env: NodeJS.ProcessEnv = process.env): T {
  return validateConfig(source, jsonFromEnv(env, source.envName, source.whoSetsIt), `environment variable ${source.envName}`);
}
