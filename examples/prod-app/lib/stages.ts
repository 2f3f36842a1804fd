import { Duration, RemovalPolicy } from 'aws-cdk-lib';

/** What differs between the middleware's environments; everything else is the construct's default. */
export interface StageSettings {
  readonly name: 'dev' | 'staging' | 'prod';
  readonly throttlingRateLimit: number;
  readonly throttlingBurstLimit: number;
  readonly workerMaxConcurrency: number;
  readonly removalPolicy: RemovalPolicy;
  readonly idempotencyTtl: Duration;
}

export const STAGES: StageSettings[] = [
  { name: 'dev', throttlingRateLimit: 10, throttlingBurstLimit: 20, workerMaxConcurrency: 2, removalPolicy: RemovalPolicy.DESTROY, idempotencyTtl: Duration.days(14) },
  { name: 'staging', throttlingRateLimit: 25, throttlingBurstLimit: 50, workerMaxConcurrency: 3, removalPolicy: RemovalPolicy.DESTROY, idempotencyTtl: Duration.days(14) },
  { name: 'prod', throttlingRateLimit: 50, throttlingBurstLimit: 100, workerMaxConcurrency: 5, removalPolicy: RemovalPolicy.RETAIN, idempotencyTtl: Duration.days(30) },
];

/**
 * Each stage deploys to its own AWS account. The id comes from context (`-c devAccount=...`)
 * or the environment (`DEV_ACCOUNT_ID`); never from code. Without one, the stack is
 * account-agnostic and still synthesizes.
 */
export function accountFor(stage: string, context: (key: string) => unknown): string | undefined {
  const fromContext = context(`${stage}Account`);
  if (typeof fromContext === 'string' && fromContext !== '') return fromContext;
  return process.env[`${stage.toUpperCase()}_ACCOUNT_ID`] || undefined;
}
