/*
 * Which event a delivery carries (eventId) and which entity's order it belongs to
 * (messageGroupId).
 *
 * eventId becomes the SQS deduplication id and the idempotency key, so it must be the same for
 * every redelivery of one event: it is never random. With `eventIdJsonPointers` the id is the hash
 * of those fields (eventIdFromPointers, the one derivation every producer shares) and nothing else
 * decides; otherwise the configured headers in order, then a JSON pointer into the body, then the
 * SHA-256 of the raw body (identical bytes = same event).
 *
 * Both ids are the exact text the sender wrote: a string as is, an integer in its decimal form.
 * A value that is present but unusable (empty or blank, null, an object, a boolean, or a number
 * that is not a safe integer) is a 400 naming its JSON pointer, never a silent fallback: a
 * number beyond 2^53 has already lost digits in JSON.parse, so two different ids would merge.
 *
 * messageGroupId: the configured pointer's value. When no pointer is configured, or the body has
 * nothing at it, the eventId itself is the group: each event is its own group, so events are
 * processed in parallel and no order across events is claimed.
 */
import { createHash } from 'node:crypto';
import { resolveJsonPointer } from './json-pointer';
import { SQS_ID_MAX_LENGTH } from '../../contract';
import { eventIdFromPointers, IdentifierLookup, identifierText } from '../event-id';

export { identifierText } from '../event-id';
export type { IdentifierLookup } from '../event-id';

/** SQS MessageGroupId / MessageDeduplicationId characters: alphanumerics and ASCII punctuation. */
const SQS_ID_CHARACTERS = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]+$/;

export interface EventIdentityConfig {
  /** Lower-case header names holding the event id, checked in order. */
  readonly eventIdHeaders?: readonly string[];
  readonly eventIdJsonPointer?: string;
  /** When set (non-empty): the id is the hash of these fields' values (eventIdFromPointers), all required. */
  readonly eventIdJsonPointers?: readonly string[];
  readonly messageGroupIdJsonPointer?: string;
}

export interface EventIdentitySource {
  /** Header names in any case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawBody: Buffer;
  /** The parsed body. */
  readonly payload: unknown;
}

export type EventIdSource = 'header' | 'jsonPointer' | 'jsonPointers' | 'bodyHash';

export type EventIdentityResult =
  | {
    readonly ok: true;
    readonly eventId: string;
    readonly messageGroupId: string;
    readonly eventIdSource: EventIdSource;
  }
  | { readonly ok: false; readonly reason: 'invalid_event_id' | 'invalid_message_group_id'; readonly message: string };

/** Why `id` cannot be an SQS group/deduplication id, or undefined when it can. */
export function sqsIdProblem(id: string): string | undefined {
  if (id.length === 0) return 'is empty';
  if (id.length > SQS_ID_MAX_LENGTH) return `is longer than ${SQS_ID_MAX_LENGTH} characters`;
  if (!SQS_ID_CHARACTERS.test(id)) return 'contains characters other than letters, digits and ASCII punctuation';
  return undefined;
}

/** Case-insensitive header lookup (API Gateway REST keeps the sender's casing). */
export function headerValue(headers: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}

/** The first of `names` whose header is present and not blank, trimmed. */
function firstNonEmptyHeader(headers: Readonly<Record<string, string | undefined>>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = headerValue(headers, name)?.trim();
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

const ABSENT: IdentifierLookup = { kind: 'absent' };

/** The identifier at `pointer`: absent when nothing is there, else its text or why it is unusable. */
export function identifierAt(payload: unknown, pointer: string | undefined): IdentifierLookup {
  if (pointer === undefined) return ABSENT;
  const result = resolveJsonPointer(payload, pointer);
  return result.found ? identifierText(result.value) : ABSENT;
}

function unusableAt(reason: 'invalid_event_id' | 'invalid_message_group_id', pointer: string | undefined, problem: string): EventIdentityResult {
  return { ok: false, reason, message: `The value at ${pointer} ${problem}` };
}

export function bodySha256Hex(rawBody: Buffer): string {
  return createHash('sha256').update(rawBody).digest('hex');
}

type IdentityProblem = Extract<EventIdentityResult, { readonly ok: false }>;
type IdentifiedEvent = { readonly ok: true; readonly eventId: string; readonly eventIdSource: EventIdSource };

/** The event id and where it came from, or why the body has none. */
function eventIdOf(source: EventIdentitySource, config: EventIdentityConfig): IdentifiedEvent | IdentityProblem {
  const pointers = config.eventIdJsonPointers ?? [];
  if (pointers.length > 0) {
    const fromFields = eventIdFromPointers(source.payload, pointers);
    return fromFields.ok ? { ok: true, eventId: fromFields.eventId, eventIdSource: 'jsonPointers' }
      : { ok: false, reason: 'invalid_event_id', message: fromFields.message };
  }
  const fromHeader = firstNonEmptyHeader(source.headers, config.eventIdHeaders ?? []);
  const atPointer = identifierAt(source.payload, config.eventIdJsonPointer);
  if (fromHeader === undefined && atPointer.kind === 'unusable') {
    return unusableAt('invalid_event_id', config.eventIdJsonPointer, atPointer.problem);
  }
  const fromPointer = atPointer.kind === 'found' ? atPointer.value : undefined;

  let eventId: string;
  let eventIdSource: EventIdSource;
  if (fromHeader !== undefined) {
    eventId = fromHeader;
    eventIdSource = 'header';
  } else if (fromPointer !== undefined) {
    eventId = fromPointer;
    eventIdSource = 'jsonPointer';
  } else {
    eventId = bodySha256Hex(source.rawBody);
    eventIdSource = 'bodyHash';
  }
  return { ok: true, eventId, eventIdSource };
}

export function deriveEventIdentity(source: EventIdentitySource, config: EventIdentityConfig): EventIdentityResult {
  const identified = eventIdOf(source, config);
  if (!identified.ok) return identified;
  const { eventId, eventIdSource } = identified;
  const eventIdProblem = sqsIdProblem(eventId);
  if (eventIdProblem !== undefined) {
    return { ok: false, reason: 'invalid_event_id', message: `The event id ${eventIdProblem}` };
  }

  const atGroupPointer = identifierAt(source.payload, config.messageGroupIdJsonPointer);
  if (atGroupPointer.kind === 'unusable') {
    return unusableAt('invalid_message_group_id', config.messageGroupIdJsonPointer, atGroupPointer.problem);
  }
  const messageGroupId = atGroupPointer.kind === 'found' ? atGroupPointer.value : eventId;
  const groupProblem = sqsIdProblem(messageGroupId);
  if (groupProblem !== undefined) {
    return {
      ok: false,
      reason: 'invalid_message_group_id',
      message: `The value at ${config.messageGroupIdJsonPointer} ${groupProblem}`,
    };
  }
  return { ok: true, eventId, messageGroupId, eventIdSource };
}
