/*
 * The Richpanel webhook the middleware accepts: the JSON body an automation rule's HTTP target
 * sends. Richpanel has no fixed webhook format (the admin writes the body template), so this is
 * the contract of the recommended template; fields the middleware does not read pass through.
 */
import * as v from 'valibot';
import { pathSegmentProblem } from './path-segment';

/** JSON pointer of the ticket id: the FIFO message group, so one ticket's events stay in order. */
export const TICKET_ID_POINTER = '/ticket/id';
/** JSON pointer of the customer message's timestamp (`{{ticket.lastMessage.createdAt}}`). */
export const MESSAGE_CREATED_AT_POINTER = '/ticket/lastMessage/createdAt';
/**
 * The fields that identify an event: one customer message of one ticket. The HTTP target has no
 * delivery id to offer, so the ingress hashes these (eventIdJsonPointers), and the reconciliation
 * sweep, rendering the same message from `GET /tickets`, gets the same id: a push that arrived and
 * the sweep's copy collapse. The event type is left out on purpose: if both rules fire for a
 * conversation's first message, that message is still one event (one note).
 */
export const EVENT_ID_POINTERS = [TICKET_ID_POINTER, MESSAGE_CREATED_AT_POINTER];

/** JSON pointer of the event type: required at the ingress, so a template without it is answered 400 at once. */
export const EVENT_TYPE_POINTER = '/event';

/** The rule events Richpanel documents for HTTP targets. */
export const RICHPANEL_EVENT_TYPES = ['conversation.created', 'customer.message'] as const;

/** Richpanel renders placeholders as text, but a template may leave numbers bare. */
const Identifier = v.pipe(
  v.union([v.pipe(v.string(), v.trim(), v.nonEmpty('must not be empty')), v.pipe(v.number(), v.finite())], 'must be a non-empty string or a number'),
  v.transform(String),
);
/** The ticket id goes into Richpanel API paths: it must stay one path segment (path-segment.ts). */
const TicketId = v.pipe(
  Identifier,
  v.check((id) => pathSegmentProblem(id) === undefined, 'must be a plain id (no "/", "\\", "%", dot segment or control character)'),
);
/** valibot reports a missing key with its object's message: say which of the two it is. */
const objectMessage = (issue: v.BaseIssue<unknown>): string => (issue.received === 'undefined' ? 'is required' : 'must be a JSON object');
/** An absent placeholder renders as "": treat it as absent. */
const blankAsAbsent = (text: string): string | undefined => (text === '' ? undefined : text);
const OptionalText = v.optional(v.pipe(v.string('must be text'), v.trim(), v.transform(blankAsAbsent)));
const OptionalEmail = v.optional(v.pipe(
  v.string('must be text'), v.trim(), v.transform(blankAsAbsent),
  v.check((text) => text === undefined || /^[^\s@]+@[^\s@]+$/.test(text), 'must be an email address'),
));
const OptionalOrderNumber = v.optional(v.union([
  v.pipe(v.string(), v.trim(), v.transform(blankAsAbsent)),
  v.pipe(v.number(), v.finite(), v.transform(String)),
], 'must be text or a number'));

export const RichpanelWebhookSchema = v.looseObject({
  eventId: v.optional(v.string('must be text')),
  event: v.picklist(RICHPANEL_EVENT_TYPES, `must be one of ${RICHPANEL_EVENT_TYPES.join(', ')}`),
  ticket: v.looseObject({
    id: TicketId,
    url: OptionalText,
    customer: v.optional(v.looseObject({
      name: OptionalText,
      email: OptionalEmail,
      lastOrderNumber: OptionalOrderNumber,
    }, objectMessage), {}),
    lastMessage: v.optional(v.looseObject({ text: OptionalText, createdAt: OptionalText }, objectMessage), {}),
  }, objectMessage),
}, objectMessage);

export type RichpanelWebhook = v.InferOutput<typeof RichpanelWebhookSchema>;

/** Thrown for a body the template contract rejects: retrying cannot help, so it ends in the DLQ. */
export class RichpanelWebhookRejected extends Error {
  constructor(public readonly problems: string[]) {
    super(`The Richpanel webhook does not match the middleware's body template (${problems.join('; ')}): `
      + 'fix the HTTP target template (docs/) and redrive the event from the DLQ');
    this.name = 'RichpanelWebhookRejected';
  }
}

/**
 * Every check above carries its own message, so no message quotes a value (valibot's default ones
 * do, and the values are personal data that must never reach an error or a log).
 */
export function parseRichpanelWebhook(payload: unknown): RichpanelWebhook {
  const result = v.safeParse(RichpanelWebhookSchema, payload);
  if (result.success) return result.output;
  throw new RichpanelWebhookRejected(result.issues.map((issue) => `${v.getDotPath(issue) ?? 'body'} ${issue.message}`));
}
