/*
 * The environment each handler bundle starts with: what Lambda would set, the configuration the
 * construct (ours) or a template (baseline) would write, and the SDK endpoints of the loopback AWS.
 */
import { HandlerKind, Implementation } from './bundles';
import { BenchEndpoints, BenchResources } from './environment';
import {
  BASELINE_ENV, BENCH_REGION, BENCH_SECRET_ARN, EVENT_ID_HEADER, IDEMPOTENCY_TTL_SECONDS, MESSAGE_GROUP_POINTER,
  PROCESSOR_FUNCTION_NAME, SIGNATURE_HEADER, SIGNATURE_PREFIX,
} from './scenario';
import { DEFAULT_ASSUMPTIONS } from '../cli/capacity/assumptions';
import {
  INGRESS_CONFIG_ENV, IngressRuntimeConfig, METRICS_NAMESPACE, WORKER_CONFIG_ENV, WorkerRuntimeConfig,
} from '../src/contract';

/** Endpoints nothing listens on: cold init must not open a connection, and would fail loudly if it did. */
export const UNREACHABLE_ENDPOINTS: BenchEndpoints = {
  sqs: 'http://127.0.0.1:9',
  dynamodb: 'http://127.0.0.1:9',
  secretsManager: 'http://127.0.0.1:9',
  lambda: 'http://127.0.0.1:9',
};

/** The memory both workers are given (the construct's default `workerMemorySize`, the capacity model's `workerMemoryMb`). */
export const BENCH_WORKER_MEMORY_MB = DEFAULT_ASSUMPTIONS.workerMemoryMb;

export const UNUSED_RESOURCES: Omit<BenchResources, 'implementation'> = {
  queueUrl: 'http://127.0.0.1:9/000000000000/bench.fifo',
  queueArn: 'arn:aws:sqs:us-east-2:000000000000:bench.fifo',
  tableName: 'bench',
};

function ourIngressConfig(resources: Omit<BenchResources, 'implementation'>): IngressRuntimeConfig {
  return {
    queueUrl: resources.queueUrl,
    metrics: { namespace: METRICS_NAMESPACE, pipeline: 'bench' },
    maxBodyBytes: 262_144,
    authentication: {
      scheme: 'hmac',
      secretArn: BENCH_SECRET_ARN,
      headers: [SIGNATURE_HEADER],
      algorithm: 'sha256',
      encoding: 'hex',
      prefix: SIGNATURE_PREFIX,
      toleranceSeconds: 0,
    },
    eventIdHeaders: [EVENT_ID_HEADER],
    messageGroupIdJsonPointer: MESSAGE_GROUP_POINTER,
    requiredJsonPointers: [MESSAGE_GROUP_POINTER],
    secretCacheTtlSeconds: 300,
  };
}

function ourWorkerConfig(resources: Omit<BenchResources, 'implementation'>): WorkerRuntimeConfig {
  return {
    tableName: resources.tableName,
    queueUrl: resources.queueUrl,
    metrics: { namespace: METRICS_NAMESPACE, pipeline: 'bench' },
    processorFunctionName: PROCESSOR_FUNCTION_NAME,
    idempotencyTtlSeconds: IDEMPOTENCY_TTL_SECONDS,
  };
}

export function handlerEnvironment(
  implementation: Implementation,
  kind: HandlerKind,
  endpoints: BenchEndpoints,
  resources: Omit<BenchResources, 'implementation'>,
): Record<string, string> {
  const lambdaEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    // The SDK's Node 20 end-of-support notice would fill the probes' stderr, which carries their errors.
    NODE_NO_WARNINGS: '1',
    AWS_REGION: BENCH_REGION,
    AWS_DEFAULT_REGION: BENCH_REGION,
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_LAMBDA_FUNCTION_NAME: `bench-${implementation}-${kind}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(kind === 'worker' ? BENCH_WORKER_MEMORY_MB : 256),
    AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secretsManager,
    AWS_ENDPOINT_URL_LAMBDA: endpoints.lambda,
  };
  if (implementation === 'ours') {
    return kind === 'ingress'
      ? { ...lambdaEnv, [INGRESS_CONFIG_ENV]: JSON.stringify(ourIngressConfig(resources)) }
      : { ...lambdaEnv, [WORKER_CONFIG_ENV]: JSON.stringify(ourWorkerConfig(resources)) };
  }
  return {
    ...lambdaEnv,
    POWERTOOLS_LOG_LEVEL: 'INFO',
    [BASELINE_ENV.queueUrl]: resources.queueUrl,
    [BASELINE_ENV.secretArn]: BENCH_SECRET_ARN,
    [BASELINE_ENV.tableName]: resources.tableName,
    [BASELINE_ENV.processorFunctionName]: PROCESSOR_FUNCTION_NAME,
  };
}
