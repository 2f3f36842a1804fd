/*
 * The enqueuer's configuration: the ingress's body and identity rules for this pipeline, written
 * by `pipeline.grantEnqueue(fn)` into ACK_FAST_ENQUEUE_CONFIG and checked once, at cold start.
 */
// An optional dependency of the package (lib/runtime), bundled into the handlers.
// eslint-disable-next-line import/no-extraneous-dependencies
import * as v from 'valibot';
import { ENQUEUE_CONFIG_ENV, EnqueueRuntimeConfig } from '../contract';
import { BODY_AND_IDENTITY_FIELDS, describeIssues, jsonFromEnv } from './ingest/config-schemas';

const EnqueueConfigSchema = v.object({
  ...BODY_AND_IDENTITY_FIELDS,
  receivedCheck: v.optional(v.object({
    tableName: v.pipe(v.string(), v.nonEmpty('receivedCheck.tableName must name the state table')),
    eventKeyPrefix: v.pipe(v.string(), v.nonEmpty('receivedCheck.eventKeyPrefix must be the pipeline\'s key prefix')),
  })),
});

const WHO_SETS_IT = 'call pipeline.grantEnqueue(fn) in your CDK app (it sets the variable), or pass createEnqueuer({ config })';

/** Validates a configuration (from the environment or given in code); throws naming every field at fault. */
export function validateEnqueueConfig(input: unknown, origin: string): EnqueueRuntimeConfig {
  const result = v.safeParse(EnqueueConfigSchema, input);
  if (!result.success) {
    throw new Error(`Invalid enqueuer configuration in ${origin}: ${describeIssues(result.issues)}. Redeploy so pipeline.grantEnqueue writes a valid one.`);
  }
  return result.output;
}

export function enqueueConfigFromEnv(env: NodeJS.ProcessEnv = process.env): EnqueueRuntimeConfig {
  return validateEnqueueConfig(jsonFromEnv(env, ENQUEUE_CONFIG_ENV, WHO_SETS_IT), `environment variable ${ENQUEUE_CONFIG_ENV}`);
}
