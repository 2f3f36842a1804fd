/*
 * What a processor may answer (the processor Lambda's Invoke result, or an in-process `process`
 * function's return value), and how an answer becomes an outcome. The processor sits behind
 * `EventProcessor`: the worker runs the same way with either.
 */
// An optional dependency of this package (lib/runtime), bundled into the handlers.
// eslint-disable-next-line import/no-extraneous-dependencies
import * as v from 'valibot';
import { safeErrorClass } from './error-class';
import { parseJson } from './parse-json';
import {
  PROCESSOR_OUTCOME_PROCESSED, PROCESSOR_OUTCOME_RETRY_LATER, ProcessorRequestPayload,
} from '../../contract';

/** SQS's longest visibility timeout: the furthest a retry can be pushed out. */
export const MAX_RETRY_AFTER_SECONDS = 43_200;

export type ProcessorOutcome =
  | { readonly kind: 'PROCESSED' }
  | { readonly kind: 'RETRY_LATER'; readonly retryAfterSeconds: number }
  | { readonly kind: 'FAILED'; readonly errorClass: string }
  /** The call may or may not have run the processor (a reset, a timeout, a 5xx after sending). */
  | { readonly kind: 'UNKNOWN'; readonly errorClass: string };

/** How one run is made, besides its payload. */
export interface ProcessOptions {
  /** X-Ray trace header of the event (tracing on): the processor's run joins the webhook's trace. */
  readonly traceHeader?: string;
}

export interface EventProcessor {
  process(request: ProcessorRequestPayload, options?: ProcessOptions): Promise<ProcessorOutcome>;
}

const ProcessorResponseSchema = v.union([
  v.null(),
  v.object({ outcome: v.optional(v.literal(PROCESSOR_OUTCOME_PROCESSED)) }),
  v.object({
    outcome: v.literal(PROCESSOR_OUTCOME_RETRY_LATER),
    retryAfterSeconds: v.pipe(v.number(), v.finite()),
  }),
]);

const ErrorPayloadSchema = v.object({ errorType: v.string() });

export function clampRetryAfterSeconds(seconds: number): number {
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(0, Math.ceil(seconds)));
}

/**
 * Reads a processor's answer. `functionError` is the Lambda Invoke FunctionError ('Unhandled',
 * 'Handled'); its payload's errorType names the error class. An empty answer means PROCESSED.
 */
export function interpretProcessorResponse(functionError: string | undefined, payloadText: string): ProcessorOutcome {
  const trimmed = payloadText.trim();
  if (functionError) {
    const parsed = trimmed === '' ? undefined : parseJson(trimmed);
    const errorPayload = parsed?.ok ? v.safeParse(ErrorPayloadSchema, parsed.value) : undefined;
    return {
      kind: 'FAILED',
      errorClass: safeErrorClass(errorPayload?.success ? errorPayload.output.errorType : undefined, 'ProcessorError'),
    };
  }
  if (trimmed === '') return { kind: 'PROCESSED' };
  const parsed = parseJson(trimmed);
  return parsed.ok ? interpretProcessorResult(parsed.value) : { kind: 'FAILED', errorClass: 'InvalidProcessorResponse' };
}

/**
 * Reads what a processor returned, in-process (createWorker) or parsed from an Invoke's answer:
 * nothing, null or `{ outcome: 'PROCESSED' }` completes; `{ outcome: 'RETRY_LATER', retryAfterSeconds }` delays.
 */
export function interpretProcessorResult(value: unknown): ProcessorOutcome {
  if (value === undefined) return { kind: 'PROCESSED' };
  const response = v.safeParse(ProcessorResponseSchema, value);
  if (!response.success) return { kind: 'FAILED', errorClass: 'InvalidProcessorResponse' };
  const output = response.output;
  if (output !== null && output.outcome === PROCESSOR_OUTCOME_RETRY_LATER) {
    return { kind: 'RETRY_LATER', retryAfterSeconds: clampRetryAfterSeconds(output.retryAfterSeconds) };
  }
  return { kind: 'PROCESSED' };
}
