/*
 * The body templates to paste into Richpanel (Settings → Integrations → HTTP Targets), one per
 * automation rule, with the header `X-Richpanel-Webhook-Token: <the stage's token secret>` and
 * content type JSON. They render to what richpanel-webhook.ts accepts.
 *
 * Unconfirmed by Richpanel's docs: the `{{ticket.lastMessage.text}}` and `{{ticket.lastMessage.createdAt}}`
 * placeholders, and whether placeholders are JSON-escaped. The event id is the hash of
 * `{{ticket.id}}` and `{{ticket.lastMessage.createdAt}}` (EVENT_ID_POINTERS): a body where the
 * timestamp renders empty is answered 400 naming `/ticket/lastMessage/createdAt`, and the
 * reconciliation sweep delivers that message within its interval instead (docs/07_Reliability_Scaling). A message with a quote or a line break that is not escaped makes
 * the body invalid JSON: the ingress answers 400 and the event is not queued. Check both on a
 * test ticket before relying on the rule.
 */
import type { RICHPANEL_EVENT_TYPES } from './richpanel-webhook';

type RichpanelEventType = typeof RICHPANEL_EVENT_TYPES[number];

/** The rule each event type belongs to, as Richpanel names the trigger. */
export const RICHPANEL_RULE_TRIGGERS: Readonly<Record<RichpanelEventType, string>> = {
  'conversation.created': 'Customer starts a new conversation',
  'customer.message': 'Customer sends a message',
};

export function richpanelHttpTargetTemplate(event: RichpanelEventType): string {
  return `{
  "event": "${event}",
  "ticket": {
    "id": "{{ticket.id}}",
    "url": "{{ticket.url}}",
    "createdAt": "{{ticket.createdAt}}",
    "customer": {
      "name": "{{ticket.customer.name}}",
      "email": "{{ticket.customer.email}}",
      "lastOrderNumber": "{{ticket.customer.lastOrderNumber}}"
    },
    "lastMessage": { "text": "{{ticket.lastMessage.text}}", "createdAt": "{{ticket.lastMessage.createdAt}}" }
  }
}`;
}

/**
 * Renders placeholders as Richpanel would, each value JSON-escaped (the assumption above); a
 * placeholder without a value renders empty. For tests and the docs' examples.
 */
export function renderRichpanelTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_match, name: string) => JSON.stringify(values[name] ?? '').slice(1, -1));
}
