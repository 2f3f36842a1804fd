import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { alarmsUnderComposite, expectMetricAlarm } from '../support/alarm-assertions';
import { pipelineFixture } from '../support/pipeline-stack';

/** The default set: alarms on what senders and events suffer (docs/07_Reliability_Scaling/Alarms.md justifies each). */
const DEFAULT_ALARMS = ['AckLatencyP99', 'ServerErrorRate', 'ClientErrorSpike', 'WorkerErrors', 'OldestMessageAge', 'EventAge', 'DeadLetters',
  // With the default archive.
  'ArchiveFailures'];
/** Causes the default set sees through their effects: only with alarms.diagnosticAlarms. */
const DIAGNOSTIC_ALARMS = ['IngressErrors', 'IngressThrottles', 'WorkerThrottles', 'WorkerDurationNearTimeout', 'TableThrottles', 'TableSystemErrors'];

const alarmNames = (template: Template) => Object.values(template.findResources('AWS::CloudWatch::Alarm'))
  .map((alarm) => String(alarm.Properties.AlarmName).replace(/^TestStack-Pipeline-/, '')).sort();

describe('pipeline alarms', () => {
  // Prepare: a default pipeline, and one with the diagnostic alarms too
  const t = Template.fromStack(pipelineFixture().stack);
  const withDiagnostics = Template.fromStack(pipelineFixture({ alarms: { diagnosticAlarms: true } }).stack);

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
    // Assess
    expectMetricAlarm(withDiagnostics, { name, namespace, metricName, statistic, periodSeconds, threshold, evaluationPeriods });
  });

  test.each(['TableThrottles', 'TableSystemErrors'])('%s sums the table\'s GetItem and UpdateItem metrics', (name) => {
    withDiagnostics.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `TestStack-Pipeline-${name}`,
      Threshold: 0,
      Metrics: Match.arrayWith([Match.objectLike({ Expression: Match.anyValue() })]),
    });
  });

  test('by default eight alarms (ArchiveFailures with the default archive) under the composite "unhealthy" alarm, and no dashboard', () => {
    expect(alarmNames(t)).toEqual([...DEFAULT_ALARMS].sort());
    expect(alarmsUnderComposite(t)).toBe(8);
    t.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 1);
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  });

  test('alarms.diagnosticAlarms adds the six cause alarms, under the same composite', () => {
    expect(alarmNames(withDiagnostics)).toEqual([...DEFAULT_ALARMS, ...DIAGNOSTIC_ALARMS].sort());
    expect(alarmsUnderComposite(withDiagnostics)).toBe(14);
  });

  test('dashboardEnabled (or a dashboardName) creates the on-call dashboard', () => {
    // Prepare
    const enabled = Template.fromStack(pipelineFixture({ dashboardEnabled: true }).stack);
    const named = Template.fromStack(pipelineFixture({ dashboardName: 'rp-mw-prod' }).stack);
    // Assess
    enabled.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'TestStack-Pipeline' });
    named.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'rp-mw-prod' });
    const body = JSON.stringify(Object.values(enabled.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
    for (const title of ['ACK latency (ms)', 'Queue depth', 'Dead-letter queue', 'Worker function', 'Alarms', 'Worker outcomes', 'Intake: received, enqueued']) {
      expect(body).toContain(title);
    }
    // The handlers' EMF metrics, under the namespace and Pipeline dimension the handlers are configured with.
    expect(body).toContain('[\\"AckFastWebhookPipeline\\",\\"Duplicate\\",\\"Pipeline\\",\\"TestStack-Pipeline\\"');
    // Processed events are EndToEndLatency's sample count; enqueues are SQS's own NumberOfMessagesSent.
    expect(body).toContain('[\\"AckFastWebhookPipeline\\",\\"EndToEndLatency\\",\\"Pipeline\\",\\"TestStack-Pipeline\\",{\\"label\\":\\"Processed\\",\\"period\\":60,\\"stat\\":\\"SampleCount\\"}]');
    expect(body).toContain('NumberOfMessagesSent');
  });

  test.each([
    [{ dashboardEnabled: false, dashboardName: 'x' }, /dashboardName is set but dashboardEnabled is false/],
    [{ dashboardEnabled: true, alarmsEnabled: false }, /dashboardEnabled \(or dashboardName\) needs the alarms/],
  ])('rejects the dashboard settings %o', (props, message) => {
    expect(() => pipelineFixture(props)).toThrow(message);
  });

  test('alarm and OK actions reach every alarm; thresholds follow the props', () => {
    // Prepare
    const { stack } = pipelineFixture({
      workerTimeout: Duration.seconds(60),
      alarms: {
        diagnosticAlarms: true,
        alarmNamePrefix: 'rp-mw-prod',
        ackLatencyP99: Duration.millis(500),
        oldestMessageAge: Duration.minutes(2),
        alarmActions: [],
        okActions: [],
      },
    });
    const topic = sns.Topic.fromTopicArn(new Stack(), 'Pager', 'arn:aws:sns:us-east-2:111111111111:pager');
    // Act
    const page = new cloudwatchActions.SnsAction(topic);
    const withActions = pipelineFixture({ alarms: { alarmActions: [page], okActions: [page] } });
    const tt = Template.fromStack(stack);
    // Assess
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
