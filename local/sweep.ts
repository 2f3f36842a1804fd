/*
 * A reconciliation sweep on the local pipeline: the sweep function's configuration as the template
 * writes it (ACK_FAST_SWEEP_CONFIG, ACK_FAST_ENQUEUE_CONFIG, references resolved to the emulators),
 * the library's sweep handler and enqueuer on the emulators, and your source. `runOnce()` is one
 * scheduled invocation.
 */
import { dynamoClient, sqsClient } from './emulators';
import { LocalPipeline } from './pipeline-api';
import { CfnTemplate } from './template-settings';
import { ENQUEUE_CONFIG_ENV, SWEEP_CONFIG_ENV } from '../src/contract';
import { createEnqueuer, createSweepHandler, SweepRunSummary, SweepSource } from '../src/runtime';
import { validateEnqueueConfig } from '../src/runtime/enqueue-config';
import { validateSweepConfig } from '../src/runtime/sweep/sweep-config';

export interface LocalSweep {
  runOnce(): Promise<SweepRunSummary>;
  close(): void;
}

/** The logical id of the template's sweep function (the one the ReconciliationSweep configured), if any. */
export function sweepFunctionId(template: CfnTemplate): string | undefined {
  type FunctionProperties = { Environment?: { Variables?: Record<string, unknown> } } | undefined;
  const variablesOf = (properties: unknown) => (properties as FunctionProperties)?.Environment?.Variables;
  return Object.entries(template.Resources)
    .find(([, resource]) => resource.Type === 'AWS::Lambda::Function' && variablesOf(resource.Properties)?.[SWEEP_CONFIG_ENV] !== undefined)?.[0];
}

export function startLocalSweep(pipeline: LocalPipeline, template: CfnTemplate, source: SweepSource, writeLine?: (line: string) => void): LocalSweep {
  const functionId = sweepFunctionId(template);
  if (functionId === undefined) throw new Error('This template has no ReconciliationSweep: add one to the stack to run it locally.');
  const variables = pipeline.environmentOf(functionId);
  const sqs = sqsClient(pipeline.endpoints.sqs);
  const dynamo = dynamoClient(pipeline.endpoints.dynamodb);
  const enqueuer = createEnqueuer({
    config: validateEnqueueConfig(JSON.parse(variables[ENQUEUE_CONFIG_ENV]), ENQUEUE_CONFIG_ENV),
    sqsClient: sqs,
    dynamoDbClient: dynamo,
    now: pipeline.now,
  });
  const handler = createSweepHandler({
    source,
    enqueuer,
    dynamoDbClient: dynamo,
    now: pipeline.now,
    writeLine,
    config: validateSweepConfig(JSON.parse(variables[SWEEP_CONFIG_ENV]), SWEEP_CONFIG_ENV),
  });
  return {
    runOnce: () => handler({ sweep: 'local' }),
    close: () => {
      sqs.destroy();
      dynamo.destroy();
    },
  };
}

