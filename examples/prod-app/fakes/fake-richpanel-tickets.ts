/*
 * The fake Richpanel's tickets: a customer message updates a ticket and yields the body Richpanel's
 * HTTP target would push for it (the recommended template, placeholders filled from the ticket as
 * Richpanel fills them); `GET /tickets` lists the tickets newest-first by update time, paged.
 *
 * The listing's item shape is an assumption (Richpanel documents the endpoint, not its fields):
 * the sweep reads it in one place, examples/prod-app/sweep/richpanel-ticket-listing.ts.
 */
import type { FakeReply, FakeRequest } from './fake-http-server';
import { renderRichpanelTemplate, richpanelHttpTargetTemplate } from '../processor/richpanel-http-target';

export interface FakeTicketCustomer {
  readonly name?: string;
  readonly email?: string;
  readonly lastOrderNumber?: string;
}

export interface FakeTicket {
  readonly id: string;
  readonly url: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly status: 'OPEN' | 'CLOSED' | 'SNOOZED';
  readonly customer: FakeTicketCustomer;
  readonly lastCustomerMessage?: { readonly text: string; readonly createdAt: string };
}

export interface CustomerMessage {
  readonly ticketId: string;
  readonly text: string;
  readonly customer?: FakeTicketCustomer;
}

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

/** Richpanel's placeholders as it fills them from a ticket (what the HTTP target's body template sees). */
function placeholderValues(ticket: FakeTicket): Record<string, string> {
  return {
    'ticket.id': ticket.id,
    'ticket.url': ticket.url,
    'ticket.createdAt': ticket.createdAt,
    'ticket.customer.name': ticket.customer.name ?? '',
    'ticket.customer.email': ticket.customer.email ?? '',
    'ticket.customer.lastOrderNumber': ticket.customer.lastOrderNumber ?? '',
    'ticket.lastMessage.text': ticket.lastCustomerMessage?.text ?? '',
    'ticket.lastMessage.createdAt': ticket.lastCustomerMessage?.createdAt ?? '',
  };
}

export class FakeTicketStore {
  public readonly tickets = new Map<string, FakeTicket>();
  private lastStampMs = 0;

  constructor(private readonly now: () => number) {}

  /** The customer writes: the ticket is created or updated, and the body the HTTP target pushes is returned. */
  public customerMessage(message: CustomerMessage): { readonly ticket: FakeTicket; readonly push: string } {
    // Two messages never share a millisecond: Richpanel's timestamps tell them apart, and so must ours.
    const at = new Date(this.lastStampMs = Math.max(this.now(), this.lastStampMs + 1)).toISOString();
    const before = this.tickets.get(message.ticketId);
    const ticket: FakeTicket = {
      id: message.ticketId,
      url: `https://app.richpanel.com/conversations/${message.ticketId}`,
      createdAt: before?.createdAt ?? at,
      updatedAt: at,
      status: 'OPEN',
      customer: { ...before?.customer, ...message.customer },
      lastCustomerMessage: { text: message.text, createdAt: at },
    };
    this.tickets.set(ticket.id, ticket);
    return { ticket, push: renderRichpanelTemplate(richpanelHttpTargetTemplate('customer.message'), placeholderValues(ticket)) };
  }

  /** `GET /tickets?page=1&per_page=20&sortKey=updatedAt&order=desc`: other sort orders are refused (400). */
  public listing(request: FakeRequest): FakeReply {
    const page = Number(request.query.get('page') ?? '1');
    const perPage = Number(request.query.get('per_page') ?? String(DEFAULT_PAGE_SIZE));
    const sortKey = request.query.get('sortKey') ?? 'updatedAt';
    const order = request.query.get('order') ?? 'desc';
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PAGE_SIZE) {
      return { status: 400, body: { error: `page must be 1 or more, per_page 1 to ${MAX_PAGE_SIZE}` } };
    }
    if (sortKey !== 'updatedAt' || order !== 'desc') return { status: 400, body: { error: 'this fake lists by updatedAt, newest first, only' } };
    const newestFirst = [...this.tickets.values()].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    const tickets = newestFirst.slice((page - 1) * perPage, page * perPage);
    return { status: 200, body: { tickets, page, per_page: perPage, total: newestFirst.length } };
  }
}
