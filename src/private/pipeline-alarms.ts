import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AlarmSettings } from './alarm-settings';
import { ARCHIVE_FAILURES_METRIC, METRICS_NAMESPACE, METRICS_PIPELINE_DIMENSION } from '../contract';
import { WebhookApiMetrics } from './webhook-api-metrics';


/** The resources the alarms watch. */
export interface AlarmTargets {
  readonly api: WebhookApiMetrics;
  readonly ingressFunction: lambda.IFunction;
  readonly workerFunction: lambda.IFunction;
  readonly workerTimeout: Duration;
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
  readonly table: dynamodb.ITable;
  /** Whether the worker archives events (adds the ArchiveFailures alarm). */
  readonly archiveEnabled?: boolean;
}

export interface PipelineAlarmSet {
  readonly alarms: cloudwatch.Alarm[];
  readonly unhealthyAlarm: cloudwatch.CompositeAlarm;
}

const FIVE_MINUTES = Duration.minutes(5);
const ONE_MINUTE = Duration.minutes(1);

/** One alarm: what it watches, when it fires, what it means and where the runbook says what to do. */
export interface AlarmSpec {
  readonly id: string;
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly meaning: string;
  readonly runbookSection: string;
  readonly evaluationPeriods?: number;
  readonly datapointsToAlarm?: number;
  /** @default NOT_BREACHING */
  readonly treatMissingData?: cloudwatch.TreatMissingData;
}

export interface AlarmNaming {
  readonly prefix: string;
  readonly runbook: string;
  readonly alarmActions?: cloudwatch.IAlarmAction[];
  readonly okActions?: cloudwatch.IAlarmAction[];
}

/** `<prefix>-<id>` alarms, "greater than threshold", each description ending with its runbook link. */
export function createAlarms(scope: Construct, specs: readonly AlarmSpec[], naming: AlarmNaming): cloudwatch.Alarm[] {
  return specs.map((spec) => {
    const alarm = new cloudwatch.Alarm(scope, `${spec.id}Alarm`, {
      alarmName: `${naming.prefix}-${spec.id}`,
      alarmDescription: `${spec.meaning} Runbook: ${naming.runbook}#${spec.runbookSection}`,
      metric: spec.metric,
      threshold: spec.threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: spec.evaluationPeriods ?? 1,
      datapointsToAlarm: spec.datapointsToAlarm ?? 1,
      treatMissingData: spec.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(...(naming.alarmActions ?? []));
    alarm.addOkAction(...(naming.okActions ?? []));
    return alarm;
  });
}

/**
 * The alarms a paused pipeline trips by design (its backlog waits): `ack-fast-webhook pause`
 * disables their actions and `resume` enables them again (their names are a stack output).
 */
export const BACKLOG_ALARM_IDS: readonly string[] = ['OldestMessageAge', 'EventAge'];

/** The SLO and failure alarms of one pipeline, plus a composite "pipeline unhealthy" alarm. */
export function createPipelineAlarms(scope: Construct, targets: AlarmTargets, pipelineName: string, settings: AlarmSettings): PipelineAlarmSet {
  const prefix = settings.namePrefix;
  const runbook = settings.runbookUrl;
  const ackLatency = settings.ackLatencyP99;
  const serverErrorRate = settings.serverErrorRate;
  const clientErrorCount = settings.clientErrorCount;
  const oldestAge = settings.oldestMessageAge;
  const durationShare = settings.workerDurationShareOfTimeout;
  const { api, ingressFunction, workerFunction, queue, deadLetterQueue, table } = targets;
  const operations = [dynamodb.Operation.GET_ITEM, dynamodb.Operation.UPDATE_ITEM];

  // The default set: each alarm watches an effect a sender or an event suffers (docs/07_Reliability_Scaling/Alarms.md).
  const specs: AlarmSpec[] = [
    {
      id: 'AckLatencyP99',
      metric: api.latency('p99', ONE_MINUTE),
      threshold: ackLatency.toMilliseconds(),
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      meaning: `p99 ACK latency above ${ackLatency.toMilliseconds()} ms: senders may time out and retry.`,
      runbookSection: 'ack-latency',
    },
    {
      id: 'ServerErrorRate',
      metric: api.serverErrorRate(FIVE_MINUTES),
      threshold: serverErrorRate,
      meaning: `More than ${serverErrorRate * 100}% of webhooks answered 5xx: events are not being stored (senders retry).`,
      runbookSection: 'server-errors',
    },
    {
      id: 'ClientErrorSpike',
      metric: api.clientErrors(FIVE_MINUTES),
      threshold: clientErrorCount,
      meaning: `More than ${clientErrorCount} 4xx answers in 5 minutes: a rotated secret, a changed payload, or an attack.`,
      runbookSection: 'client-error-spike',
    },
    {
      id: 'WorkerErrors',
      metric: workerFunction.metricErrors({ period: ONE_MINUTE }),
      threshold: 0,
      meaning: 'The worker function failed as a whole (not one event): its whole batch is retried.',
      runbookSection: 'lambda-errors',
    },
    {
      id: 'OldestMessageAge',
      metric: queue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', period: ONE_MINUTE }),
      threshold: oldestAge.toSeconds(),
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      meaning: `An event has waited more than ${oldestAge.toHumanString()}: processing is behind or a group is blocked.`,
      runbookSection: 'backlog-age',
    },
    {
      // The queue's own age misses an event that keeps failing or is deferred (each receive hides it
      // again); the worker reports the oldest event it handled, counted from the ingress's receipt.
      id: 'EventAge',
      metric: new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: 'EventAge',
        dimensionsMap: { [METRICS_PIPELINE_DIMENSION]: pipelineName },
        statistic: 'Maximum',
        period: FIVE_MINUTES,
      }),
      threshold: oldestAge.toSeconds(),
      meaning: `The worker handled an event received more than ${oldestAge.toHumanString()} ago: its group is blocked by a failing or deferred event.`,
      runbookSection: 'backlog-age',
    },
    {
      id: 'DeadLetters',
      metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: ONE_MINUTE }),
      threshold: 0,
      meaning: 'Events failed maxReceiveCount times and sit in the DLQ: they need a fix and a redrive.',
      runbookSection: 'dead-letters',
    },
  ];
  // Causes the default set already sees through their effects: opt-in, $0.10 per alarm metric each.
  const diagnosticSpecs: AlarmSpec[] = [
    {
      id: 'IngressErrors',
      metric: ingressFunction.metricErrors({ period: ONE_MINUTE }),
      threshold: 0,
      meaning: 'The ingress function failed (crash or timeout): API Gateway answers 5xx.',
      runbookSection: 'lambda-errors',
    },
    {
      id: 'IngressThrottles',
      metric: ingressFunction.metricThrottles({ period: ONE_MINUTE }),
      threshold: 0,
      meaning: 'The ingress function was throttled: account concurrency is exhausted, webhooks get 5xx.',
      runbookSection: 'lambda-throttles',
    },
    {
      id: 'WorkerThrottles',
      metric: workerFunction.metricThrottles({ period: ONE_MINUTE }),
      threshold: 0,
      meaning: 'The worker function was throttled: the backlog grows.',
      runbookSection: 'lambda-throttles',
    },
    {
      id: 'WorkerDurationNearTimeout',
      metric: workerFunction.metricDuration({ statistic: 'p99', period: FIVE_MINUTES }),
      threshold: targets.workerTimeout.toMilliseconds() * durationShare,
      meaning: `Worker p99 duration above ${durationShare * 100}% of its timeout: a slow processor will soon time out whole batches.`,
      runbookSection: 'worker-near-timeout',
    },
    {
      id: 'TableThrottles',
      metric: table.metricThrottledRequestsForOperations({ operations, period: ONE_MINUTE }),
      threshold: 0,
      meaning: 'DynamoDB throttled idempotency reads or writes: events are retried.',
      runbookSection: 'dynamodb-errors',
    },
    {
      id: 'TableSystemErrors',
      metric: table.metricSystemErrorsForOperations({ operations, period: ONE_MINUTE }),
      threshold: 0,
      meaning: 'DynamoDB returned internal errors: events are retried.',
      runbookSection: 'dynamodb-errors',
    },
  ];
  if (settings.diagnosticAlarms) specs.push(...diagnosticSpecs);
  if (targets.archiveEnabled) specs.push(archiveFailuresAlarm(pipelineName));

  const alarms = createAlarms(scope, specs, { prefix, runbook, alarmActions: settings.alarmActions, okActions: settings.okActions });

  // No actions on the composite: each child alarm already notifies, with its own runbook link.
  const unhealthyAlarm = new cloudwatch.CompositeAlarm(scope, 'UnhealthyAlarm', {
    compositeAlarmName: `${prefix}-Unhealthy`,
    alarmDescription: `The webhook pipeline is unhealthy: at least one of its alarms is in ALARM. Runbook: ${runbook}`,
    alarmRule: cloudwatch.AlarmRule.anyOf(...alarms),
  });
  return { alarms, unhealthyAlarm };
}

/** Events the worker processed but could not archive: a later `replay --from/--to` will not find them. */
function archiveFailuresAlarm(pipelineName: string): AlarmSpec {
  return {
    id: 'ArchiveFailures',
    metric: new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: ARCHIVE_FAILURES_METRIC,
      dimensionsMap: { [METRICS_PIPELINE_DIMENSION]: pipelineName },
      statistic: 'Sum',
      period: FIVE_MINUTES,
    }),
    threshold: 0,
    meaning: 'Events were processed but not archived (Firehose refused or was unreachable): replay from the archive will miss them.',
    runbookSection: 'archive-failures',
  };
}
