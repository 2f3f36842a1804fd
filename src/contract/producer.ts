/*
 * The contract between the construct and the producers that are not the ingress: an enqueuer
 * (`pipeline.grantEnqueue` + `createEnqueuer` in lib/runtime) and a reconciliation sweep
 * (`ReconciliationSweep` + `createSweepHandler`). Names, shapes and limits only: no aws-cdk-lib,
 * no AWS SDK. Not exported from src/index.ts.
 */
import type { IngressRuntimeConfig, MetricsRuntimeConfig } from './runtime-config';
import { EVENT_KEY_PREFIX, TABLE_PARTITION_KEY, TABLE_TTL_ATTRIBUTE } from './state-table';


/** The ingress's rules for a body and its identity, which every other producer applies too. */
export interface EnqueueRuntimeConfig extends Pick<IngressRuntimeConfig,
'queueUrl' | 'maxBodyBytes' | 'eventIdHeaders' | 'eventIdJsonPointer' | 'eventIdJsonPointers' | 'messageGroupIdJsonPointer'
| 'requiredJsonPointers' | 'maxJsonDepth' | 'maxJsonElements' | 'ingressFilters'> {
  /**
   * Present when the grant allows "was this event received already?": the state table and this
   * pipeline's idempotency key prefix (`event#<namespace>#`), the only keys the producer may read.
   */
  readonly receivedCheck?: { readonly tableName: string; readonly eventKeyPrefix: string };
}

/** Key prefix of sweep cursors: `sweep#<namespace>#<sweep name>`, beside the pipeline's `event#<namespace>#` records. */
export const SWEEP_KEY_PREFIX = 'sweep#';

/** The cursor item's key of sweep `sweepName` of the pipeline whose idempotency prefix is `eventKeyPrefix`. */
export function sweepCursorKeyOf(eventKeyPrefix: string, sweepName: string): string {
  const namespaceAndHash = eventKeyPrefix.startsWith(EVENT_KEY_PREFIX) ? eventKeyPrefix.slice(EVENT_KEY_PREFIX.length) : eventKeyPrefix;
  return `${SWEEP_KEY_PREFIX}${namespaceAndHash}${sweepName.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}

/** The attribute names of a sweep's cursor item (src/runtime/sweep/sweep-cursor.ts). */
export const SWEEP_CURSOR_ATTRIBUTE = {
  key: TABLE_PARTITION_KEY,
  expiresAt: TABLE_TTL_ATTRIBUTE,
  /** The run holding the cursor, and until when (epoch ms). */
  leaseOwner: 'leaseOwner',
  leaseUntil: 'leaseUntil',
  /** Epoch ms up to which every page was read. */
  coveredUntil: 'coveredUntil',
  /** The window a bounded run left unfinished, and the page to go on from. */
  windowFrom: 'windowFrom',
  windowUntil: 'windowUntil',
  pageToken: 'pageToken',
} as const;

export interface SweepRuntimeConfig {
  /** Names the sweep in logs. */
  readonly sweepName: string;
  readonly tableName: string;
  /** The cursor item's partition key (sweepCursorKeyOf): the only state-table key the sweep writes. */
  readonly cursorKey: string;
  /** How often the schedule runs the sweep. */
  readonly intervalSeconds: number;
  /** Each window starts this long before the last one ended: an item updated at the boundary is seen twice, never missed. */
  readonly overlapSeconds: number;
  /** A window ends this long before now, so pushes of that moment have reached the idempotency table. */
  readonly settleSeconds: number;
  /** The first run (no cursor yet) looks back this far. */
  readonly initialLookbackSeconds: number;
  /** Candidates one run handles at most; the rest wait for the next run (the cursor keeps the place). */
  readonly maxItems: number;
  /** A run starts no new page after this long (below the function's timeout). */
  readonly maxRunSeconds: number;
  /** How long a run holds the cursor's lease: the function's timeout, so two runs never sweep at once. */
  readonly leaseSeconds: number;
  /** How long the cursor item lives after its last write (a sweep removed for longer starts afresh). */
  readonly cursorTtlSeconds: number;
  readonly metrics: MetricsRuntimeConfig;
}

/** Metric names of a sweep (namespace METRICS_NAMESPACE, dimension Pipeline). */
export const SWEEP_METRICS = {
  /** Events the source listed in the run's window. */
  candidates: 'SweepCandidates',
  /** Candidates the pipeline had not received (no idempotency record) and the sweep enqueued: pushes that were lost. */
  recovered: 'SweepRecovered',
  /** Candidates refused by the ingress rules, failed sends, and runs that failed. */
  errors: 'SweepErrors',
  /** Runs that stopped early because the source's API said "not now" (a 429 or the shared bucket): resumed next run. */
  deferred: 'SweepDeferred',
  /** Seconds from the end of the last fully swept window to now, at the end of each run (missing: the sweep is not running). */
  cursorLag: 'SweepCursorLag',
} as const;
