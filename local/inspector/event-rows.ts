/*
 * The inspector's rows: the path recorder's steps folded into one row per event (steps without
 * an event id, e.g. a 401, are one row each), newest activity first. Ids, codes and timings
 * only, as in the steps themselves: never a body, a header value or the secret.
 */
import { PathStep, PathStepKind } from '../event-path';

export interface InspectorEvent {
  /** The event id, or `request-<n>` for a request the ingress refused before it had one. */
  readonly key: string;
  readonly eventId?: string;
  readonly messageGroupId?: string;
  /** Every step so far, oldest first (received → enqueued → processed, ...). */
  readonly path: readonly PathStepKind[];
  /** The last step: where the event is now. */
  readonly status: PathStepKind;
  /** Deliveries to the worker so far (the highest SQS receive count seen). */
  readonly attempts: number;
  /** Epoch ms (local clock) of the first and the last step. */
  readonly firstAt: number;
  readonly lastAt: number;
  /** What the sender got back. */
  readonly statusCode?: number;
  readonly ackMs?: number;
  /** Ingress receipt → deleted, of the last processed delivery. */
  readonly endToEndMs?: number;
  /** The processor's answer on the last delivery it ran (ok, retry-later, failed <ErrorClass>, threw <ErrorClass>). */
  readonly processorOutcome?: string;
  /** The last step's short reason (why rejected or failed). */
  readonly detail?: string;
}

/** Steps that end a delivery's path: the events a replay makes sense for. */
export const REPLAYABLE_STATUSES: ReadonlySet<PathStepKind> = new Set<PathStepKind>(['processed', 'duplicate', 'failed', 'dlq', 'deferred']);

interface Draft {
  key: string;
  eventId?: string;
  messageGroupId?: string;
  path: PathStepKind[];
  attempts: number;
  firstAt: number;
  lastAt: number;
  statusCode?: number;
  ackMs?: number;
  endToEndMs?: number;
  processorOutcome?: string;
  detail?: string;
}

/** The `limit` events with the latest activity, newest first. */
export function inspectorEvents(steps: readonly PathStep[], limit: number): InspectorEvent[] {
  const drafts = new Map<string, Draft>();
  steps.forEach((step, index) => {
    const key = step.eventId ?? `request-${index + 1}`;
    let draft = drafts.get(key);
    if (!draft) {
      draft = { key, eventId: step.eventId, path: [], attempts: 0, firstAt: step.at, lastAt: step.at };
      drafts.set(key, draft);
    }
    draft.path.push(step.kind);
    draft.lastAt = step.at;
    draft.messageGroupId = step.messageGroupId ?? draft.messageGroupId;
    draft.attempts = Math.max(draft.attempts, step.receiveCount ?? 0);
    if (step.statusCode !== undefined && draft.statusCode === undefined) {
      draft.statusCode = step.statusCode;
      draft.ackMs = step.ackMs;
    }
    draft.endToEndMs = step.endToEndMs ?? draft.endToEndMs;
    draft.processorOutcome = step.processorOutcome ?? draft.processorOutcome;
    draft.detail = step.detail;
  });
  return [...drafts.values()]
    .sort((a, b) => b.lastAt - a.lastAt)
    .slice(0, limit)
    .map((draft) => ({ ...draft, status: draft.path[draft.path.length - 1] }));
}
