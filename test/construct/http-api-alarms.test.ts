import { Match, Template } from 'aws-cdk-lib/assertions';
import { WebhookApiKind } from '../../src';
import { alarmsUnderComposite, expectMetricAlarm, pipelineAlarmBehaviour } from '../support/alarm-assertions';
import { pipelineFixture } from '../support/pipeline-stack';

describe('pipeline alarms and dashboard with the HTTP API', () => {
  // Prepare: a pipeline with an HTTP API
  const { stack, pipeline } = pipelineFixture({ apiKind: WebhookApiKind.HTTP });
  const t = Template.fromStack(stack);
  const apiId = { Ref: stack.getLogicalId(pipeline.httpApi!.node.defaultChild as any) };
  /** The HTTP API publishes per API id and stage (not per API name, as the REST API does). */
  const stageDimensions = [{ Name: 'ApiId', Value: apiId }, { Name: 'Stage', Value: 'v1' }];

  test.each([
    // name, metric, statistic (or extended), period, threshold, evaluation periods, runbook section
    ['AckLatencyP99', 'Latency', { ExtendedStatistic: 'p99' }, 60, 1000, 5, 'ack-latency'],
    ['ClientErrorSpike', '4xx', { Statistic: 'Sum' }, 300, 50, 1, 'client-error-spike'],
  ])('%s watches the stage\'s %s', (name, metricName, statistic, periodSeconds, threshold, evaluationPeriods, runbookSection) => {
    // Assess
    expectMetricAlarm(t, {
      name, namespace: 'AWS/ApiGateway', metricName, dimensions: stageDimensions, statistic, periodSeconds, threshold, evaluationPeriods, runbookSection,
    });
  });

  test('ServerErrorRate divides the stage\'s 5xx (Sum) by its Count (SampleCount) over 5 minutes, threshold 1%', () => {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'TestStack-Pipeline-ServerErrorRate',
      Threshold: 0.01,
      EvaluationPeriods: 1,
      ...pipelineAlarmBehaviour('server-errors'),
      Metrics: [
        Match.objectLike({ Expression: 'FILL(serverErrors, 0) / requests', ReturnData: true }),
        {
          Id: 'serverErrors',
          MetricStat: { Metric: { Namespace: 'AWS/ApiGateway', MetricName: '5xx', Dimensions: stageDimensions }, Period: 300, Stat: 'Sum' },
          ReturnData: false,
        },
        {
          Id: 'requests',
          MetricStat: { Metric: { Namespace: 'AWS/ApiGateway', MetricName: 'Count', Dimensions: stageDimensions }, Period: 300, Stat: 'SampleCount' },
          ReturnData: false,
        },
      ],
    });
  });

  test('the same eight default alarms (ArchiveFailures with the default archive) as with the REST API, under the composite', () => {
    const names = (template: Template) => Object.values(template.findResources('AWS::CloudWatch::Alarm'))
      .map((alarm) => alarm.Properties.AlarmName).sort();
    expect(names(t)).toEqual(names(Template.fromStack(pipelineFixture().stack)));
    expect(names(t)).toHaveLength(8);
    expect(alarmsUnderComposite(t)).toBe(8);
  });

  test('no alarm or dashboard widget reads a REST API metric', () => {
    const everything = pipelineFixture({ apiKind: WebhookApiKind.HTTP, dashboardEnabled: true, alarms: { diagnosticAlarms: true } });
    const text = JSON.stringify(Template.fromStack(everything.stack).toJSON());
    for (const restOnly of ['4XXError', '5XXError', 'ApiName']) expect(text).not.toContain(restOnly);
  });

  test('the dashboard graphs the stage\'s requests, 4xx, 5xx and latency percentiles', () => {
    const withDashboard = pipelineFixture({ apiKind: WebhookApiKind.HTTP, dashboardEnabled: true });
    const dashboardApiId = { Ref: withDashboard.stack.getLogicalId(withDashboard.pipeline.httpApi!.node.defaultChild as any) };
    expect(dashboardApiId).toEqual(apiId);
    const body = JSON.stringify(Object.values(Template.fromStack(withDashboard.stack).findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
    // Each graphed metric as the dashboard JSON holds it: namespace, name, dimensions, then its label, period and statistic.
    const graphed = (metric: string, label: string, stat: string) =>
      `[\\"AWS/ApiGateway\\",\\"${metric}\\",\\"ApiId\\",\\"",{"Ref":"${apiId.Ref}"},"\\",\\"Stage\\",\\"v1\\",` +
      `{\\"label\\":\\"${label}\\",\\"period\\":60,\\"stat\\":\\"${stat}\\"}]`;
    for (const [metric, label, stat] of [
      ['Count', 'requests', 'SampleCount'], ['4xx', '4xx', 'Sum'], ['5xx', '5xx', 'Sum'],
      ['Latency', 'p50', 'p50'], ['Latency', 'p90', 'p90'], ['Latency', 'p99', 'p99'],
    ]) {
      expect(body).toContain(graphed(metric, label, stat));
    }
  });
});
