/*
 * The SDK client settings for an AwsCallBudget (src/contract/aws-call-budgets.ts): the same
 * policy for every client the handlers and lib/runtime build.
 */
import { AwsCallBudget } from '../../contract';

export interface BudgetedClientConfig {
  readonly maxAttempts: number;
  readonly requestHandler: { readonly connectionTimeout: number; readonly requestTimeout: number; readonly throwOnRequestTimeout: true };
}

/** Timeouts that end the call (smithy's request timeout only warns unless throwOnRequestTimeout is set). */
export function clientConfigFor(budget: AwsCallBudget): BudgetedClientConfig {
  return {
    maxAttempts: budget.attempts,
    requestHandler: { connectionTimeout: budget.connectionTimeoutMs, requestTimeout: budget.requestTimeoutMs, throwOnRequestTimeout: true },
  };
}
