/*
 * How long one AWS call of each component may take: per attempt a connection timeout and an
 * answer timeout, and how many attempts. Every SDK client the handlers and lib/runtime build
 * takes its settings from one of these (src/runtime/aws/client-config.ts), so the policy is read
 * in one place: the worker's budget is part of its time rules (worker-time.ts), the ingress's is
 * short because a sender is waiting.
 *
 * Part of the contract: free of aws-cdk-lib and AWS SDK imports. Not exported from src/index.ts.
 */
import { WORKER_AWS_CALL_ATTEMPTS, WORKER_AWS_CONNECTION_TIMEOUT_MS, WORKER_AWS_REQUEST_TIMEOUT_MS } from './worker-time';

export interface AwsCallBudget {
  readonly connectionTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly attempts: number;
}

/** The ingress's SQS send and secret reads: API Gateway waits at most 29 s, and a slow call is a 503 the sender retries. */
export const INGRESS_AWS_CALL_BUDGET: AwsCallBudget = { connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000, attempts: 3 };

/** The worker's DynamoDB and SQS calls: their worst case is counted in WORKER_RECORD_MARGIN_MS. */
export const WORKER_AWS_CALL_BUDGET: AwsCallBudget = {
  connectionTimeoutMs: WORKER_AWS_CONNECTION_TIMEOUT_MS, requestTimeoutMs: WORKER_AWS_REQUEST_TIMEOUT_MS, attempts: WORKER_AWS_CALL_ATTEMPTS,
};

/** An enqueuer's send and a sweep's reads and writes: off the sender's path, so a little more patient. */
export const PRODUCER_AWS_CALL_BUDGET: AwsCallBudget = { connectionTimeoutMs: 1_000, requestTimeoutMs: 3_000, attempts: 3 };

/** The rate limiter's conditional writes: inside a processor's run, so short. */
export const RATE_LIMITER_AWS_CALL_BUDGET: AwsCallBudget = { connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000, attempts: 3 };
