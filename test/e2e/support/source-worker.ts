/*
 * The worker built from source, in this process, the way worker.lambda.ts builds it, with the local
 * pipeline's environment: the negative controls run it with one protection switched off (the SDK's
 * default Invoke retries, the own-lease rule, the idempotency check, the remaining-time rule) to show
 * that the same fault then does the harm the protected, bundled worker prevents.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { LambdaClient, LambdaClientConfig } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { composeWorker, processorTimeoutMsOf, workerClientConfigs } from '../../../lambda/worker/worker-composition';
import { LOCAL_AWS } from '../../../local/emulators';
import { HandlerFactory, LocalWorkerHandler } from '../../../local/handler-loader';
import { WORKER_CONFIG_ENV } from '../../../src/contract';
import { DynamoIdempotencyStore } from '../../../src/runtime/aws/idempotency-store';
import { ClaimDecision, ClaimParams, IdempotencyRecord } from '../../../src/runtime/core/claim';
import { WorkerTimeBudget } from '../../../src/runtime/core/time-budget';
import { AuditLog } from '../../../src/runtime/observability/audit-log';
import { Metrics } from '../../../src/runtime/observability/metrics';
import { parseWorkerConfig } from '../../../src/runtime/worker/worker-config';

/** A protection the worker has, switched off. */
export type DisabledProtection =
  /** The Invoke client retries as the SDK does by default (3 attempts). */
  | 'single-invoke-attempt'
  /** A write that meets its own earlier write (it landed, the answer was lost, the SDK resent it) is taken for someone else's. */
  | 'own-lease-recognition'
  /** A COMPLETED record does not stop a later delivery from running the processor. */
  | 'idempotency-record'
  /** Records are claimed however little time the invocation has left. */
  | 'remaining-time-rule';

class StoreWithoutOwnLease extends DynamoIdempotencyStore {
  protected decide(record: IdempotencyRecord | undefined, params: ClaimParams): ClaimDecision {
    const decision = super.decide(record, params);
    return decision === 'OWN_CLAIM' ? 'HELD_BY_LIVE_LEASE' : decision;
  }

  protected recognisesOwnWrites(): boolean {
    return false;
  }
}

class StoreWithoutIdempotency extends DynamoIdempotencyStore {
  public override async claim(eventId: string, params: ClaimParams) {
    const result = await super.claim(eventId, params);
    return result.kind === 'DUPLICATE_COMPLETED' ? { kind: 'CLAIMED' as const, attempt: 1 } : result;
  }
}

class BudgetWithoutTimeRule extends WorkerTimeBudget {
  public override canStart(): boolean {
    return true;
  }
}

export function sourceWorker(disabled: DisabledProtection): HandlerFactory<LocalWorkerHandler> {
  return (environment) => {
    const variables = environment.variables;
    const config = parseWorkerConfig(variables[WORKER_CONFIG_ENV]);
    const configs = workerClientConfigs(config);
    const local = { region: LOCAL_AWS.region, credentials: LOCAL_AWS.credentials };
    const lambdaConfig: LambdaClientConfig = disabled === 'single-invoke-attempt'
      ? { ...configs.lambda, maxAttempts: 3 }
      : configs.lambda;
    const dynamodb = new DynamoDBClient({ ...configs.dynamodb, ...local, endpoint: variables.AWS_ENDPOINT_URL_DYNAMODB });
    const clients = {
      dynamodb,
      sqs: new SQSClient({ ...configs.sqs, ...local, endpoint: variables.AWS_ENDPOINT_URL_SQS }),
      lambda: new LambdaClient({ ...lambdaConfig, ...local, endpoint: variables.AWS_ENDPOINT_URL_LAMBDA }),
      firehose: variables.AWS_ENDPOINT_URL_FIREHOSE === undefined ? undefined
        : new FirehoseClient({ ...configs.firehose, ...local, endpoint: variables.AWS_ENDPOINT_URL_FIREHOSE }),
    };
    const store = disabled === 'own-lease-recognition' ? new StoreWithoutOwnLease(dynamodb, config.tableName, config.eventKeyPrefix)
      : disabled === 'idempotency-record' ? new StoreWithoutIdempotency(dynamodb, config.tableName, config.eventKeyPrefix)
        : undefined;
    return composeWorker(config, {
      clients,
      store,
      timeBudget: disabled === 'remaining-time-rule' ? new BudgetWithoutTimeRule(processorTimeoutMsOf(config)) : undefined,
      log: new AuditLog('worker', environment.writeLine, environment.now),
      metrics: new Metrics(config.metrics, environment.writeLine, environment.now),
      now: environment.now,
    });
  };
}
