/*
 * X-Ray trace headers and segment documents, without the X-Ray SDK. Pure.
 *
 * A header is `Root=1-<8 hex>-<24 hex>;Parent=<16 hex>;Sampled=1` (Lambda's _X_AMZN_TRACE_ID, SQS's
 * AWSTraceHeader, HTTP's X-Amzn-Trace-Id). A document is what the X-Ray daemon takes over UDP:
 * a JSON header line, a newline, then one segment or subsegment.
 * @see https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html
 */
import { randomBytes } from 'node:crypto';

/** Where segment documents go (the X-Ray daemon over UDP, src/runtime/aws/xray-daemon.ts; a test's listener). */
export interface SegmentSink {
  send(document: string): void;
}

export interface TraceContext {
  readonly root: string;
  /** The segment the next one hangs under; absent when the header names none. */
  readonly parent?: string;
  readonly sampled: boolean;
}

const ROOT = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;
const SEGMENT_ID = /^[0-9a-f]{16}$/;

/** The trace in `header`, or undefined when it has no valid Root. */
export function parseTraceHeader(header: string | undefined): TraceContext | undefined {
  if (header === undefined) return undefined;
  const parts = new Map(header.split(';').map((part) => {
    const [key, ...rest] = part.trim().split('=');
    return [key, rest.join('=')] as const;
  }));
  const root = parts.get('Root');
  if (root === undefined || !ROOT.test(root)) return undefined;
  const parent = parts.get('Parent');
  return { root, parent: parent !== undefined && SEGMENT_ID.test(parent) ? parent : undefined, sampled: parts.get('Sampled') === '1' };
}

export function formatTraceHeader(context: TraceContext): string {
  return [`Root=${context.root}`, ...(context.parent ? [`Parent=${context.parent}`] : []), `Sampled=${context.sampled ? 1 : 0}`].join(';');
}

export function newSegmentId(): string {
  return randomBytes(8).toString('hex');
}

export interface TraceSegment {
  readonly name: string;
  readonly id: string;
  readonly startMs: number;
  readonly endMs: number;
  /** Indexed by X-Ray: `annotation.eventId = "..."` finds the trace. */
  readonly annotations: Readonly<Record<string, string | number | boolean>>;
  /** A subsegment of the context's parent (same service) rather than a segment of its own. */
  readonly subsegment: boolean;
  readonly error?: boolean;
}

/** The daemon's UDP payload for one (sub)segment of `context`'s trace. */
export function segmentDocument(context: TraceContext, segment: TraceSegment): string {
  const body: Record<string, unknown> = {
    name: segment.name,
    id: segment.id,
    trace_id: context.root,
    ...(context.parent ? { parent_id: context.parent } : {}),
    start_time: segment.startMs / 1000,
    end_time: segment.endMs / 1000,
    annotations: segment.annotations,
    ...(segment.subsegment ? { type: 'subsegment' } : { origin: 'AWS::Lambda::Function' }),
    ...(segment.error ? { error: true } : {}),
  };
  return `${JSON.stringify({ format: 'json', version: 1 })}\n${JSON.stringify(body)}`;
}
