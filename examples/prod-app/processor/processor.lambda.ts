/*
 * Separate-processor mode: the processor Lambda the bundled worker invokes once per event
 * (`-c processorMode=lambda`). The in-process mode runs the same processor in worker.lambda.ts.
 */
import type { Context } from 'aws-lambda';
import { createDeployedProcessor } from './deployed-processor';
import type { ProcessorRequestPayload } from '../../../src/runtime';

const processor = createDeployedProcessor();

export async function handler(request: ProcessorRequestPayload, context: Context): Promise<unknown> {
  return processor.process(request, Date.now() + context.getRemainingTimeInMillis());
}
