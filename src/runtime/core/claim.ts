/*
 * The idempotency state machine of one event, free of AWS: which stored record may be claimed,
 * and the DynamoDB expressions that claim, complete and fail it.
 *
 * The claim condition and `decideClaim` encode the same rule twice (once for DynamoDB, once for
 * classifying a refused claim); the tests pin them together.
 */
import { EVENT_KEY_PREFIX, EVENT_STATUS, EventStatus, idempotencyKeyOf, RECORD_ATTRIBUTE } from '../../contract';

export type { EventStatus } from '../../contract';

/** The fields of a stored idempotency record that decide whether it can be claimed. */
export interface IdempotencyRecord {
  readonly status?: string;
  readonly leaseOwner?: string;
  /** Epoch milliseconds. */
  readonly leaseExpiresAt?: number;
  readonly attempts?: number;
  /** TTL, epoch seconds. */
  readonly expiresAt?: number;
  /** The lease owner whose write made the record COMPLETED or FAILED (recognises a retried write of its own). */
  readonly releasedBy?: string;
  /** Replay runs that claimed the event (the history `status` shows). */
  readonly replayRuns?: readonly string[];
  /** Replay runs whose claim ended COMPLETED: a further delivery of the same run is a duplicate. */
  readonly completedReplayRuns?: readonly string[];
}

/** OWN_CLAIM: the record holds the caller's own live lease (its earlier claim write landed, the answer was lost). */
export type ClaimDecision = 'CLAIMABLE' | 'DUPLICATE_COMPLETED' | 'HELD_BY_LIVE_LEASE' | 'OWN_CLAIM';

export function epochSeconds(nowMs: number): number {
  return Math.floor(nowMs / 1000);
}

/**
 * DynamoDB TTL deletes lazily (up to days late), so an expired record counts as absent; a FAILED
 * record or an IN_PROGRESS record whose lease ran out may be claimed again. `leaseOwner`: the
 * caller, so that a claim write the SDK retried after a lost answer is recognised as its own.
 */
export function decideClaim(record: IdempotencyRecord | undefined, nowMs: number, leaseOwner?: string, replayRunId?: string): ClaimDecision {
  if (record === undefined) return 'CLAIMABLE';
  if (record.expiresAt !== undefined && record.expiresAt < epochSeconds(nowMs)) return 'CLAIMABLE';
  if (record.status === EVENT_STATUS.inProgress && leaseOwner !== undefined && record.leaseOwner === leaseOwner) return 'OWN_CLAIM';
  if (record.status === EVENT_STATUS.failed) return 'CLAIMABLE';
  // Replay epochs: a replay run is a new effect once; its own repeats (and every non-replay delivery) are duplicates.
  if (record.status === EVENT_STATUS.completed) {
    return replayRunId !== undefined && !(record.completedReplayRuns ?? []).includes(replayRunId) ? 'CLAIMABLE' : 'DUPLICATE_COMPLETED';
  }
  if (record.status === EVENT_STATUS.inProgress && record.leaseExpiresAt !== undefined && record.leaseExpiresAt < nowMs) {
    return 'CLAIMABLE';
  }
  // A live lease, or a state this version does not know: never risk running the event twice.
  return 'HELD_BY_LIVE_LEASE';
}

/** Whole seconds until a lease runs out (at least 0), for a message's visibility delay. */
export function remainingLeaseSeconds(record: IdempotencyRecord | undefined, nowMs: number): number | undefined {
  if (record?.leaseExpiresAt === undefined) return undefined;
  return Math.max(0, Math.ceil((record.leaseExpiresAt - nowMs) / 1000));
}

/** The record's key: the pipeline's prefix (`event#<namespace>#`, see eventKeyPrefixOf) + the event id. */
export function eventKey(eventId: string, keyPrefix: string = EVENT_KEY_PREFIX): string {
  return idempotencyKeyOf(keyPrefix, eventId);
}

/** A string array is a DynamoDB string set (for ADD). */
export type ExpressionValue = string | number | readonly string[];

/** A DynamoDB update with plain values; the adapter marshals them. */
export interface UpdateSpec {
  readonly updateExpression: string;
  readonly conditionExpression: string;
  readonly names: Record<string, string>;
  readonly values: Record<string, ExpressionValue>;
}

/** Expression placeholders of the record's attributes (RECORD_ATTRIBUTE): `#status` stands for `status`, and so on. */
const NAMES = {
  '#pk': RECORD_ATTRIBUTE.key,
  '#expiresAt': RECORD_ATTRIBUTE.expiresAt,
  '#status': RECORD_ATTRIBUTE.status,
  '#leaseOwner': RECORD_ATTRIBUTE.leaseOwner,
  '#leaseExpiresAt': RECORD_ATTRIBUTE.leaseExpiresAt,
  '#attempts': RECORD_ATTRIBUTE.attempts,
  '#messageGroupId': RECORD_ATTRIBUTE.messageGroupId,
  '#firstClaimedAt': RECORD_ATTRIBUTE.firstClaimedAt,
  '#updatedAt': RECORD_ATTRIBUTE.updatedAt,
  '#completedAt': RECORD_ATTRIBUTE.completedAt,
  '#lastErrorClass': RECORD_ATTRIBUTE.lastErrorClass,
  '#lastErrorAt': RECORD_ATTRIBUTE.lastErrorAt,
  '#releasedBy': RECORD_ATTRIBUTE.releasedBy,
  '#replayRuns': RECORD_ATTRIBUTE.replayRuns,
  '#completedReplayRuns': RECORD_ATTRIBUTE.completedReplayRuns,
} as const;

function pickNames(...keys: Array<keyof typeof NAMES>): Record<string, string> {
  return Object.fromEntries(keys.map((key) => [key, NAMES[key]]));
}

export interface ClaimParams {
  readonly leaseOwner: string;
  readonly messageGroupId: string;
  readonly nowMs: number;
  /** Epoch ms at which the lease runs out (the end of the invocation). */
  readonly leaseExpiresAt: number;
  readonly ttlSeconds: number;
  /** The replay run this delivery belongs to (MESSAGE_ATTRIBUTE_REPLAY_RUN_ID); absent for an ordinary delivery. */
  readonly replayRunId?: string;
}

export function buildClaimUpdate(params: ClaimParams): UpdateSpec {
  const plain = buildPlainClaimUpdate(params);
  if (params.replayRunId === undefined) return plain;
  // A COMPLETED record is claimable by a run that has not completed it yet; the run joins the history.
  return {
    updateExpression: `${plain.updateExpression} ADD #replayRuns :replayRunSet`,
    conditionExpression: `${plain.conditionExpression} OR (#status = :completed AND NOT contains(#completedReplayRuns, :replayRunId))`,
    names: { ...plain.names, ...pickNames('#replayRuns', '#completedReplayRuns') },
    values: { ...plain.values, ':completed': EVENT_STATUS.completed, ':replayRunId': params.replayRunId, ':replayRunSet': [params.replayRunId] },
  };
}

function buildPlainClaimUpdate(params: ClaimParams): UpdateSpec {
  return {
    updateExpression: 'SET #status = :inProgress, #leaseOwner = :owner, #leaseExpiresAt = :leaseExpiresAt, '
      + '#attempts = if_not_exists(#attempts, :zero) + :one, #messageGroupId = :messageGroupId, '
      + '#firstClaimedAt = if_not_exists(#firstClaimedAt, :nowMs), #updatedAt = :nowMs, #expiresAt = :expiresAt',
    conditionExpression: 'attribute_not_exists(#pk) OR #expiresAt < :nowSeconds OR #status = :failed '
      + 'OR (#status = :inProgress AND #leaseExpiresAt < :nowMs)',
    names: pickNames('#pk', '#expiresAt', '#status', '#leaseOwner', '#leaseExpiresAt', '#attempts',
      '#messageGroupId', '#firstClaimedAt', '#updatedAt'),
    values: {
      ':inProgress': EVENT_STATUS.inProgress,
      ':failed': EVENT_STATUS.failed,
      ':owner': params.leaseOwner,
      ':leaseExpiresAt': params.leaseExpiresAt,
      ':zero': 0,
      ':one': 1,
      ':messageGroupId': params.messageGroupId,
      ':nowMs': params.nowMs,
      ':nowSeconds': epochSeconds(params.nowMs),
      ':expiresAt': epochSeconds(params.nowMs) + params.ttlSeconds,
    },
  };
}

export interface ReleaseParams {
  readonly leaseOwner: string;
  readonly nowMs: number;
  readonly ttlSeconds: number;
  /** The replay run of the claim being released, if any: completing records it in completedReplayRuns. */
  readonly replayRunId?: string;
}

/** Marks the event done; only the lease holder may (a lost lease fails the condition). */
export function buildCompleteUpdate(params: ReleaseParams): UpdateSpec {
  const plain = buildPlainCompleteUpdate(params);
  if (params.replayRunId === undefined) return plain;
  return {
    ...plain,
    updateExpression: `${plain.updateExpression} ADD #completedReplayRuns :replayRunSet`,
    names: { ...plain.names, ...pickNames('#completedReplayRuns') },
    values: { ...plain.values, ':replayRunSet': [params.replayRunId] },
  };
}

function buildPlainCompleteUpdate(params: ReleaseParams): UpdateSpec {
  return {
    updateExpression: 'SET #status = :completed, #completedAt = :nowMs, #updatedAt = :nowMs, #expiresAt = :expiresAt, '
      + '#releasedBy = :owner REMOVE #leaseOwner, #leaseExpiresAt',
    conditionExpression: '#leaseOwner = :owner',
    names: pickNames('#status', '#completedAt', '#updatedAt', '#expiresAt', '#releasedBy', '#leaseOwner', '#leaseExpiresAt'),
    values: {
      ':completed': EVENT_STATUS.completed,
      ':owner': params.leaseOwner,
      ':nowMs': params.nowMs,
      ':expiresAt': epochSeconds(params.nowMs) + params.ttlSeconds,
    },
  };
}

/** Marks the attempt failed so the next delivery may claim it at once. */
export function buildFailUpdate(params: ReleaseParams & { readonly errorClass: string }): UpdateSpec {
  return {
    updateExpression: 'SET #status = :failed, #lastErrorClass = :errorClass, #lastErrorAt = :nowMs, '
      + '#updatedAt = :nowMs, #expiresAt = :expiresAt, #releasedBy = :owner REMOVE #leaseOwner, #leaseExpiresAt',
    conditionExpression: '#leaseOwner = :owner',
    names: pickNames('#status', '#lastErrorClass', '#lastErrorAt', '#updatedAt', '#expiresAt', '#releasedBy', '#leaseOwner',
      '#leaseExpiresAt'),
    values: {
      ':failed': EVENT_STATUS.failed,
      ':errorClass': params.errorClass,
      ':owner': params.leaseOwner,
      ':nowMs': params.nowMs,
      ':expiresAt': epochSeconds(params.nowMs) + params.ttlSeconds,
    },
  };
}

/**
 * The processor's outcome is unknown (its Invoke may have run): the event stays IN_PROGRESS under
 * this lease until `holdUntilMs`, when no run of that Invoke can still be going, so the next claim
 * (a higher attempt) never overlaps it. Repeating the write is harmless: the condition still holds.
 */
export function buildHoldUpdate(params: ReleaseParams & { readonly errorClass: string; readonly holdUntilMs: number }): UpdateSpec {
  return {
    updateExpression: 'SET #leaseExpiresAt = :holdUntil, #lastErrorClass = :errorClass, #lastErrorAt = :nowMs, '
      + '#updatedAt = :nowMs, #expiresAt = :expiresAt',
    conditionExpression: '#leaseOwner = :owner',
    names: pickNames('#leaseExpiresAt', '#lastErrorClass', '#lastErrorAt', '#updatedAt', '#expiresAt', '#leaseOwner'),
    values: {
      ':holdUntil': params.holdUntilMs,
      ':errorClass': params.errorClass,
      ':owner': params.leaseOwner,
      ':nowMs': params.nowMs,
      ':expiresAt': epochSeconds(params.nowMs) + params.ttlSeconds,
    },
  };
}

/** A refused COMPLETED/FAILED write whose record already shows that very write (the SDK retried it after a lost answer). */
export function isOwnRelease(
  record: IdempotencyRecord | undefined, status: Exclude<EventStatus, typeof EVENT_STATUS.inProgress>, leaseOwner: string,
): boolean {
  return record?.status === status && record.releasedBy === leaseOwner;
}
