import { Duration } from 'aws-cdk-lib';
import { readableProcessorTimeout } from './pipeline-settings';
import { requireRange } from './validate-props';
import type { ReconciliationSweepProps } from '../reconciliation-sweep';

/** ReconciliationSweepProps with every default applied and every cross-prop rule checked. */
export interface SweepSettings {
  readonly sweepName: string;
  readonly interval: Duration;
  readonly overlap: Duration;
  readonly settleDelay: Duration;
  readonly initialLookback: Duration;
  readonly maxItemsPerRun: number;
  readonly maxRunDuration: Duration;
  readonly functionTimeout: Duration;
  readonly alarmsEnabled: boolean;
  readonly alarmNamePrefix: string;
  readonly recoveredThreshold: number;
  readonly maxCursorLag: Duration;
  readonly runbookUrl?: string;
}

function requireWholeMinutes(name: string, value: Duration, min: number, max: number): void {
  const seconds = value.toSeconds();
  if (seconds % 60 !== 0 || seconds < min * 60 || seconds > max * 60) {
    throw new Error(`${name} must be whole minutes from ${min} to ${max} (EventBridge Scheduler rate expressions); got ${value.toHumanString()}.`);
  }
}

export function resolveSweepSettings(props: ReconciliationSweepProps, id: string): SweepSettings {
  const interval = props.interval ?? Duration.minutes(5);
  requireWholeMinutes('interval', interval, 1, 1440);
  // validatePipelineProps reads the processor's timeout the same way: Lambda's 3 s when none is set.
  const functionTimeout = readableProcessorTimeout(props.sweepFunction)!;
  const maxRunDuration = props.maxRunDuration ?? Duration.seconds(Math.max(1, Math.floor(functionTimeout.toSeconds() * 0.8)));
  if (maxRunDuration.toSeconds() < 1 || maxRunDuration.toSeconds() >= functionTimeout.toSeconds()) {
    throw new Error(`maxRunDuration (${maxRunDuration.toHumanString()}) must be at least 1 second and shorter than the sweep function's timeout `
      + `(${functionTimeout.toHumanString()}), so a run saves its cursor before Lambda stops it. Lower maxRunDuration or raise the function's timeout.`);
  }
  if (functionTimeout.toSeconds() > interval.toSeconds()) {
    throw new Error(`The sweep function's timeout (${functionTimeout.toHumanString()}) must not exceed interval (${interval.toHumanString()}): `
      + 'a run would still hold the cursor when the next one starts. Lower the timeout or raise interval.');
  }
  const overlap = props.overlap ?? Duration.minutes(1);
  const settleDelay = props.settleDelay ?? Duration.minutes(1);
  const initialLookback = props.initialLookback ?? Duration.hours(1);
  if (initialLookback.toSeconds() < 1) throw new Error(`initialLookback must be at least 1 second; got ${initialLookback.toHumanString()}.`);
  requireRange('maxItemsPerRun', props.maxItemsPerRun, 1, 100_000, 'candidates one run handles');
  requireRange('recoveredThreshold', props.recoveredThreshold, 0, 1_000_000, 'events recovered per interval before the alarm');
  const maxCursorLag = props.maxCursorLag
    ?? Duration.seconds(2 * interval.toSeconds() + settleDelay.toSeconds() + maxRunDuration.toSeconds());
  if (maxCursorLag.toSeconds() <= settleDelay.toSeconds() + maxRunDuration.toSeconds()) {
    throw new Error(`maxCursorLag (${maxCursorLag.toHumanString()}) must exceed settleDelay + maxRunDuration, the lag of a healthy run.`);
  }
  return {
    sweepName: props.sweepName ?? id,
    interval,
    overlap,
    settleDelay,
    initialLookback,
    maxItemsPerRun: props.maxItemsPerRun ?? 500,
    maxRunDuration,
    functionTimeout,
    alarmsEnabled: props.alarmsEnabled ?? true,
    alarmNamePrefix: props.alarmNamePrefix ?? `${props.pipeline.pipelineName}-${id}`,
    recoveredThreshold: props.recoveredThreshold ?? 0,
    maxCursorLag,
    runbookUrl: props.runbookUrl,
  };
}
