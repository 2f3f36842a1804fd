/*
 * The sweep's configuration, written by the ReconciliationSweep construct into
 * ACK_FAST_SWEEP_CONFIG and checked once, at cold start.
 */
// An optional dependency of the package (lib/runtime), bundled into the handlers.
// eslint-disable-next-line import/no-extraneous-dependencies
import * as v from 'valibot';
import { SWEEP_CONFIG_ENV, SWEEP_KEY_PREFIX, SweepRuntimeConfig } from '../../contract';
import { ConfigSource, configFromEnv, validateConfig } from '../ingest/config-schemas';

const Seconds = (min: number) => v.pipe(v.number(), v.integer(), v.minValue(min));

const SweepConfigSchema = v.pipe(
  v.object({
    sweepName: v.pipe(v.string(), v.nonEmpty()),
    tableName: v.pipe(v.string(), v.nonEmpty()),
    cursorKey: v.pipe(v.string(), v.startsWith(SWEEP_KEY_PREFIX, `cursorKey must start with ${SWEEP_KEY_PREFIX}`)),
    intervalSeconds: Seconds(60),
    overlapSeconds: Seconds(0),
    settleSeconds: Seconds(0),
    initialLookbackSeconds: Seconds(1),
    maxItems: Seconds(1),
    maxRunSeconds: Seconds(1),
    leaseSeconds: Seconds(1),
    cursorTtlSeconds: Seconds(1),
    metrics: v.object({ namespace: v.pipe(v.string(), v.nonEmpty()), pipeline: v.pipe(v.string(), v.nonEmpty()) }),
  }),
  v.check((config) => config.leaseSeconds >= config.maxRunSeconds, 'leaseSeconds must be at least maxRunSeconds: two runs would overlap'),
);

const SWEEP_CONFIG: ConfigSource<SweepRuntimeConfig> = {
  envName: SWEEP_CONFIG_ENV,
  schema: SweepConfigSchema as v.GenericSchema<unknown, SweepRuntimeConfig>,
  what: 'sweep',
  whoSetsIt: 'the ReconciliationSweep construct sets it on the sweep function; or pass createSweepHandler({ config })',
  fix: 'Redeploy the ReconciliationSweep.',
};

export function validateSweepConfig(input: unknown, origin: string): SweepRuntimeConfig {
  return validateConfig(SWEEP_CONFIG, input, origin);
}

export function sweepConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SweepRuntimeConfig {
  return configFromEnv(SWEEP_CONFIG, env);
}
