/*
 * The contract between the construct (synth time), the handlers, lib/runtime and the CLI (run
 * time): environment variable names, the runtime configuration, the SQS message, the state
 * table's keys and the idempotency record, the archive, the stack outputs. Names, shapes and
 * limits only (no aws-cdk-lib, no AWS SDK), so every side can import it. Not exported from src/index.ts.
 */
export * from './archive';
export * from './environment';
export * from './idempotency-record';
export * from './message';
export * from './processor';
export * from './producer';
export * from './runtime-config';
export * from './stack-outputs';
export * from './state-table';
export * from './worker-time';
export * from './aws-call-budgets';
