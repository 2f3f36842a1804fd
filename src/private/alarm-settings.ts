/*
 * The alarms' props with every default applied and checked, once, beside the pipeline's other
 * settings (resolvePipelineSettings): the alarm builders only assemble.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { PipelineAlarmsOptions } from '../pipeline-alarms-options';

export const DEFAULT_RUNBOOK = 'https://github.com/ack-fast-webhook-pipeline/ack-fast-webhook-pipeline/blob/main/docs/07_Reliability_Scaling/Failure_Modes_and_Recovery.md';

/** `alarms` (PipelineAlarmsOptions) resolved: what the alarm builders read. */
export interface AlarmSettings {
  readonly namePrefix: string;
  readonly runbookUrl: string;
  readonly ackLatencyP99: Duration;
  readonly serverErrorRate: number;
  readonly clientErrorCount: number;
  readonly oldestMessageAge: Duration;
  readonly workerDurationShareOfTimeout: number;
  readonly diagnosticAlarms: boolean;
  readonly alarmActions: cloudwatch.IAlarmAction[];
  readonly okActions: cloudwatch.IAlarmAction[];
}

function requireShare(name: string, value: number, what: string): void {
  if (value <= 0 || value > 1) throw new Error(`alarms.${name} must be greater than 0 and at most 1${what}; got ${value}.`);
}

export function resolveAlarmSettings(options: PipelineAlarmsOptions = {}, pipelineName: string): AlarmSettings {
  const settings: AlarmSettings = {
    namePrefix: options.alarmNamePrefix ?? pipelineName,
    runbookUrl: options.runbookUrl ?? DEFAULT_RUNBOOK,
    ackLatencyP99: options.ackLatencyP99 ?? Duration.seconds(1),
    serverErrorRate: options.serverErrorRate ?? 0.01,
    clientErrorCount: options.clientErrorCount ?? 50,
    oldestMessageAge: options.oldestMessageAge ?? Duration.minutes(5),
    workerDurationShareOfTimeout: options.workerDurationShareOfTimeout ?? 0.8,
    diagnosticAlarms: options.diagnosticAlarms ?? false,
    alarmActions: options.alarmActions ?? [],
    okActions: options.okActions ?? [],
  };
  requireShare('serverErrorRate', settings.serverErrorRate, ' (a share of requests)');
  requireShare('workerDurationShareOfTimeout', settings.workerDurationShareOfTimeout, '');
  return settings;
}
