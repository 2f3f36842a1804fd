/*
 * A Richpanel HTTP-target body in the shape of the example app's recommended template: what
 * `send` and `--smoke` post. The ticket id is the message group; ticket id + the message's
 * timestamp are the event id (the example's eventIdJsonPointers), so a repeated send of one body
 * is a duplicate on purpose.
 */
export interface SampleWebhookOptions {
  readonly ticketId?: string;
  /** ISO time of the customer's message. @default now */
  readonly messageCreatedAt?: string;
  readonly text?: string;
  readonly orderNumber?: string;
}

export function sampleRichpanelWebhook(options: SampleWebhookOptions = {}): Record<string, unknown> {
  const ticketId = options.ticketId ?? String(1000 + Math.floor(Math.random() * 9000));
  return {
    event: 'customer.message',
    ticket: {
      id: ticketId,
      url: `https://app.richpanel.com/conversations/${ticketId}`,
      customer: { name: 'Sam Sample', email: 'sam@example.com', lastOrderNumber: options.orderNumber ?? '1001' },
      lastMessage: { text: options.text ?? 'Where is my order?', createdAt: options.messageCreatedAt ?? new Date().toISOString() },
    },
  };
}
