/*
 * The middleware's processor: for an order-status question, look the order up (Richpanel's own
 * order data first, Shopify as fallback) and post a private note with the status on the ticket,
 * at most once per event. Everything else is acknowledged without a call.
 */
import { orderStatusNote, noteMarker, OrderLookup } from './order-status-note';
import { OrderStatusQuestion, orderStatusQuestionOf } from './order-status-question';
import { DownstreamUnavailableError, RetryLaterError } from './outbound-errors';
import { PrepaidLimiter } from './prepaid-limiter';
import { RICHPANEL_BUCKET } from './rate-limits';
import { RichpanelApi } from './richpanel-api';
import { parseRichpanelWebhook } from './richpanel-webhook';
import { ShopifyApi } from './shopify-api';
import { PROCESSOR_OUTCOME_PROCESSED, PROCESSOR_OUTCOME_RETRY_LATER } from '../../../src/runtime';
import type { ProcessorRequestPayload, RateLimiter } from '../../../src/runtime';
import { AuditLog } from '../../../src/runtime/observability/audit-log';

export type ProcessorAnswer =
  | { readonly outcome: typeof PROCESSOR_OUTCOME_PROCESSED }
  | { readonly outcome: typeof PROCESSOR_OUTCOME_RETRY_LATER; readonly retryAfterSeconds: number };

export interface DownstreamApis {
  readonly richpanel: RichpanelApi;
  /** Absent: no Shopify fallback (Richpanel's order data only). */
  readonly shopify?: ShopifyApi;
}

export interface OrderStatusProcessorDependencies {
  /** The shared outbound limiter (the pipeline's state table). */
  readonly limiter: RateLimiter;
  /** The APIs for one event, calling through `limiter` (the event's reservation first). */
  readonly connect: (limiter: RateLimiter) => DownstreamApis;
  /** Spread unit of rate-limit deferrals (see rateLimitedRetryAfterSeconds). */
  readonly deferralUnitSeconds: number;
  readonly log: AuditLog;
  /** Times the note is tried (looking for it first each time) before the event is retried later. */
  readonly noteRounds?: number;
  readonly random?: () => number;
}

/** Backoff of an event whose downstream stayed unavailable: 30 s doubling per attempt, 15 min at most, jittered. */
export function unavailableRetryAfterSeconds(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(900, 30 * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.ceil(ceiling * (0.5 + random() / 2)));
}

/** The longest random spread added to a rate-limit deferral. */
export const MAX_DEFERRAL_SPREAD_SECONDS = 900;

/**
 * A rate-limit deferral: the delay the limit asks for, plus a random spread of up to
 * `unitSeconds` × 2^attempt (15 min at most). Events refused together would otherwise all come
 * back in the same second, collide again, and spend their receives toward the queue's
 * maxReceiveCount; the doubling follows the congestion that repeated refusals reveal. The unit is
 * the time the bucket takes to refill its burst, so the spread scales with the API's limit.
 */
export function rateLimitedRetryAfterSeconds(
  retryAfterSeconds: number, attempt: number, unitSeconds: number, random: () => number = Math.random,
): number {
  const spread = Math.min(MAX_DEFERRAL_SPREAD_SECONDS, unitSeconds * 2 ** Math.max(1, attempt));
  return retryAfterSeconds + Math.floor(random() * spread);
}

const PROCESSED: ProcessorAnswer = { outcome: PROCESSOR_OUTCOME_PROCESSED };

export class OrderStatusProcessor {
  constructor(private readonly deps: OrderStatusProcessorDependencies) {}

  public async process(request: ProcessorRequestPayload): Promise<ProcessorAnswer> {
    const fields = { eventId: request.eventId, messageGroupId: request.messageGroupId, attempt: request.attempt };
    // A body the template contract rejects throws: retries cannot fix it, the DLQ shows it.
    const question = orderStatusQuestionOf(parseRichpanelWebhook(request.payload));
    if (!question) {
      this.deps.log.info('event needs no action', { ...fields, reason: 'not-order-status' });
      return PROCESSED;
    }
    try {
      // Attempt 1 cannot have posted before (the worker counts every claim), so it skips the lookup
      // for an earlier note: order data + note = 2 Richpanel calls; a rerun looks first: 3.
      const mayHavePosted = request.attempt > 1;
      const calls = mayHavePosted ? 3 : 2;
      const reservation = await this.deps.limiter.acquire(RICHPANEL_BUCKET, calls);
      if (!reservation.granted) {
        throw new RetryLaterError('Richpanel', Math.max(1, Math.ceil(reservation.retryAfterMs / 1000)), `rate limit bucket ${RICHPANEL_BUCKET}`);
      }
      const apis = this.deps.connect(new PrepaidLimiter(this.deps.limiter, RICHPANEL_BUCKET, calls));
      const result = await this.answer(apis, request.eventId, question, mayHavePosted);
      this.deps.log.info('order status answered', { ...fields, reason: result });
      return PROCESSED;
    } catch (error) {
      if (error instanceof RetryLaterError) {
        const { deferralUnitSeconds, random } = this.deps;
        const retryAfterSeconds = rateLimitedRetryAfterSeconds(error.retryAfterSeconds, request.attempt, deferralUnitSeconds, random);
        this.deps.log.info('order status deferred', { ...fields, reason: 'rate-limited', retryAfterSeconds });
        return { outcome: PROCESSOR_OUTCOME_RETRY_LATER, retryAfterSeconds };
      }
      if (error instanceof DownstreamUnavailableError) {
        const retryAfterSeconds = unavailableRetryAfterSeconds(request.attempt, this.deps.random);
        this.deps.log.warn('order status deferred', { ...fields, reason: 'downstream-unavailable', errorClass: error.name, retryAfterSeconds });
        return { outcome: PROCESSOR_OUTCOME_RETRY_LATER, retryAfterSeconds };
      }
      throw error;
    }
  }

  /** 'note-already-posted' | 'note-posted-<source>'. */
  private async answer(apis: DownstreamApis, eventId: string, question: OrderStatusQuestion, mayHavePosted: boolean): Promise<string> {
    const { richpanel } = apis;
    const marker = noteMarker(eventId);
    const notePosted = async () => (await richpanel.commentBodies(question.ticketId)).some((body) => body.includes(marker));
    if (mayHavePosted && await notePosted()) return 'note-already-posted';
    const lookup = await this.lookUp(apis, question);
    const note = orderStatusNote(eventId, lookup);
    const rounds = this.deps.noteRounds ?? 3;
    for (let round = 1; ; round++) {
      try {
        await richpanel.postPrivateNote(question.ticketId, note);
        return `note-posted-${lookup.source.toLowerCase()}`;
      } catch (error) {
        if (!(error instanceof DownstreamUnavailableError) || round >= rounds) throw error;
      }
      // The failed POST may have landed (a timeout after Richpanel stored it): look before posting again.
      if (await notePosted()) return 'note-already-posted';
    }
  }

  private async lookUp({ richpanel, shopify }: DownstreamApis, question: OrderStatusQuestion): Promise<OrderLookup> {
    const fromRichpanel = await richpanel.orderFor(question.ticketId);
    if (fromRichpanel && (fromRichpanel.status || fromRichpanel.fulfillmentStatus)) {
      return { source: 'Richpanel', order: fromRichpanel };
    }
    if (question.orderNumber !== undefined) {
      // An order number alone proves nothing: the order must be this customer's (ShopifyApi matches the email).
      if (question.customerEmail === undefined) return { source: 'none', searchedBy: 'order number without a customer email' };
      const order = await shopify?.orderByNumber(question.orderNumber, question.customerEmail);
      return order ? { source: 'Shopify', order } : { source: 'none', searchedBy: 'order number' };
    }
    if (question.customerEmail !== undefined) {
      const order = await shopify?.latestOrderOf(question.customerEmail);
      return order ? { source: 'Shopify', order } : { source: 'none', searchedBy: 'customer email' };
    }
    return { source: 'none', searchedBy: 'nothing to search by' };
  }
}
