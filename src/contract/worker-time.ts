/*
 * The worker's time rules: how long its own calls may take, and what a record needs before it is claimed.
 *
 * Part of the contract between the construct (synth time), the handlers and the CLI (run time):
 * free of aws-cdk-lib and AWS SDK imports, names, shapes and limits only. Not exported from src/index.ts.
 */

/** Per attempt, the worker's DynamoDB and SQS calls wait this long for a connection... */
export const WORKER_AWS_CONNECTION_TIMEOUT_MS = 200;
/** ...and this long for the answer (smithy only throws with throwOnRequestTimeout). */
export const WORKER_AWS_REQUEST_TIMEOUT_MS = 500;
/** Attempts per DynamoDB/SQS call: each of the worker's writes is safe to repeat (own writes are recognised). */
export const WORKER_AWS_CALL_ATTEMPTS = 2;
/** The longest one such call can take: every attempt timing out, plus the SDK's retry delay (≤ 300 ms for one retry). */
export const WORKER_AWS_CALL_BUDGET_MS = WORKER_AWS_CALL_ATTEMPTS * (WORKER_AWS_CONNECTION_TIMEOUT_MS + WORKER_AWS_REQUEST_TIMEOUT_MS) + 300;
/** How long an Invoke may take beyond the processor's timeout (Lambda's overhead, a typical cold start) before its outcome is unknown. */
export const PROCESSOR_INVOKE_SLACK_MS = 2_000;
/**
 * The worker's own time per record besides the processor, at worst: the Invoke's connection and
 * slack plus the claim, the outcome write and the batch's visibility change. A record is claimed only while the
 * invocation has the processor's timeout plus this left.
 */
export const WORKER_RECORD_NEED_MS = WORKER_AWS_CONNECTION_TIMEOUT_MS + PROCESSOR_INVOKE_SLACK_MS + 3 * WORKER_AWS_CALL_BUDGET_MS;
/**
 * What workerTimeout must leave beyond the processor's timeout: the need, plus at least half a
 * second for the invocation to start, in whole seconds (Lambda timeouts are).
 */
export const WORKER_RECORD_MARGIN_MS = Math.ceil((WORKER_RECORD_NEED_MS + 500) / 1000) * 1000;
/**
 * The longest a synchronous Invoke can still be running after it was sent: Lambda may re-run a
 * failed init (≤ 10 s) and then the handler within the invoke, each up to the function's timeout.
 */
export function maxProcessorRunMs(processorTimeoutMs: number): number {
  return 2 * processorTimeoutMs + 10_000;
}
/** Lambda's default function timeout, assumed for a worker config that does not name the processor's. */
export const DEFAULT_PROCESSOR_TIMEOUT_MS = 3_000;
