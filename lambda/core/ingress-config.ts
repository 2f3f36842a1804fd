/*
 * The ingress handler's configuration, read once per cold start from INGRESS_CONFIG_ENV.
 *
 * The construct writes it, but a hand-edited or stale function configuration must fail loudly at
 * cold start with the variable's name and the field at fault, not as a 500 per request.
 */
import * as v from 'valibot';
import { TIMESTAMPED_SCHEMES } from './schemes/authentication-schemes';
import {
  AUTHENTICATION_SCHEMES, INGRESS_CONFIG_ENV, IngressRuntimeConfig, SECRET_CACHE_TTL_MIN_SECONDS,
} from '../../src/contract';
import { MetricsConfigSchema } from '../../src/runtime/core/metrics-config';
import {
  BODY_AND_IDENTITY_FIELDS, ConfigSource, configFromEnv, LowerCaseHeader, validateConfig,
} from '../../src/runtime/ingest/config-schemas';

const LowerCaseHeaders = v.pipe(v.array(LowerCaseHeader), v.minLength(1, 'name at least one header'));

const AuthenticationSchema = v.pipe(
  v.object({
    scheme: v.picklist(AUTHENTICATION_SCHEMES),
    secretArn: v.pipe(v.string(), v.nonEmpty('secretArn must not be empty')),
    headers: LowerCaseHeaders,
    algorithm: v.picklist(['sha256', 'sha1']),
    encoding: v.picklist(['hex', 'base64']),
    prefix: v.string(),
    toleranceSeconds: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
  v.forward(
    v.check(
      (auth) => !TIMESTAMPED_SCHEMES.includes(auth.scheme) || auth.toleranceSeconds > 0,
      `toleranceSeconds must be at least 1 for the ${TIMESTAMPED_SCHEMES.join(' and ')} schemes`,
    ),
    ['toleranceSeconds'],
  ),
);

const IngressConfigSchema = v.object({
  ...BODY_AND_IDENTITY_FIELDS,
  metrics: MetricsConfigSchema,
  authentication: AuthenticationSchema,
  secretCacheTtlSeconds: v.pipe(v.number(), v.finite(), v.minValue(SECRET_CACHE_TTL_MIN_SECONDS,
    `secretCacheTtlSeconds must be at least ${SECRET_CACHE_TTL_MIN_SECONDS}: a shorter cache reads Secrets Manager on nearly every request`)),
  previousSecretGraceSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  tracing: v.optional(v.boolean()),
});

const INGRESS_CONFIG: ConfigSource<IngressRuntimeConfig> = {
  envName: INGRESS_CONFIG_ENV,
  schema: IngressConfigSchema as v.GenericSchema<unknown, IngressRuntimeConfig>,
  what: 'ingress',
  whoSetsIt: 'the ingress handler needs its JSON configuration there (the AckFastWebhookPipeline construct sets it)',
  fix: 'Redeploy the AckFastWebhookPipeline construct so it writes a valid configuration.',
};

/** Validates an already-parsed value; throws naming `origin` and every field at fault. */
export function validateIngressRuntimeConfig(input: unknown, origin: string = INGRESS_CONFIG_ENV): IngressRuntimeConfig {
  return validateConfig(INGRESS_CONFIG, input, origin);
}

/** Reads and validates the configuration from the environment (the Lambda's cold start). */
export function ingressRuntimeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): IngressRuntimeConfig {
  return configFromEnv(INGRESS_CONFIG, env);
}
