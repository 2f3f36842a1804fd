import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { DEFAULT_RUNBOOK } from './alarm-settings';
import { AlarmSpec, createAlarms } from './pipeline-alarms';
import { SWEEP_METRICS, METRICS_NAMESPACE, METRICS_PIPELINE_DIMENSION } from '../contract';
import { SweepSettings } from './sweep-settings';

export interface SweepAlarmTargets {
  readonly settings: SweepSettings;
  readonly sweepFunction: lambda.IFunction;
  readonly pipelineName: string;
  readonly alarmActions?: cloudwatch.IAlarmAction[];
  readonly okActions?: cloudwatch.IAlarmAction[];
}

/** Recovered events (pushes are being lost), a failing sweep, a sweep that stopped or fell behind. */
export function createSweepAlarms(scope: Construct, targets: SweepAlarmTargets): cloudwatch.Alarm[] {
  const { settings } = targets;
  const period = settings.interval.toSeconds() < 300 ? Duration.minutes(5) : settings.interval;
  const metric = (metricName: string, statistic: string) => new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { [METRICS_PIPELINE_DIMENSION]: targets.pipelineName },
    statistic,
    period,
  });
  const runbook = settings.runbookUrl ?? DEFAULT_RUNBOOK;
  const specs: AlarmSpec[] = [
    {
      id: 'SweepRecovered',
      metric: metric(SWEEP_METRICS.recovered, 'Sum'),
      threshold: settings.recoveredThreshold,
      meaning: `The sweep enqueued more than ${settings.recoveredThreshold} events the sender had pushed in vain (or never pushed): `
        + 'the ingress was down, throttled or refusing, or the sender stopped sending.',
      runbookSection: 'sweep-recovered',
    },
    {
      id: 'SweepFailing',
      metric: new cloudwatch.MathExpression({
        expression: 'FILL(sweepErrors, 0) + FILL(functionErrors, 0)',
        usingMetrics: { sweepErrors: metric(SWEEP_METRICS.errors, 'Sum'), functionErrors: targets.sweepFunction.metricErrors({ period }) },
        period,
        label: 'Sweep errors and failed runs',
      }),
      threshold: 0,
      meaning: 'The sweep failed a run or refused candidates: missed events are not being recovered.',
      runbookSection: 'sweep-failing',
    },
    {
      id: 'SweepNotRunning',
      metric: metric(SWEEP_METRICS.cursorLag, 'Maximum'),
      threshold: settings.maxCursorLag.toSeconds(),
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      // No datapoint is a sweep that did not run (schedule disabled, invocations failing before the handler).
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      meaning: `The sweep's cursor is more than ${settings.maxCursorLag.toHumanString()} behind, or no run reported: missed events wait.`,
      runbookSection: 'sweep-not-running',
    },
  ];
  return createAlarms(scope, specs, {
    prefix: settings.alarmNamePrefix, runbook, alarmActions: targets.alarmActions, okActions: targets.okActions,
  });
}
