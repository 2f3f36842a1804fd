/*
 * `createWorker({ process })`: the worker as a library, for the in-process mode. Returns the
 * Lambda SQS handler of your own function (the construct's `workerFunction`): it claims each
 * event, calls `process` in the same process at most once per claim, records the outcome, and
 * reports partial batch failures, exactly as the bundled worker does around its Lambda Invoke.
 * Build it at module scope, so the clients are reused across invocations.
 */
// Not dependencies of the library: the Lambda Node.js runtime provides SDK v3.
// eslint-disable-next-line import/no-extraneous-dependencies
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
// eslint-disable-next-line import/no-extraneous-dependencies
import { FirehoseClient } from '@aws-sdk/client-firehose';
// eslint-disable-next-line import/no-extraneous-dependencies
import { SQSClient } from '@aws-sdk/client-sqs';
import { boundedClientConfig, composeWorkerHandler } from './compose-worker';
import { workerConfigFromEnv } from './worker-config';
import { WorkerHandler } from './worker-handler';
import {
  PROCESSOR_OUTCOME_PROCESSED, PROCESSOR_OUTCOME_RETRY_LATER, ProcessorRequestPayload, WorkerRuntimeConfig,
} from '../../contract';
import { EventProcessor, interpretProcessorResult, ProcessorOutcome } from '../core/processor-outcome';
import { AuditLog, LineWriter } from '../observability/audit-log';
import { Metrics } from '../observability/metrics';

/** What `process` may return: nothing (or PROCESSED) completes the event; RETRY_LATER delays it. */
export interface ProcessResult {
  readonly outcome?: typeof PROCESSOR_OUTCOME_PROCESSED | typeof PROCESSOR_OUTCOME_RETRY_LATER;
  /** With RETRY_LATER: seconds until the next delivery (capped at SQS's 12 hours). */
  readonly retryAfterSeconds?: number;
}

/**
 * Your business logic for one event. Throwing fails the attempt (retried, then the DLQ);
 * `event.attempt > 1` means an earlier run may have had effects: check your own markers.
 */
export type ProcessEvent = (event: ProcessorRequestPayload) => Promise<ProcessResult | void | null> | ProcessResult | void | null;

export interface CreateWorkerOptions {
  /** Called once per claimed event, in this process. */
  readonly process: ProcessEvent;
  /** Default: environment variable ACK_FAST_WORKER_CONFIG, which the construct sets on `workerFunction`. */
  readonly config?: WorkerRuntimeConfig;
  /** Default: a client with the worker's bounded timeouts and retries. */
  readonly dynamoDbClient?: DynamoDBClient;
  /** Default: a client with the worker's bounded timeouts and retries. */
  readonly sqsClient?: SQSClient;
  /** For the event archive (the construct's default). Default: a client with the worker's bounded timeouts and retries, only when the configuration names an archive. */
  readonly firehoseClient?: FirehoseClient;
  /** Where the audit log and metric lines go. Default: stdout (CloudWatch Logs; EMF turns the metric line into metrics). */
  readonly writeLine?: LineWriter;
  /** Default: Date.now. */
  readonly now?: () => number;
}

/** Calls your function in-process: what it returns is read like a processor Lambda's answer; a throw is caught by the worker (FAILED). */
export class InProcessEventProcessor implements EventProcessor {
  constructor(private readonly processEvent: ProcessEvent) {}

  public async process(request: ProcessorRequestPayload): Promise<ProcessorOutcome> {
    return interpretProcessorResult(await this.processEvent(request));
  }
}

export function createWorker(options: CreateWorkerOptions): WorkerHandler {
  if (typeof options.process !== 'function') {
    throw new Error('createWorker needs a `process` function: createWorker({ process: async (event) => { ... } }).');
  }
  const config = options.config ?? workerConfigFromEnv();
  return composeWorkerHandler(config, {
    clients: {
      dynamodb: options.dynamoDbClient ?? new DynamoDBClient(boundedClientConfig()),
      sqs: options.sqsClient ?? new SQSClient(boundedClientConfig()),
      // Created only when archiving is on: the client costs init time otherwise.
      firehose: options.firehoseClient ?? (config.archive === undefined ? undefined : new FirehoseClient(boundedClientConfig())),
    },
    processor: new InProcessEventProcessor(options.process),
    log: new AuditLog('worker', options.writeLine, options.now),
    metrics: new Metrics(config.metrics, options.writeLine, options.now),
    now: options.now,
  });
}
