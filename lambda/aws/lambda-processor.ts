/*
 * The processor Lambda, invoked synchronously at most once per claim: the client makes ONE attempt
 * (an SDK retry after the request reached Lambda would run the processor twice) and waits at most
 * the processor's timeout plus a slack. A failure that leaves it open whether the processor ran is
 * reported as UNKNOWN, so the worker retries the event under a new claim (a higher attempt).
 */
import { InvokeCommand, LambdaClient, LambdaClientConfig } from '@aws-sdk/client-lambda';
import { ProcessorRequestPayload, WORKER_AWS_CONNECTION_TIMEOUT_MS } from '../../src/contract';
import { safeErrorClass } from '../../src/runtime/core/error-class';
import {
  EventProcessor, interpretProcessorResponse, ProcessOptions, ProcessorOutcome,
} from '../../src/runtime/core/processor-outcome';

/** The header Lambda reads an invocation's trace from (the SDK's own recursion-detection middleware leaves a set one alone). */
const TRACE_HEADER = 'X-Amzn-Trace-Id';

/** The Invoke client's settings: one attempt, bounded connection and answer. */
export function invokeClientConfig(invokeTimeoutMs: number): LambdaClientConfig {
  return {
    maxAttempts: 1,
    requestHandler: { connectionTimeout: WORKER_AWS_CONNECTION_TIMEOUT_MS, requestTimeout: invokeTimeoutMs, throwOnRequestTimeout: true },
  };
}

interface ServiceErrorShape {
  readonly name?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/**
 * Lambda answered with a client error (throttled, not found, denied, payload too large): it did not
 * run the function. No answer at all, or a 5xx, may come after the function ran.
 */
export function invokeFailureOutcome(error: unknown): ProcessorOutcome {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as ServiceErrorShape;
  const errorClass = safeErrorClass(shape.name, 'InvokeError');
  const status = shape.$metadata?.httpStatusCode;
  return status !== undefined && status >= 400 && status < 500 ? { kind: 'FAILED', errorClass } : { kind: 'UNKNOWN', errorClass };
}

export class LambdaEventProcessor implements EventProcessor {
  constructor(private readonly client: LambdaClient, private readonly functionName: string) {}

  public async process(request: ProcessorRequestPayload, options: ProcessOptions = {}): Promise<ProcessorOutcome> {
    let output;
    try {
      const command = new InvokeCommand({
        FunctionName: this.functionName,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify(request)),
      });
      const traceHeader = options.traceHeader;
      if (traceHeader !== undefined) {
        command.middlewareStack.add((next) => async (args) => {
          const httpRequest = args.request as { headers?: Record<string, string> };
          if (httpRequest.headers) httpRequest.headers[TRACE_HEADER] = traceHeader;
          return next(args);
        }, { step: 'build', priority: 'high', name: 'eventTraceHeader' });
      }
      output = await this.client.send(command);
    } catch (error) {
      return invokeFailureOutcome(error);
    }
    const payloadText = output.Payload ? new TextDecoder().decode(output.Payload) : '';
    return interpretProcessorResponse(output.FunctionError, payloadText);
  }
}
