import { Match, Template } from 'aws-cdk-lib/assertions';

/** One metric alarm of a pipeline, as the construct should create it. */
export interface ExpectedAlarm {
  /** The alarm's name after the pipeline's prefix (TestStack-Pipeline-). */
  readonly name: string;
  readonly namespace: string;
  readonly metricName: string;
  /** @default not checked */
  readonly dimensions?: unknown[];
  readonly statistic: { readonly Statistic: string } | { readonly ExtendedStatistic: string };
  readonly periodSeconds: number;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  /** The Failure_Modes_and_Recovery.md section the description links to. @default any section */
  readonly runbookSection?: string;
}

/** Every pipeline alarm fires above its threshold, treats no data as fine and links its runbook section. */
export function pipelineAlarmBehaviour(runbookSection = '[a-z0-9-]+') {
  return {
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'notBreaching',
    AlarmDescription: Match.stringLikeRegexp(`Runbook: https://.+Failure_Modes_and_Recovery\\.md#${runbookSection}$`),
  };
}

export function expectMetricAlarm(t: Template, alarm: ExpectedAlarm): void {
  t.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmName: `TestStack-Pipeline-${alarm.name}`,
    Namespace: alarm.namespace,
    MetricName: alarm.metricName,
    ...(alarm.dimensions ? { Dimensions: alarm.dimensions } : {}),
    ...alarm.statistic,
    Period: alarm.periodSeconds,
    Threshold: alarm.threshold,
    EvaluationPeriods: alarm.evaluationPeriods,
    ...pipelineAlarmBehaviour(alarm.runbookSection),
  });
}

/** How many alarms the pipeline's composite "unhealthy" alarm combines (it must be exactly one). */
export function alarmsUnderComposite(t: Template): number {
  const composites = Object.values(t.findResources('AWS::CloudWatch::CompositeAlarm'));
  expect(composites).toHaveLength(1);
  return JSON.stringify(composites[0].Properties.AlarmRule).match(/ALARM\(/g)?.length ?? 0;
}
