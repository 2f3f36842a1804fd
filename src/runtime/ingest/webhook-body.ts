/*
 * What an acceptable webhook body is, whoever checks it: the ingress (after authentication) and
 * the CLI's `replay --message-file` (before it puts a body on the queue). Pure: no AWS, no secret.
 *
 * In order: size (413), UTF-8 (400), depth and element count on the raw text (400), JSON (400),
 * characters SQS refuses (400), a JSON object whose required pointers hold a value (400).
 */
// An optional dependency of the package (lib/runtime), bundled into the handlers.
// eslint-disable-next-line import/no-extraneous-dependencies
import * as v from 'valibot';
import { JsonStructureLimits, jsonStructureProblem } from './json-limits';
import { resolveJsonPointer } from './json-pointer';
import { DEFAULT_MAX_JSON_DEPTH, DEFAULT_MAX_JSON_ELEMENTS, IngressRuntimeConfig } from '../../contract';
import { parseJson } from '../core/parse-json';

/** The parts of the ingress configuration that decide whether a body is acceptable. */
export type BodyRules = Pick<IngressRuntimeConfig, 'maxBodyBytes' | 'requiredJsonPointers' | 'maxJsonDepth' | 'maxJsonElements'>;

export type BodyCheck =
  | { readonly ok: true; readonly bodyText: string; readonly payload: Record<string, unknown> }
  | { readonly ok: false; readonly statusCode: 400 | 413; readonly reason: string; readonly message: string };

export const INVALID_JSON_MESSAGE = 'Body is not valid JSON';
export const UNSUPPORTED_CHARACTERS_MESSAGE = 'Body contains the characters U+FFFE or U+FFFF, which cannot be queued';

export function bodyTooLargeMessage(maxBodyBytes: number): string {
  return `Body is larger than ${maxBodyBytes} bytes`;
}

/** What a body that parses to something other than an object is told (`kind`: 'null', 'an array', 'a string', ...). */
export function bodyNotObjectMessage(kind: string): string {
  return `Body must be a JSON object, not ${kind}`;
}

export function requiredFieldsMissingMessage(missingPointers: readonly string[]): string {
  return `Body is missing required fields at JSON pointers: ${missingPointers.join(', ')}`;
}

export function requiredFieldsEmptyMessage(emptyPointers: readonly string[]): string {
  return `Body has empty required fields at JSON pointers: ${emptyPointers.join(', ')}`;
}

/** A required value that is there but says nothing: null, or a string of whitespace only. */
function isEmptyValue(value: unknown): boolean {
  return value === null || (typeof value === 'string' && value.trim() === '');
}

/** The structure limits of a configuration, with the documented defaults. */
export function jsonLimitsOf(rules: Pick<BodyRules, 'maxJsonDepth' | 'maxJsonElements'>): JsonStructureLimits {
  return { maxDepth: rules.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH, maxElements: rules.maxJsonElements ?? DEFAULT_MAX_JSON_ELEMENTS };
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/**
 * The envelope every accepted body satisfies: a JSON object in which each required pointer
 * resolves to a value that is not empty. A required-field issue carries its reason code in `expected`.
 */
export function envelopeSchema(requiredJsonPointers: readonly string[]) {
  return v.pipe(
    v.custom<Record<string, unknown>>(
      (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
      (issue) => bodyNotObjectMessage(describeJson(issue.input)),
    ),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const found = requiredJsonPointers.map((pointer) => ({ pointer, result: resolveJsonPointer(dataset.value, pointer) }));
      const missing = found.filter(({ result }) => !result.found).map(({ pointer }) => pointer);
      const empty = found.filter(({ result }) => result.found && isEmptyValue(result.value)).map(({ pointer }) => pointer);
      if (missing.length > 0) addIssue({ message: requiredFieldsMissingMessage(missing), expected: 'required_field_missing' });
      else if (empty.length > 0) addIssue({ message: requiredFieldsEmptyMessage(empty), expected: 'required_field_empty' });
    }),
  );
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function problem(statusCode: 400 | 413, reason: string, message: string): BodyCheck {
  return { ok: false, statusCode, reason, message };
}

export function checkWebhookBody(rawBody: Buffer, rules: BodyRules): BodyCheck {
  if (rawBody.length > rules.maxBodyBytes) return problem(413, 'body_too_large', bodyTooLargeMessage(rules.maxBodyBytes));
  let bodyText: string;
  try {
    bodyText = utf8.decode(rawBody);
  } catch {
    return problem(400, 'invalid_json', INVALID_JSON_MESSAGE);
  }
  const structure = jsonStructureProblem(bodyText, jsonLimitsOf(rules));
  if (structure) return problem(400, structure.reason, structure.message);
  const parsed = parseJson(bodyText);
  if (!parsed.ok) return problem(400, 'invalid_json', INVALID_JSON_MESSAGE);
  // Valid JSON may still hold characters SQS refuses; refusing here beats a 503 on every retry.
  if (/[\uFFFE\uFFFF]/.test(bodyText)) return problem(400, 'unsupported_characters', UNSUPPORTED_CHARACTERS_MESSAGE);
  const envelope = v.safeParse(envelopeSchema(rules.requiredJsonPointers), parsed.value);
  if (!envelope.success) {
    const issue = envelope.issues[0];
    return problem(400, issue.kind === 'schema' ? 'body_not_object' : issue.expected ?? 'required_field_missing', issue.message);
  }
  return { ok: true, bodyText, payload: envelope.output };
}
