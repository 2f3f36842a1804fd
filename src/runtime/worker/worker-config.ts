/*
 * The worker's configuration, read once per cold start from the environment the construct sets.
 */
// An optional dependency of this package (lib/runtime), bundled into the handlers.
// eslint-disable-next-line import/no-extraneous-dependencies
import * as v from 'valibot';
import { WORKER_CONFIG_ENV, WorkerRuntimeConfig } from '../../contract';
import { MetricsConfigSchema } from '../core/metrics-config';

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

export function parseWorkerConfig(raw: string | undefined): WorkerRuntimeConfig {
  if (raw === undefined || raw === '') {
    throw new Error(`${WORKER_CONFIG_ENV} is not set: the worker needs its JSON configuration (set by the construct).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error(`${WORKER_CONFIG_ENV} is not valid JSON.`);
  }
  const result = v.safeParse(WorkerConfigSchema, json);
  if (!result.success) {
    const issues = result.issues.map((issue) => `${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`).join('; ');
    throw new Error(`${WORKER_CONFIG_ENV} is invalid: ${issues}`);
  }
  return result.output;
}
