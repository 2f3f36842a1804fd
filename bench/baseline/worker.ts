/*
 * Baseline worker: the same job as lambda/worker, the Powertools way. Batch's FIFO processor
 * (async variant, because the record handler awaits the processor Lambda) with skipGroupOnError,
 * so a failure holds back only its own group, as ours does; Idempotency on the eventId attribute
 * with the invocation's remaining time as the in-progress lease. Benchmark only: never shipped.
 */
import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
// @ts-expect-error TS1479: middy 6 is ESM-only; esbuild bundles it into the CommonJS handler like any other import.
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { BASELINE_ENV, IDEMPOTENCY_TTL_SECONDS } from '../scenario';

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** The processor asked to be called again later; the message returns after the queue's visibility timeout. */
class RetryLaterError extends Error {
  constructor(seconds: number) {
    super(`processor asked for a retry in ${seconds} s`);
    this.name = 'RetryLaterError';
  }
}

const logger = new Logger({ serviceName: 'webhook-worker' });
const lambda = new LambdaClient({});
const processorFunctionName = requiredEnv(BASELINE_ENV.processorFunctionName);
const batchProcessor = new SqsFifoPartialProcessorAsync();
const idempotencyConfig = new IdempotencyConfig({
  eventKeyJmesPath: 'messageAttributes.eventId.stringValue',
  expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS,
});
const persistenceStore = new DynamoDBPersistenceLayer({
  tableName: requiredEnv(BASELINE_ENV.tableName),
  keyAttr: process.env[BASELINE_ENV.tableKeyAttribute] ?? 'id',
});

async function invokeProcessor(record: SQSRecord): Promise<void> {
  const eventId = record.messageAttributes.eventId?.stringValue ?? '';
  const receivedAt = Number(record.messageAttributes.receivedAt?.stringValue ?? record.attributes.SentTimestamp);
  const output = await lambda.send(new InvokeCommand({
    FunctionName: processorFunctionName,
    Payload: JSON.stringify({
      eventId,
      messageGroupId: record.attributes.MessageGroupId,
      attempt: Number(record.attributes.ApproximateReceiveCount),
      receivedAt: new Date(receivedAt).toISOString(),
      payload: JSON.parse(record.body),
    }),
  }));
  if (output.FunctionError) throw new Error(`processor failed (${output.FunctionError})`);
  const text = output.Payload ? Buffer.from(output.Payload).toString('utf8') : '';
  const answer = text === '' || text === 'null' ? {} : JSON.parse(text);
  if (answer?.outcome === 'RETRY_LATER') throw new RetryLaterError(Number(answer.retryAfterSeconds));
  logger.info('event processed', { eventId, messageGroupId: record.attributes.MessageGroupId, messageId: record.messageId });
}

const processRecord = makeIdempotent(invokeProcessor, { persistenceStore, config: idempotencyConfig });

export const handler = middy(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  idempotencyConfig.registerLambdaContext(context);
  return processPartialResponse(event, processRecord, batchProcessor, { context, skipGroupOnError: true });
}).use(injectLambdaContext(logger));
