/*
 * Seed data for the fakes and a webhook that exercises the whole order-status path: one place,
 * shared by the local pipeline and the tests.
 */
import type { FakeRichpanelOrder } from './fake-richpanel';
import type { FakeShopifyOrder } from './fake-shopify';

export const SAMPLE_CUSTOMER_EMAIL = 'jane.doe@example.com';
export const SAMPLE_STORE_DOMAIN = 'rp-mw-local.myshopify.com';
/** A ticket whose order Richpanel knows itself (no Shopify call needed). */
export const TICKET_WITH_RICHPANEL_ORDER = 'ticket-richpanel-order';

export const SAMPLE_SHOPIFY_ORDERS: readonly FakeShopifyOrder[] = [
  {
    name: '#1001',
    email: SAMPLE_CUSTOMER_EMAIL,
    processedAt: '2026-11-20T10:00:00Z',
    displayFulfillmentStatus: 'FULFILLED',
    displayFinancialStatus: 'PAID',
    tracking: { company: 'UPS', number: '1Z999AA10123456784', url: 'https://www.ups.com/track?tracknum=1Z999AA10123456784' },
  },
  {
    name: '#1002',
    email: SAMPLE_CUSTOMER_EMAIL,
    processedAt: '2026-11-22T09:30:00Z',
    displayFulfillmentStatus: 'UNFULFILLED',
    displayFinancialStatus: 'PAID',
  },
];

export const SAMPLE_RICHPANEL_ORDERS: Readonly<Record<string, FakeRichpanelOrder>> = {
  [TICKET_WITH_RICHPANEL_ORDER]: { orderNumber: '1003', status: 'SHIPPED', fulfillmentStatus: 'in_transit', trackingNumber: '9400111899223', trackingUrl: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223' },
};

/** The body the recommended HTTP-target template renders for "customer sends a message". */
export function sampleTicketWebhook(ticketId: string, text = 'Hi, where is my order #1001?'): Record<string, unknown> {
  return {
    event: 'customer.message',
    ticket: {
      id: ticketId,
      url: `https://app.richpanel.com/conversations/${ticketId}`,
      createdAt: '2026-11-24T12:00:00Z',
      customer: { name: 'Jane Doe', email: SAMPLE_CUSTOMER_EMAIL, lastOrderNumber: '' },
      lastMessage: { text },
    },
  };
}
