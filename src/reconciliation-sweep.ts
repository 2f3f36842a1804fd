import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { AckFastWebhookPipeline } from './ack-fast-webhook-pipeline';
import { AlarmActionsOptions } from './alarm-actions-options';
import { SWEEP_CONFIG_ENV, sweepCursorKeyOf, SweepRuntimeConfig, METRICS_NAMESPACE } from './contract';
import { createSweepAlarms } from './private/sweep-alarms';
import { resolveSweepSettings } from './private/sweep-settings';

/** Properties of {@link ReconciliationSweep}. */
export interface ReconciliationSweepProps extends AlarmActionsOptions {
  /** The pipeline whose missed events the sweep finds and enqueues. */
  readonly pipeline: AckFastWebhookPipeline;

  /**
   * Your sweep: a Lambda function of this app whose handler is `createSweepHandler({ source })`
   * from `ack-fast-webhook-pipeline/lib/runtime`, where `source` lists what your API changed in a
   * window of update times. The construct sets its configuration (ACK_FAST_SWEEP_CONFIG,
   * ACK_FAST_ENQUEUE_CONFIG) and grants it the enqueue, the received check and its cursor item.
   */
  readonly sweepFunction: lambda.Function;

  /**
   * How often EventBridge Scheduler runs the sweep: whole minutes, 1 minute to 1 day.
   * @default Duration.minutes(5)
   */
  readonly interval?: Duration;

  /**
   * Each window starts this long before the previous one ended, so an item updated at the
   * boundary is listed twice (the second time it is a duplicate), never missed.
   * @default Duration.minutes(1)
   */
  readonly overlap?: Duration;

  /**
   * A window ends this long before the run starts: pushes of the last moments have then reached
   * the idempotency table and are not counted as recovered.
   * @default Duration.minutes(1)
   */
  readonly settleDelay?: Duration;

  /**
   * How far back the first run (no cursor yet) looks.
   * @default Duration.hours(1)
   */
  readonly initialLookback?: Duration;

  /**
   * A run starts no new page once it has handled this many candidates (1 to 100,000); the
   * cursor keeps the place for the next run.
   * @default 500
   */
  readonly maxItemsPerRun?: number;

  /**
   * A run starts no new page after this long; shorter than the function's timeout and the interval.
   * @default - 80% of the sweep function's timeout
   */
  readonly maxRunDuration?: Duration;

  /**
   * Names the sweep's cursor (`sweep#<namespace>#<name>`) and logs: two sweeps of one pipeline need two names.
   * @default - the construct id
   */
  readonly sweepName?: string;

  /**
   * Create the alarms: events recovered, the sweep failing, the sweep not running or falling behind.
   * @default true
   */
  readonly alarmsEnabled?: boolean;

  /**
   * Prefix of the alarm names.
   * @default - `<pipeline name>-<construct id>`
   */
  readonly alarmNamePrefix?: string;

  /**
   * Events recovered in one interval above which the "pushes are being lost" alarm fires.
   * @default 0
   */
  readonly recoveredThreshold?: number;

  /**
   * The "sweep not running" alarm fires when the end of the last fully swept window stays further
   * behind than this for three intervals (or no run reports at all).
   * @default - 2 × interval + settleDelay + maxRunDuration
   */
  readonly maxCursorLag?: Duration;
}

/**
 * Recovers what a sender never delivered (Richpanel's HTTP targets push once, without retry): on a
 * schedule, your function lists what the sender's API changed since the last run and hands each
 * item, rendered as the webhook body, to the pipeline's enqueuer; events the pipeline already has
 * are skipped (idempotency table), the rest are enqueued with the same ids and counted as
 * `SweepRecovered`.
 */
export class ReconciliationSweep extends Construct {
  /** The EventBridge Scheduler schedule that invokes the sweep function. */
  public readonly schedule: scheduler.CfnSchedule;
  /** The role the schedule invokes the function with (that function only). */
  public readonly scheduleRole: iam.Role;
  /** The sweep function. */
  public readonly sweepFunction: lambda.Function;
  /** Partition key of the sweep's cursor item in the pipeline's state table. */
  public readonly cursorKey: string;
  /** Recovered, failing and not-running alarms (empty when `alarmsEnabled` is false). */
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: ReconciliationSweepProps) {
    super(scope, id);
    const settings = resolveSweepSettings(props, id);
    const { pipeline } = props;
    this.sweepFunction = props.sweepFunction;
    this.cursorKey = sweepCursorKeyOf(pipeline.eventKeyPrefix, settings.sweepName);

    const config: SweepRuntimeConfig = {
      sweepName: settings.sweepName,
      tableName: pipeline.table.tableName,
      cursorKey: this.cursorKey,
      intervalSeconds: settings.interval.toSeconds(),
      overlapSeconds: settings.overlap.toSeconds(),
      settleSeconds: settings.settleDelay.toSeconds(),
      initialLookbackSeconds: settings.initialLookback.toSeconds(),
      maxItems: settings.maxItemsPerRun,
      maxRunSeconds: settings.maxRunDuration.toSeconds(),
      leaseSeconds: settings.functionTimeout.toSeconds(),
      cursorTtlSeconds: Duration.days(30).toSeconds(),
      metrics: { namespace: METRICS_NAMESPACE, pipeline: pipeline.pipelineName },
    };
    this.sweepFunction.addEnvironment(SWEEP_CONFIG_ENV, Stack.of(this).toJsonString(config));
    pipeline.grantEnqueue(this.sweepFunction, { allowReceivedCheck: true });
    // Its own cursor item only: the exact key, not a prefix.
    this.sweepFunction.addToRolePolicy(new iam.PolicyStatement({
      actions: ['dynamodb:UpdateItem'],
      resources: [pipeline.table.tableArn],
      conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [this.cursorKey] } },
    }));
    pipeline.table.encryptionKey?.grant(this.sweepFunction, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*', 'kms:DescribeKey');

    this.scheduleRole = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: `Invokes the ${settings.sweepName} reconciliation sweep`,
    });
    // The unqualified ARN only (grantInvoke would allow every version and alias too).
    this.scheduleRole.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.sweepFunction.functionArn] }));
    const minutes = settings.interval.toMinutes();
    this.schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      description: `Reconciliation sweep ${settings.sweepName} of ${pipeline.pipelineName}`,
      scheduleExpression: `rate(${minutes} ${minutes === 1 ? 'minute' : 'minutes'})`,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: this.sweepFunction.functionArn,
        roleArn: this.scheduleRole.roleArn,
        input: JSON.stringify({ sweep: settings.sweepName }),
        // A missed run is not retried: the next one resumes from the cursor, and the lag alarm sees a gap.
        retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 },
      },
    });
    this.alarms = settings.alarmsEnabled ? createSweepAlarms(this, {
      settings, sweepFunction: this.sweepFunction, pipelineName: pipeline.pipelineName, alarmActions: props.alarmActions, okActions: props.okActions,
    }) : [];
  }
}
