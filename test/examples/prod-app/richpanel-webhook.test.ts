import { sampleTicketWebhook } from '../../../examples/prod-app/fakes/sample-data';
import { orderNumberIn, isOrderStatusText, orderStatusQuestionOf } from '../../../examples/prod-app/processor/order-status-question';
import { renderRichpanelTemplate, richpanelHttpTargetTemplate, RICHPANEL_RULE_TRIGGERS } from '../../../examples/prod-app/processor/richpanel-http-target';
import { parseRichpanelWebhook, RichpanelWebhookRejected } from '../../../examples/prod-app/processor/richpanel-webhook';

describe('the Richpanel webhook schema', () => {
  test('accepts the recommended template, trims, turns blank placeholders into absent fields and keeps unknown fields', () => {
    const parsed = parseRichpanelWebhook({
      ...sampleTicketWebhook(' 42 ', '  where is my order?  '),
      ticket: { ...sampleTicketWebhook('x').ticket as object, id: 42, customer: { email: ' ', lastOrderNumber: 1001, tier: 'vip' } },
      account: { id: 'acc-1' },
    });
    expect(parsed.ticket.id).toBe('42');
    expect(parsed.ticket.customer).toEqual({ email: undefined, lastOrderNumber: '1001', tier: 'vip' });
    expect((parsed as Record<string, unknown>).account).toEqual({ id: 'acc-1' });
  });

  test('a ticket with no customer or message block still parses (nothing to act on)', () => {
    const parsed = parseRichpanelWebhook({ event: 'conversation.created', ticket: { id: 'T1' } });
    expect(parsed.ticket.customer).toEqual({});
    expect(parsed.ticket.lastMessage).toEqual({});
  });

  test.each([
    ['no event type', { ticket: { id: 'T1' } }, 'event is required'],
    ['an unknown event type', { event: 'ticket.deleted', ticket: { id: 'T1' } }, 'event must be one of conversation.created, customer.message'],
    ['no ticket', { event: 'customer.message' }, 'ticket is required'],
    ['a blank ticket id', { event: 'customer.message', ticket: { id: '  ' } }, 'ticket.id must not be empty'],
    ['a ticket id that is an object', { event: 'customer.message', ticket: { id: { nested: 1 } } }, 'ticket.id must be a non-empty string or a number'],
    ['an email that is not one', { event: 'customer.message', ticket: { id: 'T1', customer: { email: 'jane at example' } } }, 'ticket.customer.email must be an email address'],
    ['a message that is not text', { event: 'customer.message', ticket: { id: 'T1', lastMessage: { text: 7 } } }, 'ticket.lastMessage.text must be text'],
  ])('rejects %s, naming the field and never its value', (_case, body, problem) => {
    let rejected: unknown;
    try {
      parseRichpanelWebhook(body);
    } catch (error) {
      rejected = error;
    }
    expect(rejected).toBeInstanceOf(RichpanelWebhookRejected);
    expect((rejected as RichpanelWebhookRejected).problems).toContain(problem);
    expect((rejected as Error).message).toContain('fix the HTTP target template');
    expect((rejected as Error).message).not.toMatch(/jane at example|ticket\.deleted/);
  });
});

describe('order-status questions', () => {
  test.each([
    ['Where is my order?', true],
    ["where's my package", true],
    ['Can you tell me the order status of #1001', true],
    ['I need the tracking number please', true],
    ['When will my order arrive?', true],
    ['Has my order shipped yet?', true],
    ['I want to return my order', false],
    ['Please cancel my subscription', false],
    ['Do you ship to Canada?', false],
  ])('%j → %s', (text, expected) => {
    expect(isOrderStatusText(text)).toBe(expected);
  });

  test.each([
    ['where is my order #1001', '1001'],
    ['order number: 20456 has not arrived', '20456'],
    ['Order no. 3003 status?', '3003'],
    ['where is my order', undefined],
    ['I called 12 times', undefined],
  ])('order number in %j is %s', (text, expected) => {
    expect(orderNumberIn(text)).toBe(expected);
  });

  test('the number in the message wins over the customer\'s last order; email comes along', () => {
    const webhook = parseRichpanelWebhook({
      event: 'customer.message',
      ticket: { id: 'T9', customer: { email: 'a@b.co', lastOrderNumber: '#555' }, lastMessage: { text: 'order status for #777?' } },
    });
    expect(orderStatusQuestionOf(webhook)).toEqual({ ticketId: 'T9', orderNumber: '777', customerEmail: 'a@b.co' });
  });

  test('without a number in the message, the customer\'s last order number is used', () => {
    const webhook = parseRichpanelWebhook({
      event: 'customer.message',
      ticket: { id: 'T9', customer: { lastOrderNumber: '#555' }, lastMessage: { text: 'where is my order' } },
    });
    expect(orderStatusQuestionOf(webhook)).toEqual({ ticketId: 'T9', orderNumber: '555', customerEmail: undefined });
  });

  test('not a question about an order, or no message text: no question', () => {
    expect(orderStatusQuestionOf(parseRichpanelWebhook(sampleTicketWebhook('T1', 'thanks, all good')))).toBeUndefined();
    expect(orderStatusQuestionOf(parseRichpanelWebhook({ event: 'conversation.created', ticket: { id: 'T1' } }))).toBeUndefined();
  });
});

describe('the HTTP-target templates to paste into Richpanel', () => {
  const values = {
    'ticket.id': '8c1f2e',
    'ticket.url': 'https://app.richpanel.com/conversations/8c1f2e',
    'ticket.createdAt': '2026-11-24T12:00:00Z',
    'ticket.customer.name': 'Jane "JD" Doe',
    'ticket.customer.email': 'jane.doe@example.com',
    'ticket.lastMessage.text': 'Hi,\nwhere is my order #1001?',
  };

  test.each(Object.keys(RICHPANEL_RULE_TRIGGERS))('%s renders to a body the schema accepts, ticket id first', (event) => {
    const body = JSON.parse(renderRichpanelTemplate(richpanelHttpTargetTemplate(event as 'customer.message'), values));
    const webhook = parseRichpanelWebhook(body);
    expect(webhook.event).toBe(event);
    expect(webhook.ticket.id).toBe('8c1f2e');
    // No last order number placeholder value: rendered empty, read as absent
    expect(webhook.ticket.customer.lastOrderNumber).toBeUndefined();
    expect(orderStatusQuestionOf(webhook)).toEqual({ ticketId: '8c1f2e', orderNumber: '1001', customerEmail: 'jane.doe@example.com' });
  });
});
