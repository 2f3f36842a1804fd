import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DeliveryHealthAlarm, WebhookApiKind } from '../../src';
import { pipelineFixture } from '../support/pipeline-stack';

describe('DeliveryHealthAlarm', () => {
  test.each([
    [WebhookApiKind.REST, '4XXError', '5XXError'],
    [WebhookApiKind.HTTP, '4xx', '5xx'],
  ])('%s API: fires on 4xx + 5xx answers in each of 3 consecutive 15-minute periods', (apiKind, clientMetric, serverMetric) => {
    // Prepare
    const { stack, pipeline } = pipelineFixture({ apiKind });

    // Act
    new DeliveryHealthAlarm(stack, 'Health', { pipeline, senderName: 'Shopify' });

    // Assess
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'TestStack-Pipeline-DeliveryHealth',
      AlarmDescription: Match.stringLikeRegexp('answered Shopify with non-2xx in each of the last 3 periods \\(45 minutes\\).*#delivery-health$'),
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'FILL(clientErrors, 0) + FILL(serverErrors, 0)' }),
        Match.objectLike({ Id: 'clientErrors', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: clientMetric }), Period: 900, Stat: 'Sum' }) }),
        Match.objectLike({ Id: 'serverErrors', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: serverMetric }), Period: 900, Stat: 'Sum' }) }),
      ]),
    });
  });

  test('failingPeriods outside 1 to 24 throws naming it', () => {
    const { stack, pipeline } = pipelineFixture();
    expect(() => new DeliveryHealthAlarm(stack, 'Health', { pipeline, failingPeriods: 30, period: Duration.minutes(5) })).toThrow(/failingPeriods must be a whole number from 1 to 24/);
  });
});
