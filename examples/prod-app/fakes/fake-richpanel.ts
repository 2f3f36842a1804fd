/*
 * A fake Richpanel API on loopback: tickets with comments, Richpanel's order data per conversation,
 * the x-richpanel-key check, and the account limit (N requests in any window of W seconds, then
 * 429 with Retry-After and X-RateLimit-* headers). Records every note posted and the busiest window.
 */
import { Fault, FakeHttpServer, FakeRequest, FakeReply, startFakeHttpServer } from './fake-http-server';
import { FakeTicketStore } from './fake-richpanel-tickets';

export const RICHPANEL_ROUTES = {
  tickets: 'GET /tickets',
  ticket: 'GET /tickets/{id}',
  order: 'GET /order/{conversationId}',
  comment: 'POST /tickets/{id}/comments',
} as const;

export interface FakeRichpanelOrder {
  readonly orderNumber?: string;
  readonly status?: string;
  readonly fulfillmentStatus?: string;
  readonly trackingNumber?: string;
  readonly trackingUrl?: string;
}

export interface PostedNote {
  readonly ticketId: string;
  readonly body: string;
  readonly isPrivate: boolean;
}

export interface FakeRichpanelOptions {
  readonly apiKey: string;
  /** @default 50 (Richpanel's documented limit per 30 s) */
  readonly limit?: number;
  /** @default 30 */
  readonly windowSeconds?: number;
  /** Richpanel's order data by conversation (ticket) id. */
  readonly orders?: Readonly<Record<string, FakeRichpanelOrder>>;
  readonly now?: () => number;
  /** Called with each note as it is stored. */
  readonly onNote?: (note: PostedNote) => void;
}

export interface FakeRichpanel {
  /** Base URL, as RICHPANEL_API_BASE_URL (`…/v1`). */
  readonly baseUrl: string;
  readonly notes: PostedNote[];
  /** The tickets `GET /tickets` lists; a customer message updates one and returns the HTTP target's push. */
  readonly tickets: FakeTicketStore;
  /** Epoch ms of every request the rate limit admitted, in order (the account's real load). */
  readonly admittedAt: readonly number[];
  /** Requests answered 429 by the rate limit. */
  readonly rateLimited: () => number;
  /** The most requests admitted within any one window so far. */
  readonly busiestWindow: () => number;
  /** Requests received per route, refusals and faults included. */
  readonly requestCounts: Map<string, number>;
  /** Every request as it arrived, routed or not (method, raw path, headers). */
  readonly received: FakeHttpServer['received'];
  fail(route: string, ...faults: Fault[]): void;
  close(): Promise<void>;
}

function routeOf(request: FakeRequest): string | undefined {
  const path = request.path.replace(/^\/v1/, '');
  if (request.method === 'GET' && path === '/tickets') return RICHPANEL_ROUTES.tickets;
  if (request.method === 'GET' && /^\/tickets\/[^/]+$/.test(path)) return RICHPANEL_ROUTES.ticket;
  if (request.method === 'GET' && /^\/order\/[^/]+$/.test(path)) return RICHPANEL_ROUTES.order;
  if (request.method === 'POST' && /^\/tickets\/[^/]+\/comments$/.test(path)) return RICHPANEL_ROUTES.comment;
  return undefined;
}

function idIn(request: FakeRequest, index: number): string {
  return decodeURIComponent(request.path.replace(/^\/v1/, '').split('/')[index]);
}

function commentOf(json: unknown): { body: string; isPrivate: boolean } | undefined {
  const comment = (json as { comment?: { body?: unknown; is_private?: unknown } } | undefined)?.comment;
  return typeof comment?.body === 'string' ? { body: comment.body, isPrivate: comment.is_private === true } : undefined;
}

export async function startFakeRichpanel(options: FakeRichpanelOptions): Promise<FakeRichpanel> {
  const limit = options.limit ?? 50;
  const windowMs = (options.windowSeconds ?? 30) * 1000;
  const now = options.now ?? Date.now;
  const notes: PostedNote[] = [];
  const tickets = new FakeTicketStore(now);
  const admitted: number[] = [];
  const admittedAt: number[] = [];
  let rateLimited = 0;
  let busiestWindow = 0;

  // A sliding window: the strictest reading of "50 requests per 30 s".
  function admit(request: FakeRequest): FakeReply | undefined {
    if (request.headers['x-richpanel-key'] !== options.apiKey) return { status: 401, body: { error: 'invalid api key' } };
    const at = now();
    while (admitted.length > 0 && admitted[0] <= at - windowMs) admitted.shift();
    const headers = { 'x-ratelimit-limit': String(limit) };
    if (admitted.length >= limit) {
      rateLimited++;
      const retryAfter = Math.max(1, Math.ceil((admitted[0] + windowMs - at) / 1000));
      return { status: 429, headers: { ...headers, 'x-ratelimit-remaining': '0', 'retry-after': String(retryAfter) }, body: { error: 'rate limit exceeded' } };
    }
    admitted.push(at);
    admittedAt.push(at);
    busiestWindow = Math.max(busiestWindow, admitted.length);
    return undefined;
  }

  function handle(request: FakeRequest, route: string): FakeReply {
    switch (route) {
      case RICHPANEL_ROUTES.tickets:
        return tickets.listing(request);
      case RICHPANEL_ROUTES.ticket: {
        const ticketId = idIn(request, 2);
        const comments = notes.filter((note) => note.ticketId === ticketId).map((note) => ({ body: note.body, is_private: note.isPrivate }));
        return { status: 200, body: { ticket: { id: ticketId, status: 'OPEN', comments } } };
      }
      case RICHPANEL_ROUTES.order: {
        const order = options.orders?.[idIn(request, 2)];
        return order ? { status: 200, body: { order } } : { status: 404, body: { error: 'order not found' } };
      }
      default: {
        const comment = commentOf(request.json);
        if (!comment) return { status: 400, body: { error: 'comment.body is required' } };
        const note = { ticketId: idIn(request, 2), ...comment };
        notes.push(note);
        options.onNote?.(note);
        return { status: 201, body: { ticket: { id: idIn(request, 2) } } };
      }
    }
  }

  const server: FakeHttpServer = await startFakeHttpServer(routeOf, handle, admit);
  return {
    baseUrl: `${server.url}/v1`,
    notes,
    tickets,
    admittedAt,
    rateLimited: () => rateLimited,
    busiestWindow: () => busiestWindow,
    fail: server.fail,
    requestCounts: server.requestCounts,
    received: server.received,
    close: server.close,
  };
}
