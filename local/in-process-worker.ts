/*
 * The in-process mode on loopback: the worker is createWorker (lib/runtime) running in this
 * process with the processor called directly, configured from the same template variables the
 * bundled worker reads. The separate-processor mode loads the bundled worker and answers its
 * Invoke through the Lambda fake instead.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_AWS } from './emulators';
import { HandlerFactory, LocalWorkerHandler } from './handler-loader';
import { ProcessorRequestPayload, WORKER_CONFIG_ENV } from '../src/contract';
import { createWorker, ProcessResult } from '../src/runtime';
import { boundedClientConfig } from '../src/runtime/worker/compose-worker';
import { parseWorkerConfig } from '../src/runtime/worker/worker-config';

/** How the worker calls the processor: in its own process (createWorker) or over Lambda Invoke (the bundled worker). */
export const PROCESSOR_MODES = ['in-process', 'lambda'] as const;
export type ProcessorMode = typeof PROCESSOR_MODES[number];

export function isProcessorMode(value: string): value is ProcessorMode {
  return (PROCESSOR_MODES as readonly string[]).includes(value);
}

/** A worker factory that runs createWorker over `processor`, with clients on the endpoints the environment names. */
export function inProcessWorker(processor: (request: ProcessorRequestPayload) => Promise<unknown>): HandlerFactory<LocalWorkerHandler> {
  return (environment) => {
    const endpointOf = (name: string) => {
      const endpoint = environment.variables[name];
      if (!endpoint) throw new Error(`in-process worker: ${name} is not set in the worker's environment`);
      return endpoint;
    };
    const config = parseWorkerConfig(environment.variables[WORKER_CONFIG_ENV]);
    return createWorker({
      process: async (event) => (await processor(event)) as ProcessResult | undefined,
      config,
      dynamoDbClient: new DynamoDBClient({ ...LOCAL_AWS, ...boundedClientConfig(), endpoint: endpointOf('AWS_ENDPOINT_URL_DYNAMODB') }),
      sqsClient: new SQSClient({ ...LOCAL_AWS, ...boundedClientConfig(), endpoint: endpointOf('AWS_ENDPOINT_URL_SQS') }),
      // The archive's loopback Firehose, when the template's worker archives.
      firehoseClient: config.archive === undefined ? undefined
        : new FirehoseClient({ ...LOCAL_AWS, ...boundedClientConfig(), endpoint: endpointOf('AWS_ENDPOINT_URL_FIREHOSE') }),
      writeLine: environment.writeLine,
      now: environment.now,
    });
  };
}
