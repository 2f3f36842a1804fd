import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { acknowledgements, nagFindings } from './nag-findings';
import { WebhookApiKind } from '../../src';
import { pipelineFixture } from '../support/pipeline-stack';

describe('cdk-nag AwsSolutions with the HTTP API', () => {
  test('an HTTP API pipeline leaves no unacknowledged finding', () => {
    // Prepare
    const { app, stack } = pipelineFixture({ apiKind: WebhookApiKind.HTTP });
    // Act
    const findings = nagFindings(app, stack);
    // Assess
    expect(findings).toEqual([]);
  });

  test('negative control: an HTTP API without access logs or authorization next to it is reported', () => {
    // Prepare: an HTTP API whose default stage has no access logs, with an unauthenticated route
    const { app, stack, pipeline } = pipelineFixture({ apiKind: WebhookApiKind.HTTP });
    const careless = new apigatewayv2.HttpApi(stack, 'CarelessHttpApi');
    careless.addRoutes({ path: '/open', integration: new HttpLambdaIntegration('Open', pipeline.ingressFunction) });
    // Act
    const findings = nagFindings(app, stack);
    // Assess
    expect(findings.some((f) => f.includes('/CarelessHttpApi/DefaultStage/') && f.includes('AwsSolutions-APIG1'))).toBe(true);
    expect(findings.some((f) => f.includes('/CarelessHttpApi/ANY--open/') && f.includes('AwsSolutions-APIG4'))).toBe(true);
    expect(findings.every((f) => f.includes('/CarelessHttpApi/'))).toBe(true);
  });

  test('the only acknowledgements are authorization on the webhook route and the archive\'s, with a written reason', () => {
    // Prepare
    const { stack } = pipelineFixture({ apiKind: WebhookApiKind.HTTP });
    // Act
    const acknowledged = acknowledgements(stack);
    // Assess
    expect(acknowledged.map((a) => `${a.id}@${a.logicalId.replace(/[0-9A-F]{8}$/, '')}`).sort()).toEqual([
      'AwsSolutions-APIG4@PipelineHttpApiPOSTwebhook',
      'AwsSolutions-IAM5@PipelineArchiveDeliveryStreamS3DestinationRoleDefaultPolicy',
      'AwsSolutions-S1@PipelineArchiveBucket',
    ]);
    acknowledged.forEach((a) => expect(a.reason.length).toBeGreaterThan(40));
  });
});
