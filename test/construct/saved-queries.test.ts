import { Match, Template } from 'aws-cdk-lib/assertions';
import { pipelineFixture } from '../support/pipeline-stack';

describe('saved Logs Insights queries', () => {
  // Prepare: a pipeline with maxReceiveCount 3
  const { stack, pipeline } = pipelineFixture({ maxReceiveCount: 3 });
  const t = Template.fromStack(stack);
  const ingressLogGroup = { Ref: stack.getLogicalId(pipeline.ingressLogGroup.node.defaultChild as never) };
  const workerLogGroup = { Ref: stack.getLogicalId(pipeline.workerLogGroup!.node.defaultChild as never) };

  test('four queries in the pipeline\'s folder, each over the log groups it reads', () => {
    // Assess
    t.resourceCountIs('AWS::Logs::QueryDefinition', 4);
    expect(pipeline.savedQueries).toHaveLength(4);
    t.hasResourceProperties('AWS::Logs::QueryDefinition', {
      Name: "TestStack-Pipeline/one event's path by event id",
      LogGroupNames: [ingressLogGroup, workerLogGroup],
      QueryString: Match.stringLikeRegexp('filter eventId = "REPLACE-WITH-EVENT-ID"'),
    });
    t.hasResourceProperties('AWS::Logs::QueryDefinition', {
      Name: 'TestStack-Pipeline/rejections by reason (last hour)',
      LogGroupNames: [ingressLogGroup],
      QueryString: Match.stringLikeRegexp('stats count\\(\\*\\) as requests by message, reason, statusCode'),
    });
    t.hasResourceProperties('AWS::Logs::QueryDefinition', {
      Name: 'TestStack-Pipeline/slowest ACKs',
      LogGroupNames: [ingressLogGroup],
      QueryString: Match.stringLikeRegexp('sort durationMs desc'),
    });
  });

  test('the DLQ query divides by this pipeline\'s maxReceiveCount', () => {
    t.hasResourceProperties('AWS::Logs::QueryDefinition', {
      Name: 'TestStack-Pipeline/failures and DLQ moves by error class',
      LogGroupNames: [workerLogGroup],
      QueryString: Match.stringLikeRegexp('floor\\(receiveCount / 3\\) as movedToDeadLetterQueue'),
    });
  });

  test('the log group names are stack outputs (status links to the event path with them)', () => {
    const outputs = t.toJSON().Outputs as Record<string, { Value: unknown }>;
    const byPrefix = (prefix: string) => Object.entries(outputs).find(([key]) => key.startsWith(prefix))?.[1].Value;
    expect(byPrefix('PipelineIngressLogGroupName')).toEqual(ingressLogGroup);
    expect(byPrefix('PipelineWorkerLogGroupName')).toEqual(workerLogGroup);
  });
});
