/*
 * The loopback AWS the handlers run against during a bench: dynalite and the Secrets Manager and
 * Lambda fakes in this (the driver's) process, fauxqs in its own. The handlers under test run in
 * yet another process, so the CPU they are charged with is theirs alone.
 */
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Implementation } from './bundles';
import { BENCH_SECRET, BENCH_SECRET_ARN } from './scenario';
import {
  createFifoQueueWithDlq, createStateTable, dynamoClient, RunningEmulator, sqsClient, startDynalite, startFauxqs,
} from '../local/emulators';
import { LambdaInvokeFake, startLambdaInvokeFake } from '../local/lambda-invoke-fake';
import { LocalSecretsManager, startLocalSecretsManager } from '../local/secrets-manager-fake';

export interface BenchEndpoints {
  readonly sqs: string;
  readonly dynamodb: string;
  readonly secretsManager: string;
  readonly lambda: string;
}

/** The queue and table one implementation uses in one measurement (fresh for each, so runs do not interact). */
export interface BenchResources {
  readonly implementation: Implementation;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly tableName: string;
}

export interface BenchEnvironment {
  readonly endpoints: BenchEndpoints;
  readonly sqs: SQSClient;
  readonly processor: LambdaInvokeFake;
  createResources(implementation: Implementation): Promise<BenchResources>;
  stop(): Promise<void>;
}

/** Powertools' DynamoDB persistence layer keys its table on `id` (its default keyAttr). */
async function createPowertoolsIdempotencyTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(new CreateTableCommand({
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
}

export async function startBenchEnvironment(): Promise<BenchEnvironment> {
  const started: Array<RunningEmulator | LocalSecretsManager | LambdaInvokeFake> = [];
  try {
    const [dynalite, fauxqs, secrets, processor] = await Promise.all([
      startDynalite().then((emulator) => (started.push(emulator), emulator)),
      startFauxqs().then((emulator) => (started.push(emulator), emulator)),
      startLocalSecretsManager(BENCH_SECRET_ARN, BENCH_SECRET).then((fake) => (started.push(fake), fake)),
      // The processor of the bench does nothing and answers PROCESSED, so the handlers' own cost shows.
      startLambdaInvokeFake(() => ({ payload: '{}' })).then((fake) => (started.push(fake), fake)),
    ]);
    const dynamo = dynamoClient(dynalite.endpoint);
    const sqs = sqsClient(fauxqs.endpoint);
    return {
      endpoints: { sqs: fauxqs.endpoint, dynamodb: dynalite.endpoint, secretsManager: secrets.endpoint, lambda: processor.endpoint },
      sqs,
      processor,
      createResources: async (implementation) => {
        const name = `bench-${implementation}-${randomUUID().slice(0, 8)}`;
        const { queueUrl } = await createFifoQueueWithDlq(sqs, name, { visibilityTimeoutSeconds: 60, maxReceiveCount: 3 });
        const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
        if (implementation === 'ours') await createStateTable(dynamo, name);
        else await createPowertoolsIdempotencyTable(dynamo, name);
        return { implementation, queueUrl, queueArn, tableName: name };
      },
      stop: async () => {
        dynamo.destroy();
        sqs.destroy();
        await Promise.all(started.map((service) => service.stop()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((service) => service.stop()));
    throw error;
  }
}
