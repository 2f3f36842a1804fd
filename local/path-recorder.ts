/*
 * Records each event's path from what the front, the event source, the processor and fauxqs saw,
 * and lets callers wait for a step. Telling "processed" from "duplicate" needs no handler log:
 * a deleted record whose processor ran during that invocation was processed, otherwise it was a
 * duplicate the worker acknowledged unrun.
 */
import { FrontAnswer } from './api-front';
import { PathStep } from './event-path';
import { RecordOutcome } from './sqs-event-source';

/** What the processor did in its last call for an event. */
export interface ProcessorCall {
  readonly at: number;
  /** ok: PROCESSED; failed: an answer the worker fails the record for (e.g. InvalidProcessorResponse); threw: the processor threw. */
  readonly outcome: 'ok' | 'retry-later' | 'failed' | 'threw';
  readonly errorClass?: string;
}

interface Waiter {
  readonly match: (step: PathStep) => boolean;
  readonly resolve: (step: PathStep) => void;
}

export class PathRecorder {
  public readonly steps: PathStep[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly processorCalls = new Map<string, ProcessorCall>();

  constructor(private readonly now: () => number, private readonly listener?: (step: PathStep) => void) {}

  public record(step: PathStep): void {
    this.steps.push(step);
    this.listener?.(step);
    for (const waiter of this.waiters.filter((w) => w.match(step))) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(step);
    }
  }

  public processorCalled(eventId: string, call: Omit<ProcessorCall, 'at'>): void {
    this.processorCalls.set(eventId, { at: this.now(), ...call });
  }

  public frontAnswered(answer: FrontAnswer): void {
    this.record({
      at: this.now(),
      kind: answer.statusCode === 200 ? (answer.filtered ? 'filtered' : 'enqueued') : answer.statusCode >= 500 ? 'not-stored' : 'rejected',
      eventId: answer.eventId,
      statusCode: answer.statusCode,
      ackMs: answer.ackMs,
      detail: answer.statusCode === 200 ? undefined : answer.reason,
    });
  }

  public recordsDone(outcomes: readonly RecordOutcome[]): void {
    for (const outcome of outcomes) {
      const call = outcome.eventId ? this.processorCalls.get(outcome.eventId) : undefined;
      const ranNow = call !== undefined && call.at >= outcome.invocationStartedAt ? call : undefined;
      const processorOutcome = ranNow === undefined ? undefined
        : ranNow.outcome === 'threw' || ranNow.outcome === 'failed' ? `${ranNow.outcome} ${ranNow.errorClass ?? 'Error'}` : ranNow.outcome;
      const base = {
        at: this.now(), eventId: outcome.eventId, messageGroupId: outcome.messageGroupId, receiveCount: outcome.receiveCount, processorOutcome,
      };
      switch (outcome.fate) {
        case 'deleted':
          this.record({
            ...base,
            kind: ranNow ? 'processed' : 'duplicate',
            endToEndMs: outcome.receivedAt !== undefined ? base.at - outcome.receivedAt : undefined,
          });
          break;
        case 'reported-failed':
          this.record({
            ...base,
            kind: ranNow?.outcome === 'retry-later' ? 'deferred' : 'failed',
            detail: ranNow?.outcome === 'threw' ? `processor threw ${ranNow.errorClass}`
              : ranNow?.outcome === 'failed' ? `processor answered ${ranNow.errorClass}`
                : ranNow ? undefined : 'processor not run (lease held, or an earlier record of its group failed)',
          });
          break;
        case 'delete-failed':
          this.record({ ...base, kind: 'worker-failed', detail: 'done, but the delete failed: it comes back after the visibility timeout' });
          break;
        default:
          this.record({ ...base, kind: 'worker-failed', detail: outcome.fate === 'invocation-timed-out' ? 'timed out' : 'threw' });
      }
    }
  }

  /** The first step (past or future) that matches; rejects after `timeoutMs`. */
  public waitFor(match: (step: PathStep) => boolean, timeoutMs: number): Promise<PathStep> {
    const past = this.steps.find(match);
    if (past) return Promise.resolve(past);
    return new Promise<PathStep>((resolve, reject) => {
      const waiter: Waiter = {
        match,
        resolve: (step) => {
          clearTimeout(timer);
          resolve(step);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no matching path step within ${timeoutMs} ms (${this.steps.length} steps so far)`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }
}
