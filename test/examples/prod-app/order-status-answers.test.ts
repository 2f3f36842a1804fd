import { RICHPANEL_KEY, requestFor, SHOPIFY_TOKEN, useHarnessPerTest } from './processor-harness';
import { RICHPANEL_ROUTES } from '../../../examples/prod-app/fakes/fake-richpanel';
import { SAMPLE_CUSTOMER_EMAIL, SAMPLE_SHOPIFY_ORDERS, sampleTicketWebhook, TICKET_WITH_RICHPANEL_ORDER } from '../../../examples/prod-app/fakes/sample-data';
import { noteMarker } from '../../../examples/prod-app/processor/order-status-note';
import { RichpanelWebhookRejected } from '../../../examples/prod-app/processor/richpanel-webhook';

const PROCESSED = { outcome: 'PROCESSED' };

describe('the order-status processor against fake Richpanel and Shopify: answers, and never twice', () => {
  const start = useHarnessPerTest();

  describe('answers', () => {
    test('an order number not known to Richpanel: Shopify\'s status as ONE private note ending with the event marker', async () => {
      const { processor, richpanel, shopify } = await start();
      await expect(processor.process(requestFor(sampleTicketWebhook('T-1', 'Where is my order #1001?')))).resolves.toEqual(PROCESSED);
      expect(richpanel.notes).toEqual([{
        ticketId: 'T-1',
        isPrivate: true,
        body: 'Order status, looked up automatically (source: Shopify).\nOrder #1001: FULFILLED (payment PAID).\n'
          + 'Tracking: UPS 1Z999AA10123456784 https://www.ups.com/track?tracknum=1Z999AA10123456784\n[rp-mw event evt-1]',
      }]);
      expect(shopify.served()).toBe(1);
    });

    test('Richpanel\'s own order data first: no Shopify call', async () => {
      const { processor, richpanel, shopify } = await start();
      await processor.process(requestFor(sampleTicketWebhook(TICKET_WITH_RICHPANEL_ORDER, 'where is my package?')));
      expect(richpanel.notes.map((note) => note.body.split('\n').slice(0, 3))).toEqual([[
        'Order status, looked up automatically (source: Richpanel).',
        'Order #1003: SHIPPED (fulfillment in_transit).',
        'Tracking: 9400111899223 https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223',
      ]]);
      expect(shopify.served()).toBe(0);
    });

    test('no order number: the customer\'s latest order by email', async () => {
      const { processor, richpanel } = await start();
      await processor.process(requestFor(sampleTicketWebhook('T-2', 'Has my order shipped?')));
      expect(richpanel.notes[0].body).toContain('Order #1002: UNFULFILLED (payment PAID).');
    });

    test('no such order: a note that asks the agent to confirm the number', async () => {
      const { processor, richpanel } = await start();
      await processor.process(requestFor(sampleTicketWebhook('T-3', 'order status of #9999 please')));
      expect(richpanel.notes[0].body).toContain('No order found by order number: ask the customer to confirm the order number.');
    });

    test('someone else\'s order number: Shopify\'s order is not used, and its status never reaches the ticket', async () => {
      // Prepare: #2001 exists, but it is another customer's order.
      const { processor, richpanel, shopify } = await start({
        shopify: {
          orders: [
            ...SAMPLE_SHOPIFY_ORDERS,
            {
              name: '#2001',
              email: 'someone.else@example.com',
              processedAt: '2026-11-23T08:00:00Z',
              displayFulfillmentStatus: 'FULFILLED',
              tracking: { company: 'DHL', number: 'JD014600006281230704', url: 'https://dhl.example/JD014600006281230704' },
            },
          ],
        },
      });

      // Act
      await processor.process(requestFor(sampleTicketWebhook('T-11', 'Where is my order #2001?')));

      // Assess
      expect(shopify.served()).toBe(1);
      expect(richpanel.notes).toHaveLength(1);
      expect(richpanel.notes[0].body).toContain('No order found by order number: ask the customer to confirm the order number.');
      for (const leaked of ['#2001:', 'FULFILLED', 'JD014600006281230704', 'someone.else']) expect(richpanel.notes[0].body).not.toContain(leaked);
    });

    test('an order number on a ticket without a customer email is not looked up at all (nothing to match it to)', async () => {
      // Prepare
      const { processor, richpanel, shopify } = await start();
      const webhook = sampleTicketWebhook('T-12', 'Where is my order #1001?');
      (webhook.ticket as { customer: Record<string, unknown> }).customer = { name: 'Jane Doe' };

      // Act
      await processor.process(requestFor(webhook));

      // Assess
      expect(shopify.served()).toBe(0);
      expect(richpanel.notes[0].body).toContain('No customer email on the ticket to match the order number to');
    });

    test('not an order-status question: processed with no call at all', async () => {
      const { processor, richpanel, shopify } = await start();
      await expect(processor.process(requestFor(sampleTicketWebhook('T-4', 'Thanks, that solved it!')))).resolves.toEqual(PROCESSED);
      expect(richpanel.requestCounts.size).toBe(0);
      expect(shopify.served() + shopify.throttled()).toBe(0);
    });

    test('a body the template contract rejects throws (ends in the DLQ after its retries), with no call', async () => {
      const { processor, richpanel } = await start();
      await expect(processor.process(requestFor({ ticket: { id: 'T-5' } }))).rejects.toBeInstanceOf(RichpanelWebhookRejected);
      expect(richpanel.requestCounts.size).toBe(0);
    });

    test('logs name the event and the outcome, never the email, the message, the note or a key', async () => {
      const { processor, logLines } = await start();
      await processor.process(requestFor(sampleTicketWebhook('T-6', 'Where is my order #1001?')));
      expect(logLines.map((line) => JSON.parse(line).reason)).toEqual(['note-posted-shopify']);
      const logs = logLines.join('\n');
      for (const secret of [SAMPLE_CUSTOMER_EMAIL, 'Where is my order', 'FULFILLED', RICHPANEL_KEY, SHOPIFY_TOKEN]) expect(logs).not.toContain(secret);
    });
  });

  describe('no double note', () => {
    test('the same event run again (a crash after the POST, before the worker recorded it) finds its note and posts none', async () => {
      const { processor, richpanel } = await start();
      const request = requestFor(sampleTicketWebhook('T-7', 'Where is my order #1001?'), 'evt-7');
      await processor.process(request);
      await expect(processor.process({ ...request, attempt: 2 })).resolves.toEqual(PROCESSED);
      expect(richpanel.notes).toHaveLength(1);
      expect(richpanel.requestCounts.get(RICHPANEL_ROUTES.comment)).toBe(1);
      // Control: another event on the same ticket does get its own note (the marker is per event).
      await processor.process(requestFor(sampleTicketWebhook('T-7', 'Where is my order #1001?'), 'evt-8'));
      expect(richpanel.notes.map((note) => note.body.endsWith(noteMarker('evt-8')))).toEqual([false, true]);
    });

    test('a POST that timed out although Richpanel stored the note is not repeated', async () => {
      const { processor, richpanel } = await start({ policy: { attemptTimeoutMs: 300 } });
      richpanel.fail(RICHPANEL_ROUTES.comment, { kind: 'act-then-hang' });
      await expect(processor.process(requestFor(sampleTicketWebhook('T-9', 'Where is my order #1001?'), 'evt-9'))).resolves.toEqual(PROCESSED);
      expect(richpanel.notes).toHaveLength(1);
      expect(richpanel.requestCounts.get(RICHPANEL_ROUTES.comment)).toBe(1);
    });

    test('a POST that failed with 503 (nothing stored) is posted again, once', async () => {
      const { processor, richpanel } = await start();
      richpanel.fail(RICHPANEL_ROUTES.comment, { kind: 'status', status: 503 });
      await processor.process(requestFor(sampleTicketWebhook('T-10', 'Where is my order #1001?'), 'evt-10'));
      expect(richpanel.notes).toHaveLength(1);
      expect(richpanel.requestCounts.get(RICHPANEL_ROUTES.comment)).toBe(2);
    });
  });
});
