/*
 * One webhook, one trace: the ingress hands its trace to SQS and annotates it with the event id;
 * the worker continues the trace of each message (its AWSTraceHeader) with a segment of its own,
 * annotated alike, and gives the processor's Invoke that segment as parent.
 */
import { formatTraceHeader, newSegmentId, parseTraceHeader, segmentDocument, SegmentSink, TraceContext } from './trace-context';

/** Lambda puts the invocation's trace header here when active tracing is on. */
export const LAMBDA_TRACE_ENV = '_X_AMZN_TRACE_ID';
/** The annotation that finds a webhook's trace: `annotation.eventId = "<id>"`. */
export const EVENT_ID_ANNOTATION = 'eventId';

export interface TracedEvent {
  /** The header the processor's Invoke carries (X-Amzn-Trace-Id); undefined when the message brought no trace. */
  readonly traceHeader?: string;
  end(outcome: string, failed: boolean): void;
}

export class EventTracing {
  constructor(
    private readonly sink: SegmentSink,
    private readonly now: () => number = Date.now,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The running invocation's trace header (read per invocation: Lambda sets it for each one). */
  public currentHeader(): string | undefined {
    return parseTraceHeader(this.env[LAMBDA_TRACE_ENV]) === undefined ? undefined : this.env[LAMBDA_TRACE_ENV];
  }

  /** Ingress: a subsegment of the function's segment, from receipt to the enqueue, annotated with the event id. */
  public ingressEnqueued(eventId: string, startMs: number): void {
    const context = parseTraceHeader(this.env[LAMBDA_TRACE_ENV]);
    if (context?.sampled !== true) return;
    this.emit(context, { name: 'enqueue webhook', id: newSegmentId(), startMs, endMs: this.now(), annotations: { [EVENT_ID_ANNOTATION]: eventId }, subsegment: true });
  }

  /** Worker: a segment of the message's trace for one event; end() sends it with the outcome. */
  public workerEvent(awsTraceHeader: string | undefined, eventId: string): TracedEvent {
    const context = parseTraceHeader(awsTraceHeader);
    if (context === undefined) return { end: () => undefined };
    const id = newSegmentId();
    const startMs = this.now();
    const traceHeader = formatTraceHeader({ root: context.root, parent: id, sampled: context.sampled });
    return {
      traceHeader,
      end: (outcome, failed) => {
        if (!context.sampled) return;
        this.emit(context, {
          name: 'webhook worker', id, startMs, endMs: this.now(), annotations: { [EVENT_ID_ANNOTATION]: eventId, outcome }, subsegment: false, error: failed,
        });
      },
    };
  }

  private emit(context: TraceContext, segment: Parameters<typeof segmentDocument>[1]): void {
    try {
      this.sink.send(segmentDocument(context, segment));
    } catch {
      // A span lost is never a webhook lost.
    }
  }
}
