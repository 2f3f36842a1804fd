import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** Where alarms notify and which runbook they link: shared by the pipeline's, the sweep's and the delivery-health alarms. */
export interface AlarmActionsOptions {
  /**
   * Actions run when an alarm enters ALARM (e.g. `new SnsAction(topic)`).
   * @default - none
   */
  readonly alarmActions?: cloudwatch.IAlarmAction[];
  /**
   * Actions run when an alarm returns to OK.
   * @default - none
   */
  readonly okActions?: cloudwatch.IAlarmAction[];
  /**
   * Link to the runbook; each alarm's description points at its section.
   * @default - docs/07_Reliability_Scaling/Failure_Modes_and_Recovery.md in this library's repository
   */
  readonly runbookUrl?: string;
}
