import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { alarmsUnderComposite, expectMetricAlarm } from '../support/alarm-assertions';
import { pipelineFixture } from '../support/pipeline-stack';

describe('pipeline alarms', () => {
  // GIVEN a default pipeline
  const t = Template.fromStack(pipelineFixture().stack);

  test.each([
    // name, namespace, metric, statistic (or extended), period, threshold, evaluation periods
    ['AckLatencyP99', 'AWS/ApiGateway', 'Latency', { ExtendedStatistic: 'p99' }, 60, 1000, 5],
    ['ServerErrorRate', 'AWS/ApiGateway', '5XXError', { Statistic: 'Average' }, 300, 0.01, 1],
    ['ClientErrorSpike', 'AWS/ApiGateway', '4XXError', { Statistic: 'Sum' }, 300, 50, 1],
    ['IngressErrors', 'AWS/Lambda', 'Errors', { Statistic: 'Sum' }, 60, 0, 1],
    ['IngressThrottles', 'AWS/Lambda', 'Throttles', { Statistic: 'Sum' }, 60, 0, 1],
    ['WorkerErrors', 'AWS/Lambda', 'Errors', { Statistic: 'Sum' }, 60, 0, 1],
    ['WorkerThrottles', 'AWS/Lambda', 'Throttles', { Statistic: 'Sum' }, 60, 0, 1],
    ['WorkerDurationNearTimeout', 'AWS/Lambda', 'Duration', { ExtendedStatistic: 'p99' }, 300, 24_000, 1],
    ['OldestMessageAge', 'AWS/SQS', 'ApproximateAgeOfOldestMessage', { Statistic: 'Maximum' }, 60, 300, 5],
    // The worker's own view of event age: a group blocked behind a failing or deferred event.
    ['EventAge', 'AckFastWebhookPipeline', 'EventAge', { Statistic: 'Maximum' }, 300, 300, 1],
    ['DeadLetters', 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', { Statistic: 'Maximum' }, 60, 0, 1],
  ])('%s watches %s %s', (name, namespace, metricName, statistic, periodSeconds, threshold, evaluationPeriods) => {
    // THEN
    expectMetricAlarm(t, { name, namespace, metricName, statistic, periodSeconds, threshold, evaluationPeriods });
  });

  test.each(['TableThrottles', 'TableSystemErrors'])('%s sums the table\'s GetItem and UpdateItem metrics', (name) => {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `TestStack-Pipeline-${name}`,
      Threshold: 0,
      Metrics: Match.arrayWith([Match.objectLike({ Expression: Match.anyValue() })]),
    });
  });

  test('a composite "unhealthy" alarm covers all fourteen alarms (ArchiveFailures with the default archive), and a dashboard exists', () => {
    t.resourceCountIs('AWS::CloudWatch::Alarm', 14);
    expect(alarmsUnderComposite(t)).toBe(14);
    t.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'TestStack-Pipeline' });
    const body = JSON.stringify(Object.values(t.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
    for (const title of ['ACK latency (ms)', 'Queue depth', 'Dead-letter queue', 'Worker function', 'Alarms', 'Worker outcomes', 'Ingress decisions']) {
      expect(body).toContain(title);
    }
    // The handlers' EMF metrics, under the namespace and Pipeline dimension the handlers are configured with.
    expect(body).toContain('[\\"AckFastWebhookPipeline\\",\\"Duplicate\\",\\"Pipeline\\",\\"TestStack-Pipeline\\"');
  });

  test('alarm and OK actions reach every alarm; thresholds follow the props', () => {
    // GIVEN
    const { stack } = pipelineFixture({
      workerTimeout: Duration.seconds(60),
      alarms: {
        alarmNamePrefix: 'rp-mw-prod',
        ackLatencyP99: Duration.millis(500),
        oldestMessageAge: Duration.minutes(2),
        alarmActions: [],
        okActions: [],
      },
    });
    const topic = sns.Topic.fromTopicArn(new Stack(), 'Pager', 'arn:aws:sns:us-east-2:111111111111:pager');
    // WHEN
    const page = new cloudwatchActions.SnsAction(topic);
    const withActions = pipelineFixture({ alarms: { alarmActions: [page], okActions: [page] } });
    const tt = Template.fromStack(stack);
    // THEN
    tt.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'rp-mw-prod-AckLatencyP99', Threshold: 500 });
    tt.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'rp-mw-prod-OldestMessageAge', Threshold: 120 });
    tt.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'rp-mw-prod-EventAge', Threshold: 120 });
    tt.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'rp-mw-prod-WorkerDurationNearTimeout', Threshold: 48_000 });
    Template.fromStack(withActions.stack).allResourcesProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: ['arn:aws:sns:us-east-2:111111111111:pager'], OKActions: ['arn:aws:sns:us-east-2:111111111111:pager'],
    });
    tt.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: Match.absent() });
  });

  test('alarmsEnabled: false creates no alarm and no dashboard', () => {
    const { stack, pipeline } = pipelineFixture({ alarmsEnabled: false });
    const tt = Template.fromStack(stack);
    tt.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    tt.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    expect(pipeline.alarms).toEqual([]);
  });

  test.each([
    [{ serverErrorRate: 0 }, /alarms.serverErrorRate must be greater than 0 and at most 1/],
    [{ workerDurationShareOfTimeout: 1.5 }, /alarms.workerDurationShareOfTimeout must be greater than 0 and at most 1; got 1.5/],
  ])('rejects %o', (alarms, message) => {
    expect(() => pipelineFixture({ alarms })).toThrow(message);
  });
});
