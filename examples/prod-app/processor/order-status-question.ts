/*
 * Is this ticket event a customer asking where their order is, and which order? Pure text rules:
 * a false negative costs an agent one lookup, a false positive one extra private note, so the
 * rules stay narrow and readable rather than clever.
 */
import { RichpanelWebhook } from './richpanel-webhook';

const ORDER_STATUS_PHRASES: readonly RegExp[] = [
  /\bwhere(?:'s| is| are)? my (?:order|package|parcel|shipment|delivery)\b/i,
  /\border status\b/i,
  /\bstatus of (?:my|the) order\b/i,
  /\btrack(?:ing)? (?:my |the )?(?:order|package|parcel|shipment|number)\b/i,
  /\bhas my order (?:shipped|been shipped|been sent)\b/i,
  /\bwhen will (?:my|the) (?:order|package|parcel) (?:arrive|ship|be delivered)\b/i,
];

/** "#1001", "order 1001", "order no. 1001", "order number: 1001" (Shopify order names are #<digits>). */
const ORDER_NUMBER_IN_TEXT = /(?:#\s?|\border\s*(?:no\.?|number|#)?\s*:?\s*#?)(\d{3,12})\b/i;

export interface OrderStatusQuestion {
  readonly ticketId: string;
  /** Digits only (Shopify shows it as `#1001`); from the message, else the customer's last order. */
  readonly orderNumber?: string;
  readonly customerEmail?: string;
}

export function isOrderStatusText(text: string): boolean {
  return ORDER_STATUS_PHRASES.some((phrase) => phrase.test(text));
}

export function orderNumberIn(text: string): string | undefined {
  return ORDER_NUMBER_IN_TEXT.exec(text)?.[1];
}

function digitsOf(orderNumber: string | undefined): string | undefined {
  const digits = orderNumber?.replace(/^#/, '').trim();
  return digits !== undefined && /^\d{1,12}$/.test(digits) ? digits : undefined;
}

/** The question this event asks, or undefined when it is not an order-status question. */
export function orderStatusQuestionOf(webhook: RichpanelWebhook): OrderStatusQuestion | undefined {
  const text = webhook.ticket.lastMessage.text;
  if (text === undefined || !isOrderStatusText(text)) return undefined;
  return {
    ticketId: webhook.ticket.id,
    orderNumber: orderNumberIn(text) ?? digitsOf(webhook.ticket.customer.lastOrderNumber),
    customerEmail: webhook.ticket.customer.email,
  };
}
