/*
 * A Richpanel HTTP-target body in the shape of the example app's recommended template: what
 * `send` and `--smoke` post. The ticket id is the message group; the event id is set so a
 * repeated send is a duplicate on purpose (the ingress would otherwise hash the body).
 */
import { randomUUID } from 'node:crypto';

export interface SampleWebhookOptions {
  readonly eventId?: string;
  readonly ticketId?: string;
  readonly text?: string;
  readonly orderNumber?: string;
}

export function sampleRichpanelWebhook(options: SampleWebhookOptions = {}): Record<string, unknown> {
  const ticketId = options.ticketId ?? String(1000 + Math.floor(Math.random() * 9000));
  return {
    eventId: options.eventId ?? `evt-${randomUUID().slice(0, 8)}`,
    event: 'customer.message',
    ticket: {
      id: ticketId,
      url: `https://app.richpanel.com/conversations/${ticketId}`,
      customer: { name: 'Sam Sample', email: 'sam@example.com', lastOrderNumber: options.orderNumber ?? '1001' },
      lastMessage: { text: options.text ?? 'Where is my order?' },
    },
  };
}
