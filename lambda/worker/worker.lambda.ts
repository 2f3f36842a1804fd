/*
 * The worker Lambda: configuration and clients at module scope (reused across invocations),
 * everything else in createWorkerHandler.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { parseWorkerConfig } from './worker-config';
import { createWorkerHandler } from './worker-handler';
import { WORKER_CONFIG_ENV } from '../../src/private/runtime-contract';
import { DynamoIdempotencyStore } from '../aws/idempotency-store';
import { LambdaEventProcessor } from '../aws/lambda-processor';
import { SqsMessageVisibility } from '../aws/message-visibility';
import { AuditLog } from '../core/audit-log';
import { Metrics } from '../core/metrics';

const config = parseWorkerConfig(process.env[WORKER_CONFIG_ENV]);

export const handler = createWorkerHandler({
  store: new DynamoIdempotencyStore(new DynamoDBClient({}), config.tableName, config.eventKeyPrefix),
  processor: new LambdaEventProcessor(new LambdaClient({}), config.processorFunctionName),
  visibility: new SqsMessageVisibility(new SQSClient({}), config.queueUrl),
  log: new AuditLog('worker'),
  idempotencyTtlSeconds: config.idempotencyTtlSeconds,
  metrics: new Metrics(config.metrics),
});
