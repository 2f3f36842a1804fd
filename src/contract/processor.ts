/*
 * What the worker hands a processor for one event, and the outcomes a processor may answer.
 *
 * Part of the contract between the construct (synth time), the handlers and the CLI (run time):
 * free of aws-cdk-lib and AWS SDK imports, names, shapes and limits only. Not exported from src/index.ts.
 */

import type { ReplayRunInfo } from './archive';

/** What the worker sends the processor Lambda for one event (JSON). */
export interface ProcessorRequestPayload {
  readonly eventId: string;
  readonly messageGroupId: string;
  /**
   * 1 on the first attempt; counts every claim of this event. The processor is invoked at most once
   * per claim; `attempt > 1` means an earlier run may have had effects (its outcome may be unknown):
   * check your own markers before repeating an effect.
   */
  readonly attempt: number;
  /** ISO-8601 time the ingress received the webhook. */
  readonly receivedAt: string;
  /** The webhook body, parsed. */
  readonly payload: unknown;
  /**
   * Set only when `ack-fast-webhook replay` sent this delivery: the run's id and when it was
   * requested. A replay runs once per run even for a COMPLETED event (that is its purpose); a
   * redelivery of the same run does not run again. Absent: an ordinary delivery or a retry.
   */
  readonly replay?: ReplayRunInfo;
}

/** Outcome names a processor may return; an empty or null response means PROCESSED. */
export const PROCESSOR_OUTCOME_PROCESSED = 'PROCESSED';
export const PROCESSOR_OUTCOME_RETRY_LATER = 'RETRY_LATER';
