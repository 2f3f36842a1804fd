import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AckFastWebhookPipeline } from './ack-fast-webhook-pipeline';
import { AlarmActionsOptions } from './alarm-actions-options';
import { DEFAULT_RUNBOOK } from './private/alarm-settings';
import { requireRange } from './private/validate-props';
import { httpApiMetrics, restApiMetrics } from './private/webhook-api-metrics';

/** Properties of {@link DeliveryHealthAlarm}. */
export interface DeliveryHealthAlarmProps extends AlarmActionsOptions {
  /** The pipeline whose webhook route the sender calls. */
  readonly pipeline: AckFastWebhookPipeline;
  /**
   * Who sends (names the alarm's description), e.g. 'Shopify'.
   * @default 'the sender'
   */
  readonly senderName?: string;
  /**
   * Length of one evaluation period.
   * @default Duration.minutes(15)
   */
  readonly period?: Duration;
  /**
   * Consecutive periods with non-2xx answers before the alarm fires (1 to 24). Shopify deletes a
   * subscription after 8 failed retries over 4 hours: 3 × 15 minutes leaves three hours to fix it.
   * @default 3
   */
  readonly failingPeriods?: number;
  /**
   * Non-2xx answers (4xx + 5xx) in one period above which it counts as failing.
   * @default 0
   */
  readonly threshold?: number;
  /**
   * The alarm's name.
   * @default - `<pipeline name>-DeliveryHealth`
   */
  readonly alarmName?: string;
}

/**
 * Watches for a sender that is about to give up: the webhook route answering non-2xx (4xx or 5xx)
 * in each of several consecutive periods. Shopify retries for 4 hours and then deletes the
 * subscription; a sender that never retries (Richpanel) loses each such push (a
 * ReconciliationSweep recovers them).
 */
export class DeliveryHealthAlarm extends Construct {
  /** 4xx + 5xx answers of the webhook route per period. */
  public readonly metric: cloudwatch.IMetric;
  public readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DeliveryHealthAlarmProps) {
    super(scope, id);
    const period = props.period ?? Duration.minutes(15);
    const failingPeriods = props.failingPeriods ?? 3;
    requireRange('failingPeriods', failingPeriods, 1, 24, 'consecutive periods with non-2xx answers');
    const { pipeline } = props;
    const api = pipeline.api ? restApiMetrics(pipeline.api) : httpApiMetrics(pipeline.httpApiStage!);
    this.metric = new cloudwatch.MathExpression({
      expression: 'FILL(clientErrors, 0) + FILL(serverErrors, 0)',
      usingMetrics: { clientErrors: api.clientErrors(period), serverErrors: api.serverErrors(period) },
      period,
      label: 'Non-2xx answers to the sender',
    });
    const sender = props.senderName ?? 'the sender';
    const minutes = (period.toMinutes() * failingPeriods);
    this.alarm = new cloudwatch.Alarm(this, 'Alarm', {
      alarmName: props.alarmName ?? `${pipeline.pipelineName}-DeliveryHealth`,
      alarmDescription: `The webhook route answered ${sender} with non-2xx in each of the last ${failingPeriods} periods (${minutes} minutes): `
        + 'a retrying sender is about to give up (Shopify deletes the subscription after 4 hours), a non-retrying one loses each push. '
        + `Runbook: ${props.runbookUrl ?? DEFAULT_RUNBOOK}#delivery-health`,
      metric: this.metric,
      threshold: props.threshold ?? 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: failingPeriods,
      datapointsToAlarm: failingPeriods,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alarm.addAlarmAction(...(props.alarmActions ?? []));
    this.alarm.addOkAction(...(props.okActions ?? []));
  }
}
