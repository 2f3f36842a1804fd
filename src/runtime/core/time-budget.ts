/*
 * The worker's time rules, free of AWS: whether a record may still be started in this invocation,
 * how long the Invoke is waited for, how long an event with an unknown outcome stays held, and how
 * far a message's next delivery can be pushed out.
 */
import { MAX_RETRY_AFTER_SECONDS } from './processor-outcome';
import {
  maxProcessorRunMs, PROCESSOR_INVOKE_SLACK_MS, WORKER_RECORD_NEED_MS,
} from '../../contract';

/** Kept off a visibility change: the worker's clock and SQS's receive time are not the same instant. */
export const VISIBILITY_CAP_SLACK_SECONDS = 60;

export class WorkerTimeBudget {
  constructor(private readonly processorTimeoutMs: number) {}

  /** How long the worker waits for one Invoke before its outcome is unknown. */
  public get invokeTimeoutMs(): number {
    return this.processorTimeoutMs + PROCESSOR_INVOKE_SLACK_MS;
  }

  /** Time a record needs from its claim to its recorded outcome, at worst. */
  public get perRecordMs(): number {
    return this.processorTimeoutMs + WORKER_RECORD_NEED_MS;
  }

  /** A record is claimed only if the invocation can still finish it, so a worker timeout never cuts one off. */
  public canStart(remainingMs: number): boolean {
    return remainingMs >= this.perRecordMs;
  }

  /**
   * When a claim may end: the end of the invocation, but never before a processor run started
   * under it could still be going (a crashed worker's Invoke may outlive it).
   */
  public leaseExpiresAt(claimedAtMs: number, remainingMs: number): number {
    return claimedAtMs + Math.max(remainingMs, maxProcessorRunMs(this.processorTimeoutMs));
  }

  /** Until when an event whose Invoke outcome is unknown stays held: no run of that Invoke can outlast it. */
  public holdUntil(invokeStartedAtMs: number): number {
    return invokeStartedAtMs + maxProcessorRunMs(this.processorTimeoutMs);
  }
}

/**
 * SQS caps a message's total visibility at 12 hours from its receive (each change counts from the
 * call, but the total from the receive), so a delay is cut to what is left since the invocation began.
 */
export function capVisibilitySeconds(seconds: number, invocationStartedAtMs: number, nowMs: number): number {
  const elapsedSeconds = Math.ceil(Math.max(0, nowMs - invocationStartedAtMs) / 1000);
  const left = MAX_RETRY_AFTER_SECONDS - elapsedSeconds - VISIBILITY_CAP_SLACK_SECONDS;
  return Math.max(0, Math.min(Math.ceil(seconds), left));
}
