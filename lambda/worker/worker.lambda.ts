/*
 * The worker Lambda: configuration and clients at module scope (reused across invocations),
 * everything else in worker-composition.ts and createWorkerHandler.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { composeWorker, workerClientConfigs } from './worker-composition';
import { workerConfigFromEnv } from '../../src/runtime/worker/worker-config';

const config = workerConfigFromEnv();
const clientConfigs = workerClientConfigs(config);

export const handler = composeWorker(config, {
  clients: {
    dynamodb: new DynamoDBClient(clientConfigs.dynamodb),
    sqs: new SQSClient(clientConfigs.sqs),
    lambda: new LambdaClient(clientConfigs.lambda),
    // Created only when archiving is on: the client costs init time otherwise.
    firehose: config.archive === undefined ? undefined : new FirehoseClient(clientConfigs.firehose),
  },
});
