import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { AlarmTargets, PipelineAlarmSet } from './pipeline-alarms';
import { METRICS_PIPELINE_DIMENSION, MetricsRuntimeConfig } from '../contract';

const PERIOD = Duration.minutes(1);

/** One screen for the on-call engineer (opt-in: dashboardEnabled): intake, ACK latency, backlog, DLQ, worker, state table. */
export function createPipelineDashboard(
  scope: Construct, dashboardName: string, targets: AlarmTargets, alarmSet: PipelineAlarmSet, metrics: MetricsRuntimeConfig,
): cloudwatch.Dashboard {
  // The handlers' own EMF metrics (lambda/core/metrics.ts): outcomes AWS does not measure.
  const handlerMetric = (metricName: string, statistic = 'Sum', label = metricName) => new cloudwatch.Metric({
    namespace: metrics.namespace,
    metricName,
    statistic,
    period: PERIOD,
    label,
    dimensionsMap: { [METRICS_PIPELINE_DIMENSION]: metrics.pipeline },
  });
  const { api, ingressFunction, workerFunction, queue, deadLetterQueue, table } = targets;
  const graph = (title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = []) =>
    new cloudwatch.GraphWidget({ title, left, right, width: 8, height: 6 });
  const functionGraph = (title: string, fn: lambda.IFunction) => graph(title, [
    fn.metricInvocations({ period: PERIOD }), fn.metricErrors({ period: PERIOD }), fn.metricThrottles({ period: PERIOD }),
  ], [fn.metricDuration({ period: PERIOD, statistic: 'p99', label: 'duration p99' })]);
  const dashboard = new cloudwatch.Dashboard(scope, 'Dashboard', { dashboardName });
  dashboard.addWidgets(
    new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: [alarmSet.unhealthyAlarm, ...alarmSet.alarms], width: 24, height: 4 }),
  );
  dashboard.addWidgets(
    graph('Webhooks received / 4xx / 5xx', [
      api.requests(PERIOD, 'requests'),
      api.clientErrors(PERIOD, '4xx'),
      api.serverErrors(PERIOD, '5xx'),
    ]),
    graph('ACK latency (ms)', ['p50', 'p90', 'p99'].map((statistic) => api.latency(statistic, PERIOD, statistic))),
    functionGraph('Ingress function', ingressFunction),
  );
  dashboard.addWidgets(
    graph('Queue depth', [
      queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, label: 'waiting' }),
      queue.metricApproximateNumberOfMessagesNotVisible({ period: PERIOD, label: 'in flight' }),
    ], [queue.metricApproximateAgeOfOldestMessage({ period: PERIOD, label: 'oldest age (s)' })]),
    graph('Dead-letter queue', [deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, label: 'dead letters' })]),
    functionGraph('Worker function', workerFunction),
  );
  dashboard.addWidgets(
    // AWS's own metrics where they count the same thing: no custom metric is paid for them.
    graph('Intake: received, enqueued', [
      api.requests(PERIOD, 'received'),
      queue.metricNumberOfMessagesSent({ period: PERIOD, label: 'enqueued' }),
      handlerMetric('Filtered'),
    ]),
    graph('Worker outcomes', [
      // Each processed event records one EndToEndLatency value.
      handlerMetric('EndToEndLatency', 'SampleCount', 'Processed'),
      ...['Duplicate', 'Failed', 'RetriedLater', 'Skipped', 'HeldByLease'].map((name) => handlerMetric(name)),
    ]),
    graph('End-to-end latency (ms)', ['p50', 'p99'].map((statistic) => handlerMetric('EndToEndLatency', statistic, statistic))),
  );
  dashboard.addWidgets(
    graph('State table', [
      table.metricConsumedWriteCapacityUnits({ period: PERIOD }),
      table.metricConsumedReadCapacityUnits({ period: PERIOD }),
    ]),
  );
  return dashboard;
}
