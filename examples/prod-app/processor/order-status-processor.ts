/*
 * The middleware's processor: for an order-status question, look the order up (Richpanel's own
 * order data first, Shopify as fallback) and post a private note with the status on the ticket,
 * at most once per event. Everything else is acknowledged without a call.
 */
import { orderStatusNote, noteMarker, OrderLookup } from './order-status-note';
import { OrderStatusQuestion, orderStatusQuestionOf } from './order-status-question';
import { DownstreamUnavailableError, RetryLaterError } from './outbound-errors';
import { RichpanelApi } from './richpanel-api';
import { parseRichpanelWebhook } from './richpanel-webhook';
import { ShopifyApi } from './shopify-api';
import { AuditLog } from '../../../lambda/core/audit-log';
import {
  PROCESSOR_OUTCOME_PROCESSED, PROCESSOR_OUTCOME_RETRY_LATER, ProcessorRequestPayload,
} from '../../../src/private/runtime-contract';

export type ProcessorAnswer =
  | { readonly outcome: typeof PROCESSOR_OUTCOME_PROCESSED }
  | { readonly outcome: typeof PROCESSOR_OUTCOME_RETRY_LATER; readonly retryAfterSeconds: number };

export interface OrderStatusProcessorDependencies {
  readonly richpanel: RichpanelApi;
  /** Absent: no Shopify fallback (Richpanel's order data only). */
  readonly shopify?: ShopifyApi;
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
      const result = await this.answer(request.eventId, question);
      this.deps.log.info('order status answered', { ...fields, reason: result });
      return PROCESSED;
    } catch (error) {
      if (error instanceof RetryLaterError) {
        this.deps.log.info('order status deferred', { ...fields, reason: 'rate-limited', retryAfterSeconds: error.retryAfterSeconds });
        return { outcome: PROCESSOR_OUTCOME_RETRY_LATER, retryAfterSeconds: error.retryAfterSeconds };
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
  private async answer(eventId: string, question: OrderStatusQuestion): Promise<string> {
    const marker = noteMarker(eventId);
    if (await this.notePosted(question.ticketId, marker)) return 'note-already-posted';
    const lookup = await this.lookUp(question);
    const note = orderStatusNote(eventId, lookup);
    const rounds = this.deps.noteRounds ?? 3;
    for (let round = 1; ; round++) {
      try {
        await this.deps.richpanel.postPrivateNote(question.ticketId, note);
        return `note-posted-${lookup.source.toLowerCase()}`;
      } catch (error) {
        if (!(error instanceof DownstreamUnavailableError) || round >= rounds) throw error;
      }
      // The failed POST may have landed (a timeout after Richpanel stored it): look before posting again.
      if (await this.notePosted(question.ticketId, marker)) return 'note-already-posted';
    }
  }

  private async notePosted(ticketId: string, marker: string): Promise<boolean> {
    return (await this.deps.richpanel.commentBodies(ticketId)).some((body) => body.includes(marker));
  }

  private async lookUp(question: OrderStatusQuestion): Promise<OrderLookup> {
    const fromRichpanel = await this.deps.richpanel.orderFor(question.ticketId);
    if (fromRichpanel && (fromRichpanel.status || fromRichpanel.fulfillmentStatus)) {
      return { source: 'Richpanel', order: fromRichpanel };
    }
    const shopify = this.deps.shopify;
    if (question.orderNumber !== undefined) {
      const order = await shopify?.orderByNumber(question.orderNumber);
      return order ? { source: 'Shopify', order } : { source: 'none', searchedBy: 'order number' };
    }
    if (question.customerEmail !== undefined) {
      const order = await shopify?.latestOrderOf(question.customerEmail);
      return order ? { source: 'Shopify', order } : { source: 'none', searchedBy: 'customer email' };
    }
    return { source: 'none', searchedBy: 'nothing to search by' };
  }
}
