/*
 * The middleware's reconciliation sweep source: `GET /tickets` newest-first by update time, paged,
 * each ticket with a customer message rendered to the body the recommended HTTP target template
 * pushes (same template, placeholders filled from the listing), so the ingress's id fields
 * (EVENT_ID_POINTERS: ticket id + the message's timestamp) come out the same and a delivered push
 * collapses with its sweep copy.
 *
 * Every page is one Richpanel call through the processor's outbound manners (callJson): a token
 * from the shared `richpanel` bucket first, so sweep and processor together stay under 50 requests
 * per 30 s; an empty bucket or a 429 defers the run (the next one re-reads the same page), never drops.
 *
 * Assumed listing fields (Richpanel documents the endpoint and its page/per_page/sortKey/order
 * parameters, not the item shape): `id`, `updatedAt`, `url`, `createdAt`, `customer`,
 * `lastCustomerMessage: { text, createdAt }`. Only this file reads them. A ticket yields its latest
 * customer message only: two lost pushes of one ticket between sweeps recover as the later one.
 */
import * as v from 'valibot';
import type { SweepPage, SweepPageRequest, SweepSource } from '../../../src/runtime';
import { callJson, OutboundCallPolicy } from '../processor/outbound-call';
import { RetryLaterError } from '../processor/outbound-errors';
import { RICHPANEL_BUCKET } from '../processor/rate-limits';
import { RICHPANEL_API_BASE_URL } from '../processor/richpanel-api';
import { renderRichpanelTemplate, richpanelHttpTargetTemplate } from '../processor/richpanel-http-target';

/** Richpanel's largest documented page is not known: 50 keeps one run's calls few and each answer small. */
export const DEFAULT_PAGE_SIZE = 50;

const Text = v.pipe(v.union([v.string(), v.number()]), v.transform(String));
const Timestamp = v.pipe(v.string(), v.check((text) => Number.isFinite(Date.parse(text)), 'must be an ISO-8601 time'));

const ListingSchema = v.looseObject({
  tickets: v.array(v.looseObject({
    id: v.pipe(Text, v.nonEmpty()),
    updatedAt: Timestamp,
    url: v.optional(v.string()),
    createdAt: v.optional(v.string()),
    customer: v.optional(v.nullable(v.looseObject({
      name: v.optional(v.nullable(v.string())), email: v.optional(v.nullable(v.string())), lastOrderNumber: v.optional(v.nullable(Text)),
    }))),
    lastCustomerMessage: v.optional(v.nullable(v.looseObject({ text: v.string(), createdAt: v.string() }))),
  })),
});

type ListedTicket = v.InferOutput<typeof ListingSchema>['tickets'][number];

/** The placeholders of the HTTP target template, filled from a listed ticket. */
function templateValues(ticket: ListedTicket, message: { text: string; createdAt: string }): Record<string, string> {
  return {
    'ticket.id': ticket.id,
    'ticket.url': ticket.url ?? '',
    'ticket.createdAt': ticket.createdAt ?? '',
    'ticket.customer.name': ticket.customer?.name ?? '',
    'ticket.customer.email': ticket.customer?.email ?? '',
    'ticket.customer.lastOrderNumber': ticket.customer?.lastOrderNumber ?? '',
    'ticket.lastMessage.text': message.text,
    'ticket.lastMessage.createdAt': message.createdAt,
  };
}

/** The body the "customer sends a message" HTTP target pushes for the ticket's latest customer message. */
export function renderSweptTicket(ticket: ListedTicket, message: { text: string; createdAt: string }): string {
  return renderRichpanelTemplate(richpanelHttpTargetTemplate('customer.message'), templateValues(ticket, message));
}

export interface RichpanelTicketSourceOptions {
  /** The processor's call policy with the shared limiter (DynamoDbRateLimiter on the pipeline's table). */
  readonly policy: OutboundCallPolicy;
  readonly apiKey: () => Promise<string>;
  /** @default RICHPANEL_API_BASE_URL */
  readonly baseUrl?: string;
  /** Keep it constant: a resumed run's page number means the same slice. @default DEFAULT_PAGE_SIZE */
  readonly pageSize?: number;
}

export class RichpanelTicketSource implements SweepSource {
  private readonly baseUrl: string;
  private readonly pageSize: number;

  constructor(private readonly options: RichpanelTicketSourceOptions) {
    this.baseUrl = (options.baseUrl ?? RICHPANEL_API_BASE_URL).replace(/\/+$/, '');
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  }

  public async listPage(request: SweepPageRequest): Promise<SweepPage> {
    const page = Number(request.pageToken ?? '1');
    let tickets: ListedTicket[];
    try {
      const result = await callJson(this.options.policy, {
        api: 'Richpanel',
        bucket: RICHPANEL_BUCKET,
        method: 'GET',
        url: `${this.baseUrl}/tickets?page=${page}&per_page=${this.pageSize}&sortKey=updatedAt&order=desc`,
        what: 'GET /tickets',
        headers: { 'x-richpanel-key': await this.options.apiKey() },
        schema: ListingSchema,
      });
      tickets = result.found ? result.value.tickets : [];
    } catch (error) {
      if (error instanceof RetryLaterError) return { retryAfterMs: error.retryAfterSeconds * 1000 };
      throw error;
    }
    const updatedAt = (ticket: ListedTicket) => Date.parse(ticket.updatedAt);
    const candidates = tickets
      .filter((ticket) => updatedAt(ticket) >= request.fromMs && updatedAt(ticket) < request.untilMs)
      .flatMap((ticket) => (ticket.lastCustomerMessage ? [{ event: renderSweptTicket(ticket, ticket.lastCustomerMessage) }] : []));
    const last = tickets[tickets.length - 1];
    const more = tickets.length === this.pageSize && updatedAt(last) >= request.fromMs;
    return { candidates, nextPageToken: more ? String(page + 1) : undefined };
  }
}
