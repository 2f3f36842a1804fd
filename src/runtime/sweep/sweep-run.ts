/*
 * One run of a reconciliation sweep: list what the source (your API) changed in a window of update
 * times, and enqueue every event the pipeline has not received, as the ingress would have.
 *
 * Windows: [coveredUntil − overlap, now − settle). The overlap re-lists the boundary (an item
 * updated at the last window's end is seen twice, never missed; the second sighting finds the
 * idempotency record and sends nothing). The settle delay leaves pushes of the last moments time
 * to reach the table, so they are not counted as recovered. The cursor is saved after every page:
 * a run stopped by its bounds, a deferral, a failure or a crash resumes at the saved page.
 *
 * A run resumes the window in progress, then starts at most one new window: with the overlap, a
 * loop of new windows would re-list the boundary until the time budget ran out.
 */
import { SweepCursorStore, SweepState, SweepWindowState } from './sweep-cursor';
import { SWEEP_METRICS, SweepRuntimeConfig } from '../../contract';
import { errorClassOf } from '../core/error-class';
import { EnqueueRejectedError, Enqueuer } from '../enqueuer';
import type { AuditLog } from '../observability/audit-log';
import type { MetricsBatch } from '../observability/metrics';

/** The update times one page request covers, [fromMs, untilMs), and the page to read. */
export interface SweepPageRequest {
  readonly fromMs: number;
  readonly untilMs: number;
  /** The token the previous page returned; absent: the first page. */
  readonly pageToken?: string;
}

/** An event the source found: the body the sender would have pushed (and its headers, if ids come from one). */
export interface SweepCandidate {
  readonly event: Readonly<Record<string, unknown>> | string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A page of candidates and the token of the next (absent: the window is done), or a deferral: the
 * source's API asked to wait (a 429, or the shared rate-limit bucket is empty). A deferral ends the
 * run; the next run retries the same page, so nothing is dropped.
 */
export type SweepPage =
  | { readonly candidates: readonly SweepCandidate[]; readonly nextPageToken?: string }
  | { readonly retryAfterMs: number };

/**
 * Your listing of recently changed items. Resuming at a returned token must never skip an item of
 * the window that no page has returned yet: newest-first paging by update time has this property
 * (items updated meanwhile move to the front, out of the window), oldest-first page numbers do not.
 */
export interface SweepSource {
  listPage(request: SweepPageRequest): Promise<SweepPage>;
}

export type SweepRunOutcome = 'COMPLETED' | 'BOUNDED' | 'DEFERRED' | 'BUSY' | 'LEASE_LOST';

export interface SweepRunSummary {
  readonly outcome: SweepRunOutcome;
  readonly candidates: number;
  readonly recovered: number;
  readonly duplicates: number;
  /** Candidates the pipeline's ingress filters leave out (not enqueued, as the ingress would not have). */
  readonly filtered: number;
  readonly errors: number;
  /** Pages read in this run. */
  readonly pages: number;
  /** The high-water mark after the run (epoch ms), when one exists. */
  readonly coveredUntilMs?: number;
}

export interface SweepRunDependencies {
  readonly config: SweepRuntimeConfig;
  readonly source: SweepSource;
  readonly cursor: SweepCursorStore;
  readonly enqueuer: Enqueuer;
  readonly metrics: MetricsBatch;
  readonly log: AuditLog;
  readonly now: () => number;
}

/** The window after `coveredUntilMs` (or the first one), or undefined while it would be empty. */
export function nextWindow(coveredUntilMs: number | undefined, nowMs: number, config: SweepRuntimeConfig): SweepWindowState | undefined {
  const untilMs = nowMs - config.settleSeconds * 1000;
  const fromMs = (coveredUntilMs ?? nowMs - config.initialLookbackSeconds * 1000) - config.overlapSeconds * 1000;
  return untilMs > fromMs ? { fromMs, untilMs } : undefined;
}

export async function runSweep(deps: SweepRunDependencies): Promise<SweepRunSummary> {
  const { config, source, cursor, enqueuer, metrics, log, now } = deps;
  const startedAt = now();
  const counts = { candidates: 0, recovered: 0, duplicates: 0, filtered: 0, errors: 0, pages: 0 };
  const claimed = await cursor.claim(startedAt);
  if (!claimed) {
    log.info('sweep skipped: another run holds the cursor', { reason: 'busy' });
    return { outcome: 'BUSY', ...counts };
  }
  let state: SweepState = claimed;
  let newWindows = state.window ? 0 : 1;
  let window = state.window ?? nextWindow(state.coveredUntilMs, startedAt, config);
  const outOfBudget = () => counts.candidates >= config.maxItems || now() - startedAt >= config.maxRunSeconds * 1000;
  let outcome: SweepRunOutcome = 'COMPLETED';
  try {
    while (window) {
      if (outOfBudget()) {
        outcome = 'BOUNDED';
        break;
      }
      const page = await source.listPage(window);
      if ('retryAfterMs' in page) {
        metrics.count(SWEEP_METRICS.deferred);
        log.info('sweep deferred: the source asked to wait', { reason: 'source-deferred', retryAfterSeconds: Math.ceil(page.retryAfterMs / 1000) });
        outcome = 'DEFERRED';
        break;
      }
      counts.pages++;
      for (const candidate of page.candidates) await enqueueCandidate(candidate);
      const done = page.nextPageToken === undefined;
      state = done ? { coveredUntilMs: window.untilMs } : { ...state, window: { ...window, pageToken: page.nextPageToken } };
      if (!await cursor.save(state, now())) {
        log.warn('sweep stopped: its lease on the cursor expired and another run took it', { reason: 'lease-lost' });
        outcome = 'LEASE_LOST';
        break;
      }
      window = state.window ?? (newWindows++ === 0 ? nextWindow(state.coveredUntilMs, now(), config) : undefined);
    }
  } catch (error) {
    counts.errors++;
    log.error('sweep run failed; the next run resumes at the saved page', {
      reason: 'run-failed', errorClass: errorClassOf(error),
    });
    throw error;
  } finally {
    metrics.count(SWEEP_METRICS.candidates, { value: counts.candidates });
    metrics.count(SWEEP_METRICS.recovered, { value: counts.recovered });
    metrics.count(SWEEP_METRICS.errors, { value: counts.errors });
    const coveredUntil = state.coveredUntilMs ?? state.window?.fromMs;
    if (coveredUntil !== undefined) metrics.maximumSeconds(SWEEP_METRICS.cursorLag, Math.max(0, (now() - coveredUntil) / 1000));
    await cursor.release();
  }
  log.info('sweep run finished', { reason: outcome.toLowerCase(), count: counts.candidates, durationMs: now() - startedAt });
  return { outcome, ...counts, coveredUntilMs: state.coveredUntilMs };

  async function enqueueCandidate(candidate: SweepCandidate): Promise<void> {
    counts.candidates++;
    try {
      const result = await enqueuer.enqueue(candidate.event, { skipIfReceived: true, headers: candidate.headers });
      if (result.outcome === 'ENQUEUED') {
        counts.recovered++;
        log.warn('sweep recovered an event the pipeline had not received', {
          eventId: result.eventId, messageGroupId: result.messageGroupId, messageId: result.messageId, reason: 'missed-push',
        });
      } else if (result.outcome === 'FILTERED') {
        // The ingress would have left it out too: not missed, and not counted as received.
        counts.filtered++;
      } else {
        counts.duplicates++;
      }
    } catch (error) {
      // The ingress would have refused it too: nothing to recover, and retrying cannot help.
      if (!(error instanceof EnqueueRejectedError)) throw error;
      counts.errors++;
      log.warn('sweep candidate refused by the pipeline\'s rules', { reason: error.reason, statusCode: error.statusCode });
    }
  }
}
