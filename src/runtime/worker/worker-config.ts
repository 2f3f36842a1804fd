/*
 * The worker's configuration, read once per cold start from the environment the construct sets.
 */
// An optional dependency of this package (lib/runtime), bundled into the handlers.
// eslint-disable-next-line import/no-extraneous-dependencies
import * as v from 'valibot';
import { WORKER_CONFIG_ENV, WorkerRuntimeConfig } from '../../contract';
import { MetricsConfigSchema } from '../core/metrics-config';
import { ConfigSource, configFromEnv } from '../ingest/config-schemas';

const WorkerConfigSchema = v.object({
  tableName: v.pipe(v.string(), v.minLength(1)),
  queueUrl: v.pipe(v.string(), v.minLength(1)),
  metrics: MetricsConfigSchema,
  processorFunctionName: v.optional(v.pipe(v.string(), v.minLength(1))),
  idempotencyTtlSeconds: v.pipe(v.number(), v.integer(), v.minValue(1)),
  processorTimeoutMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  groupConcurrency: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10))),
  tracing: v.optional(v.boolean()),
  archive: v.optional(v.object({
    deliveryStreamName: v.pipe(v.string(), v.minLength(1)),
    pipelineName: v.pipe(v.string(), v.minLength(1)),
  })),
  eventKeyPrefix: v.optional(v.pipe(v.string(), v.regex(/^event#[A-Za-z0-9._-]+#$/, 'eventKeyPrefix must look like event#<namespace>#'))),
});

const WORKER_CONFIG: ConfigSource<WorkerRuntimeConfig> = {
  envName: WORKER_CONFIG_ENV,
  schema: WorkerConfigSchema as v.GenericSchema<unknown, WorkerRuntimeConfig>,
  what: 'worker',
  whoSetsIt: 'the worker needs its JSON configuration there (the AckFastWebhookPipeline construct sets it, on workerFunction too)',
  fix: 'Redeploy the AckFastWebhookPipeline construct so it writes a valid configuration.',
};

/** Reads and validates the worker's configuration from the environment (the Lambda's cold start). */
export function workerConfigFromEnv(env: NodeJS.ProcessEnv = process.env): WorkerRuntimeConfig {
  return configFromEnv(WORKER_CONFIG, env);
}

/** The configuration in `raw` (the variable's text), validated as workerConfigFromEnv does. */
export function parseWorkerConfig(raw: string | undefined): WorkerRuntimeConfig {
  return workerConfigFromEnv({ [WORKER_CONFIG_ENV]: raw });
}
