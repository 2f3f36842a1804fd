/*
 * The path of each event through the local pipeline, one step per line:
 * received → enqueued → processed / duplicate / failed / deferred / DLQ. Built from what the
 * front, the event source, the processor and fauxqs saw, so it holds for any handler plugged in.
 * Steps carry ids, codes and timings only: never a body, a header value or the secret.
 */
export type PathStepKind =
  /** The ingress answered 200: SQS has the event. */
  | 'enqueued'
  /** The ingress answered 200 but an ingress filter left it out: not stored, and the sender does not retry. */
  | 'filtered'
  /** Answered 4xx (throttled, too large, unauthenticated, invalid): not stored, the sender must not retry as is. */
  | 'rejected'
  /** Answered 5xx: not stored, the sender retries. */
  | 'not-stored'
  /** The processor ran and the message was deleted. */
  | 'processed'
  /** Deleted without running the processor (already completed). */
  | 'duplicate'
  /** Reported as a batch item failure: back on the queue after the visibility timeout. */
  | 'failed'
  /** The processor asked to retry later (RETRY_LATER). */
  | 'deferred'
  /** The worker invocation threw or timed out: the whole batch comes back. */
  | 'worker-failed'
  /** Moved to the dead-letter queue after maxReceiveCount receives. */
  | 'dlq'
  /** Put on the queue again by a replay (record marked for replay, body sent with a fresh deduplication id). */
  | 'replayed';

export interface PathStep {
  /** Epoch ms (local clock). */
  readonly at: number;
  readonly kind: PathStepKind;
  readonly eventId?: string;
  readonly messageGroupId?: string;
  readonly statusCode?: number;
  /** Request received → answer sent (front steps). */
  readonly ackMs?: number;
  /** Ingress receipt → message deleted (processed). */
  readonly endToEndMs?: number;
  readonly receiveCount?: number;
  /** A short code: why it was rejected or failed. */
  readonly detail?: string;
  /** What the processor answered during this invocation (worker steps): ok, retry-later, failed <ErrorClass> (an answer the worker rejects) or threw <ErrorClass>; absent when it did not run. */
  readonly processorOutcome?: string;
}

const ARROWS: Record<PathStepKind, string> = {
  'enqueued': 'received → enqueued',
  'filtered': 'received → filtered (200, not enqueued)',
  'rejected': 'received → rejected',
  'not-stored': 'received → NOT stored (sender retries)',
  'processed': 'enqueued → processed',
  'duplicate': 'enqueued → duplicate (already completed, not run again)',
  'failed': 'enqueued → failed (back after the visibility timeout)',
  'deferred': 'enqueued → deferred (retry later)',
  'worker-failed': 'enqueued → worker invocation failed (batch comes back)',
  'dlq': 'failed → DLQ',
  'replayed': 'replayed → enqueued again',
};

/** One line for a terminal: time, event, group, step, then the facts. */
export function formatPathStep(step: PathStep): string {
  const time = new Date(step.at).toISOString().slice(11, 23);
  const facts = [
    step.statusCode !== undefined ? String(step.statusCode) : undefined,
    step.detail,
    step.receiveCount !== undefined ? `receive ${step.receiveCount}` : undefined,
    step.ackMs !== undefined ? `ack ${step.ackMs} ms` : undefined,
    step.endToEndMs !== undefined ? `end-to-end ${step.endToEndMs} ms` : undefined,
  ].filter((fact) => fact !== undefined);
  const group = step.messageGroupId !== undefined ? ` [group ${step.messageGroupId}]` : '';
  return `${time} ${step.eventId ?? '-'}${group} ${ARROWS[step.kind]}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`;
}
