/*
 * The private note an agent reads on the ticket, and the marker that makes posting it idempotent:
 * the event id travels in the note, so a rerun finds the note in Richpanel itself.
 */
import type { RichpanelOrder } from './richpanel-api';
import type { ShopifyOrder } from './shopify-api';

export type OrderLookup =
  | { readonly source: 'Richpanel'; readonly order: RichpanelOrder }
  | { readonly source: 'Shopify'; readonly order: ShopifyOrder }
  | { readonly source: 'none'; readonly searchedBy: 'order number' | 'customer email' | 'nothing to search by' | 'order number without a customer email' };

/** Ends every note; found in the ticket's comments, it means this event's note was already posted. */
export function noteMarker(eventId: string): string {
  return `[rp-mw event ${eventId}]`;
}

function present(...parts: Array<string | null | undefined>): string {
  return parts.filter((part): part is string => typeof part === 'string' && part.trim() !== '').join(' ');
}

function withTracking(statusLine: string, tracking: string): string {
  return tracking === '' ? statusLine : `${statusLine}\nTracking: ${tracking}`;
}

function describe(lookup: OrderLookup): string {
  switch (lookup.source) {
    case 'Richpanel': {
      const { order } = lookup;
      const tracking = present(order.trackingNumber, order.trackingUrl);
      const name = order.orderNumber === undefined ? '(number unknown)' : `#${String(order.orderNumber).replace(/^#/, '')}`;
      const status = present(order.status, order.fulfillmentStatus ? `(fulfillment ${order.fulfillmentStatus})` : undefined);
      return withTracking(`Order ${name}: ${status || 'status unknown'}.`, tracking);
    }
    case 'Shopify': {
      const { order } = lookup;
      const tracking = order.fulfillments.flatMap((fulfillment) => fulfillment.trackingInfo)[0];
      const status = present(
        order.cancelledAt ? `CANCELLED on ${order.cancelledAt.slice(0, 10)}` : order.displayFulfillmentStatus,
        order.displayFinancialStatus ? `(payment ${order.displayFinancialStatus})` : undefined,
      );
      return withTracking(`Order ${order.name}: ${status}.`, tracking ? present(tracking.company, tracking.number, tracking.url) : '');
    }
    case 'none':
      if (lookup.searchedBy === 'nothing to search by') {
        return 'No order number in the message and no customer email on the ticket: ask the customer for the order number.';
      }
      if (lookup.searchedBy === 'order number without a customer email') {
        return 'No customer email on the ticket to match the order number to: confirm the customer\'s identity and look the order up by hand.';
      }
      return `No order found by ${lookup.searchedBy}: ask the customer to confirm the order number.`;
  }
}

export function orderStatusNote(eventId: string, lookup: OrderLookup): string {
  const source = lookup.source === 'none' ? '' : ` (source: ${lookup.source})`;
  return `Order status, looked up automatically${source}.\n${describe(lookup)}\n${noteMarker(eventId)}`;
}
