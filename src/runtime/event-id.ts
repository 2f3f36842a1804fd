/*
 * The event id from several fields of the body: what the ingress derives when the pipeline sets
 * `eventIdJsonPointers`, and what every other producer (an enqueuer, a reconciliation sweep)
 * must derive too, so a pushed event and the same event found later get the same id and collapse.
 *
 * Canonical form: each value's exact text (a string as written, an integer in decimal), in the
 * pointers' order, as a JSON array; the id is the SHA-256 of that array's UTF-8, in hex (64
 * characters: a valid SQS deduplication id). The JSON array keeps ["a,b", "c"] apart from
 * ["a", "b,c"]; `"42"` and `42` give the same id (templates render numbers as text).
 */
import { createHash } from 'node:crypto';
import { resolveJsonPointer } from './ingest/json-pointer';

/** What a pointer finds where an identifier is expected. */
export type IdentifierLookup =
  | { readonly kind: 'absent' }
  | { readonly kind: 'found'; readonly value: string }
  | { readonly kind: 'unusable'; readonly problem: string };

/** Why `value` cannot be an identifier, or its text. */
export function identifierText(value: unknown): IdentifierLookup {
  if (typeof value === 'string') {
    return value.trim() === '' ? { kind: 'unusable', problem: 'is empty or blank' } : { kind: 'found', value };
  }
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? { kind: 'found', value: String(value) }
      : { kind: 'unusable', problem: 'is a number that is not an integer below 2^53 (send it as a JSON string to keep every digit)' };
  }
  const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
  return { kind: 'unusable', problem: `is ${kind}, not a string or an integer` };
}

export type EventIdFromPointers =
  | { readonly ok: true; readonly eventId: string }
  /** `message` names the pointer and what is wrong there: the ingress answers it as a 400. */
  | { readonly ok: false; readonly pointer: string; readonly message: string };

/**
 * The event id of `payload` from the values at `pointers` (RFC 6901), or the first pointer whose
 * value is missing, empty or not a string/integer. Pure; throws only for an empty pointer list or
 * a malformed pointer (a configuration error, not an input error).
 */
export function eventIdFromPointers(payload: unknown, pointers: readonly string[]): EventIdFromPointers {
  if (pointers.length === 0) {
    throw new RangeError('eventIdFromPointers needs at least one JSON pointer (the pipeline\'s eventIdJsonPointers)');
  }
  const texts: string[] = [];
  for (const pointer of pointers) {
    const found = resolveJsonPointer(payload, pointer);
    if (!found.found) return { ok: false, pointer, message: `Body is missing the event id field at JSON pointer ${pointer}` };
    const text = identifierText(found.value);
    if (text.kind !== 'found') {
      const problem = text.kind === 'unusable' ? text.problem : 'is missing';
      return { ok: false, pointer, message: `The event id field at ${pointer} ${problem}` };
    }
    texts.push(text.value);
  }
  return { ok: true, eventId: createHash('sha256').update(JSON.stringify(texts), 'utf8').digest('hex') };
}
