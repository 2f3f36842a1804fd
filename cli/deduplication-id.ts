/*
 * Deduplication ids for messages the CLI puts back on the FIFO queue. The ingress used the event
 * id, and SQS drops a second message with the same id for 5 minutes, so a redriven or replayed
 * message needs an id of its own; the eventId attribute still names the event.
 */
import { SQS_ID_MAX_LENGTH } from '../src/contract';

/** Characters SQS accepts in a MessageDeduplicationId: alphanumerics and ASCII punctuation. */
const NOT_DEDUP_CHARACTER = /[^A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/** Why the CLI sends the message: part of the id, so the queue's console shows it. */
export type ResendPurpose = 'redrive' | 'replay';

/** `<eventId>:<purpose>:<ms>-<seq>`, cut to SQS's charset and length; unique per send of one CLI run. */
export function freshDeduplicationId(eventId: string, purpose: ResendPurpose, nowMs: number, sequence: number): string {
  const suffix = `:${purpose}:${nowMs}-${sequence}`;
  const head = eventId.replace(NOT_DEDUP_CHARACTER, '_').slice(0, SQS_ID_MAX_LENGTH - suffix.length);
  return head + suffix;
}
