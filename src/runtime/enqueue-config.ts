/*
 * The enqueuer's configuration: the ingress's body and identity rules for this pipeline, written
 * by `pipeline.grantEnqueue(fn)` into ACK_FAST_ENQUEUE_CONFIG and checked once, at cold start.
 */
// An optional dependency of the package (lib/runtime), bundled into the handlers.
// eslint-disable-next-line import/no-extraneous-dependencies
import * as v from 'valibot';
import { ENQUEUE_CONFIG_ENV, EnqueueRuntimeConfig } from '../contract';
import { BODY_AND_IDENTITY_FIELDS, ConfigSource, configFromEnv, validateConfig } from './ingest/config-schemas';

const EnqueueConfigSchema = v.object({
  ...BODY_AND_IDENTITY_FIELDS,
  receivedCheck: v.optional(v.object({
    tableName: v.pipe(v.string(), v.nonEmpty('receivedCheck.tableName must name the state table')),
    eventKeyPrefix: v.pipe(v.string(), v.nonEmpty('receivedCheck.eventKeyPrefix must be the pipeline\'s key prefix')),
  })),
});

const ENQUEUE_CONFIG: ConfigSource<EnqueueRuntimeConfig> = {
  envName: ENQUEUE_CONFIG_ENV,
  schema: EnqueueConfigSchema as v.GenericSchema<unknown, EnqueueRuntimeConfig>,
  what: 'enqueuer',
  whoSetsIt: 'call pipeline.grantEnqueue(fn) in your CDK app (it sets the variable), or pass createEnqueuer({ config })',
  fix: 'Redeploy so pipeline.grantEnqueue writes a valid one.',
};

/** Validates a configuration (from the environment or given in code); throws naming every field at fault. */
export function validateEnqueueConfig(input: unknown, origin: string): EnqueueRuntimeConfig {
  return validateConfig(ENQUEUE_CONFIG, input, origin);
}

export function enqueueConfigFromEnv(env: NodeJS.ProcessEnv = process.env): EnqueueRuntimeConfig {
  return configFromEnv(ENQUEUE_CONFIG, env);
}
