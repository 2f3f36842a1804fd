/*
 * The environment variables the construct sets on the functions it configures.
 *
 * Part of the contract between the construct (synth time), the handlers and the CLI (run time):
 * free of aws-cdk-lib and AWS SDK imports, names, shapes and limits only. Not exported from src/index.ts.
 */

/** Environment variable that carries the ingress handler's JSON configuration. */
export const INGRESS_CONFIG_ENV = 'ACK_FAST_INGRESS_CONFIG';
/** Environment variable that carries the worker handler's JSON configuration. */
export const WORKER_CONFIG_ENV = 'ACK_FAST_WORKER_CONFIG';

/** Environment variable the construct sets on a processor it grants rate limiting to: the state table's name. */
export const STATE_TABLE_ENV = 'ACK_FAST_STATE_TABLE';
/** Environment variable `grantEnqueue` sets on a Lambda function: EnqueueRuntimeConfig as JSON. */
export const ENQUEUE_CONFIG_ENV = 'ACK_FAST_ENQUEUE_CONFIG';
/** Environment variable `ReconciliationSweep` sets on its function: SweepRuntimeConfig as JSON. */
export const SWEEP_CONFIG_ENV = 'ACK_FAST_SWEEP_CONFIG';
