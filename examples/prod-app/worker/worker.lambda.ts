/*
 * In-process mode (the example's default): the pipeline's worker is this Lambda. createWorker
 * (lib/runtime) claims each event, calls the order-status processor in this process, records the
 * outcome and reports partial batch failures: one invocation per batch, no Lambda Invoke hop.
 */
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createWorker } from '../../../src/runtime';
import { createDeployedProcessor } from '../processor/deployed-processor';

/**
 * What the worker needs after the last `process` call of an invocation to record its outcome: the
 * 8 s the construct adds to processorTimeout for the worker's own calls (AckFastWebhookPipelineProps.processorTimeout).
 */
const WORKER_RECORD_MARGIN_MS = 8_000;

const processor = createDeployedProcessor();
/** The current invocation's end (one invocation per environment at a time; its groups share it). */
let invocationEnd = Number.POSITIVE_INFINITY;

const worker = createWorker({
  // The worker claimed the event with at least processorTimeout + 8 s left; stop calls in time to record the outcome.
  process: (event) => processor.process(event, invocationEnd - WORKER_RECORD_MARGIN_MS),
});

export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  invocationEnd = Date.now() + context.getRemainingTimeInMillis();
  return worker(event, context);
}
