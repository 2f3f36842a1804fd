import * as sqs from 'aws-cdk-lib/aws-sqs';
import { acknowledgements, nagFindings } from './nag-findings';
import { pipelineFixture } from '../support/pipeline-stack';

describe('cdk-nag AwsSolutions', () => {
  test('a default pipeline leaves no unacknowledged finding', () => {
    // Prepare
    const { app, stack } = pipelineFixture();
    // Act
    const findings = nagFindings(app, stack);
    // Assess
    expect(findings).toEqual([]);
  });

  test('with a WAF web ACL, the WAF check passes on its own (no acknowledgement)', () => {
    // Prepare
    const { app, stack } = pipelineFixture({ wafRateLimitPerIp: 1000 });
    // Act
    const findings = nagFindings(app, stack);
    const stage = stack.resolve((stack as any)._toCloudFormation()).Resources.PipelineApiDeploymentStagev1073D9DF8;
    // Assess
    expect(findings).toEqual([]);
    expect(stage.Metadata.cdk_nag.rules_to_suppress.map((r: { id: string }) => r.id)).toEqual(['AwsSolutions-APIG6']);
  });

  test('negative control: the same checks do report a non-compliant resource in that stack', () => {
    // Prepare: a queue with no DLQ, no TLS-only policy
    const { app, stack } = pipelineFixture();
    new sqs.Queue(stack, 'CarelessQueue', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    // Act
    const findings = nagFindings(app, stack);
    // Assess
    expect(findings.some((f) => f.includes('/CarelessQueue/') && f.includes('AwsSolutions-SQS3'))).toBe(true);
    expect(findings.some((f) => f.includes('/CarelessQueue/') && f.includes('AwsSolutions-SQS4'))).toBe(true);
    expect(findings.every((f) => f.includes('/CarelessQueue/'))).toBe(true);
  });

  test('every acknowledgement sits on an exact resource with a written reason', () => {
    // Prepare
    const { stack } = pipelineFixture();
    // Act
    const acknowledged = acknowledgements(stack);
    // Assess
    expect(acknowledged.map((a) => `${a.id}@${a.logicalId.replace(/[0-9A-F]{8}$/, '')}`).sort()).toEqual([
      'AwsSolutions-APIG2@PipelineApi',
      'AwsSolutions-APIG3@PipelineApiDeploymentStagev1',
      'AwsSolutions-APIG4@PipelineApiwebhookPOST',
      'AwsSolutions-APIG6@PipelineApiDeploymentStagev1',
      'AwsSolutions-COG4@PipelineApiwebhookPOST',
      'AwsSolutions-IAM5@PipelineArchiveDeliveryStreamS3DestinationRoleDefaultPolicy',
      'AwsSolutions-S1@PipelineArchiveBucket',
    ]);
    acknowledged.forEach((a) => expect(a.reason.length).toBeGreaterThan(40));
  });
});
