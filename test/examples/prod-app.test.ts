import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../examples/prod-app/lib/app';

function stacksOf(app: App): Stack[] {
  return app.node.children.filter((child): child is Stack => child instanceof Stack);
}

describe('examples/prod-app', () => {
  // GIVEN account ids from context, as an operator passes them
  const app = buildApp(new App({ context: { devAccount: '111111111111', stagingAccount: '222222222222', prodAccount: '333333333333' } }));
  app.synth();
  const stacks = stacksOf(app);

  test('one stack per stage, each in its own account, in us-east-2', () => {
    expect(stacks.map((s) => [s.stackName, s.account, s.region])).toEqual([
      ['rp-mw-dev', '111111111111', 'us-east-2'],
      ['rp-mw-staging', '222222222222', 'us-east-2'],
      ['rp-mw-prod', '333333333333', 'us-east-2'],
    ]);
  });

  test('cdk-nag AwsSolutions leaves nothing unacknowledged on any stage', () => {
    for (const stack of stacks) {
      const annotations = Annotations.fromStack(stack);
      expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-'))).toEqual([]);
      expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-'))).toEqual([]);
    }
  });

  test('prod retains its state table; dev does not', () => {
    const [dev, , prod] = stacks.map((s) => Template.fromStack(s));
    prod.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
    dev.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
  });

  test('tickets are the FIFO message group and stage throttling differs', () => {
    const prod = Template.fromStack(stacks[2]);
    prod.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 })]),
    });
    // The config is a JSON string joined with CloudFormation references, so match its text.
    const ingressConfig = JSON.stringify(Object.values(prod.findResources('AWS::Lambda::Function'))
      .map((fn) => fn.Properties.Environment?.Variables?.ACK_FAST_INGRESS_CONFIG).filter(Boolean));
    expect(ingressConfig).toContain('\\"messageGroupIdJsonPointer\\":\\"/ticket/id\\"');
  });

  test('without account ids the stages still synthesize, account-agnostic', () => {
    const agnostic = stacksOf(buildApp(new App()));
    expect(agnostic.map((s) => s.region)).toEqual(['us-east-2', 'us-east-2', 'us-east-2']);
    expect(agnostic.every((s) => s.account.startsWith('${Token'))).toBe(true);
  });
});
