/*
 * The three Richpanel API calls the middleware makes (base https://api.richpanel.com/v1, header
 * x-richpanel-key). Response shapes are read loosely: only the fields used here are checked.
 */
import * as v from 'valibot';
import { callJson, OutboundCallPolicy } from './outbound-call';
import { pathSegment } from './path-segment';
import { RICHPANEL_BUCKET } from './rate-limits';

export const RICHPANEL_API_BASE_URL = 'https://api.richpanel.com/v1';
const API = 'Richpanel';

const TicketSchema = v.looseObject({
  ticket: v.looseObject({
    comments: v.optional(v.array(v.looseObject({ body: v.optional(v.nullable(v.string())) })), []),
  }),
});

/** Richpanel's order data for a conversation (from its Shopify integration): all optional. */
const RichpanelOrderSchema = v.looseObject({
  order: v.optional(v.nullable(v.looseObject({
    orderNumber: v.optional(v.union([v.string(), v.number()])),
    status: v.optional(v.string()),
    fulfillmentStatus: v.optional(v.nullable(v.string())),
    trackingNumber: v.optional(v.nullable(v.string())),
    trackingUrl: v.optional(v.nullable(v.string())),
  }))),
});

export type RichpanelOrder = NonNullable<v.InferOutput<typeof RichpanelOrderSchema>['order']>;

const CommentCreatedSchema = v.unknown();

export interface RichpanelApiOptions {
  readonly policy: OutboundCallPolicy;
  readonly apiKey: () => Promise<string>;
  /** @default RICHPANEL_API_BASE_URL */
  readonly baseUrl?: string;
}

export class RichpanelApi {
  private readonly baseUrl: string;

  constructor(private readonly options: RichpanelApiOptions) {
    this.baseUrl = (options.baseUrl ?? RICHPANEL_API_BASE_URL).replace(/\/+$/, '');
  }

  /** The bodies of the ticket's comments (notes included), to find a note already posted. */
  public async commentBodies(ticketId: string): Promise<string[]> {
    const result = await this.call('GET', `/tickets/${pathSegment(API, 'ticket id', ticketId)}`, 'GET /tickets/{id}', TicketSchema);
    if (!result.found) return [];
    return result.value.ticket.comments.flatMap((comment) => (typeof comment.body === 'string' ? [comment.body] : []));
  }

  /** Richpanel's own order data for the conversation; undefined when it has none. */
  public async orderFor(conversationId: string): Promise<RichpanelOrder | undefined> {
    const result = await this.call('GET', `/order/${pathSegment(API, 'conversation id', conversationId)}`, 'GET /order/{conversationId}', RichpanelOrderSchema);
    return result.found ? result.value.order ?? undefined : undefined;
  }

  /**
   * A private note: visible to agents, never sent to the customer. One attempt only: after a
   * timeout the note may exist, so the caller looks for it before posting again.
   */
  public async postPrivateNote(ticketId: string, body: string): Promise<void> {
    await this.call('POST', `/tickets/${pathSegment(API, 'ticket id', ticketId)}/comments`, 'POST /tickets/{id}/comments', CommentCreatedSchema, {
      comment: { sender_type: 'operator', is_private: true, body },
    });
  }

  private async call<T>(method: 'GET' | 'POST', path: string, what: string, schema: v.GenericSchema<unknown, T>, body?: unknown) {
    const isRead = method === 'GET';
    return callJson(this.options.policy, {
      api: API,
      bucket: RICHPANEL_BUCKET,
      method,
      url: `${this.baseUrl}${path}`,
      what,
      headers: { 'x-richpanel-key': await this.options.apiKey() },
      body,
      schema,
      maxAttempts: isRead ? undefined : 1,
      // A ticket or order Richpanel does not know: nothing to read, not a failure.
      absentStatuses: isRead ? [404] : [],
    });
  }
}
