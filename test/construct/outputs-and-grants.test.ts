import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { STACK_OUTPUT_IDS, STATE_TABLE_ENV } from '../../src/contract';
import { pipelineFixture } from '../support/pipeline-stack';

describe('stack outputs for the recovery CLI', () => {
  test('each output id appears once, under the construct, with a value', () => {
    const { stack } = pipelineFixture();
    const outputs = Template.fromStack(stack).toJSON().Outputs as Record<string, { Value: unknown }>;
    for (const id of Object.values(STACK_OUTPUT_IDS)) {
      const keys = Object.keys(outputs).filter((key) => new RegExp(`^Pipeline${id}[0-9A-F]{8}$`).test(key));
      expect({ id, keys: keys.length }).toEqual({ id, keys: 1 });
      expect(outputs[keys[0]].Value).toBeDefined();
    }
  });
});

describe('grantRateLimiting', () => {
  test('allows only GetItem/UpdateItem on rl# keys of the state table, and sets the table env on a Function', () => {
    const { stack, pipeline } = pipelineFixture();
    const limited = new lambda.Function(stack, 'Limited', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => null;'),
    });
    pipeline.grantRateLimiting(limited);
    const template = Template.fromStack(stack);
    const policies = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes('LimitedServiceRole'));
    expect(policies).toHaveLength(1);
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([{
      Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^PipelineStateTable/), 'Arn'] },
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['rl#*'] } },
    }]);
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))
      .find((resource) => resource.Properties.Code?.ZipFile !== undefined);
    expect(fn?.Properties.Environment.Variables[STATE_TABLE_ENV]).toEqual({ Ref: expect.stringMatching(/^PipelineStateTable/) });
  });

  test('a role grantee gets the policy but no environment', () => {
    const { stack, pipeline } = pipelineFixture();
    const role = new iam.Role(stack, 'ProcessorRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    pipeline.grantRateLimiting(role);
    const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes('ProcessorRole'));
    expect(policies).toHaveLength(1);
    expect(JSON.stringify(policies[0])).toContain('rl#*');
  });
});
