/*
 * The idempotency record of one event, as the worker writes it and the CLI reads it: its
 * attribute names and its statuses. The worker's conditional writes (src/runtime/core/claim.ts),
 * its reader (src/runtime/aws/idempotency-store.ts), `replay` and `status` import them from here.
 *
 * Part of the contract between the construct, the handlers and the CLI: free of aws-cdk-lib and
 * AWS SDK imports. Not exported from src/index.ts.
 */
import { TABLE_PARTITION_KEY, TABLE_TTL_ATTRIBUTE } from './state-table';

/** Where an event stands: claimed and running, done, or failed (claimable again). */
export const EVENT_STATUS = {
  inProgress: 'IN_PROGRESS',
  completed: 'COMPLETED',
  failed: 'FAILED',
} as const;
export type EventStatus = typeof EVENT_STATUS[keyof typeof EVENT_STATUS];

/** The record's attribute names. */
export const RECORD_ATTRIBUTE = {
  key: TABLE_PARTITION_KEY,
  /** TTL, epoch seconds. */
  expiresAt: TABLE_TTL_ATTRIBUTE,
  status: 'status',
  /** The claim's owner (`<awsRequestId>:<messageId>`) while IN_PROGRESS. */
  leaseOwner: 'leaseOwner',
  /** Epoch ms; an IN_PROGRESS record whose lease ran out may be claimed again. */
  leaseExpiresAt: 'leaseExpiresAt',
  /** Claims so far: the processor's `attempt`. */
  attempts: 'attempts',
  messageGroupId: 'messageGroupId',
  firstClaimedAt: 'firstClaimedAt',
  updatedAt: 'updatedAt',
  completedAt: 'completedAt',
  lastErrorClass: 'lastErrorClass',
  lastErrorAt: 'lastErrorAt',
  /** The lease owner whose write made the record COMPLETED or FAILED (recognises a retried write of its own). */
  releasedBy: 'releasedBy',
  /** Replay runs that claimed the event (string set). */
  replayRuns: 'replayRuns',
  /** Replay runs whose claim ended COMPLETED (string set): a further delivery of the same run is a duplicate. */
  completedReplayRuns: 'completedReplayRuns',
  /** `ack-fast-webhook replay <id> --force`: when it marked the record, and how often. */
  replayRequestedAt: 'replayRequestedAt',
  replayCount: 'replayCount',
} as const;
export type RecordAttribute = typeof RECORD_ATTRIBUTE[keyof typeof RECORD_ATTRIBUTE];

/** The lastErrorClass `replay <id> --force` writes on the FAILED record it makes. */
export const MANUAL_REPLAY_ERROR_CLASS = 'ManualReplay';
