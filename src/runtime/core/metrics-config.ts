/*
 * The optional `metrics` object shared by the ingress and worker configurations.
 */
// An optional dependency of this package (lib/runtime), bundled into the handlers.
// eslint-disable-next-line import/no-extraneous-dependencies
import * as v from 'valibot';

/** Where the handlers publish EMF metrics (optional: configurations written before metrics omit it). */
export const MetricsConfigSchema = v.optional(v.object({
  namespace: v.pipe(v.string(), v.nonEmpty('metrics.namespace must not be empty'), v.maxLength(255)),
  pipeline: v.pipe(v.string(), v.nonEmpty('metrics.pipeline must not be empty'), v.maxLength(1024)),
}));
