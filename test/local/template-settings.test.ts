import { Duration } from 'aws-cdk-lib';
import { readPipelineSettings, resolveValue } from '../../local/template-settings';
import { WebhookApiKind } from '../../src';
import { INGRESS_CONFIG_ENV } from '../../src/contract';
import { e2eTemplate } from '../e2e/support/e2e-pipeline';

describe('pipeline settings read from the synthesized template', () => {
  test('every setting the local pipeline uses comes from the construct', () => {
    // Prepare
    const template = e2eTemplate({
      webhookPath: 'hooks/richpanel',
      stageName: 'dev',
      throttlingRateLimit: 7,
      throttlingBurstLimit: 9,
      workerTimeout: Duration.seconds(10),
      workerBatchSize: 4,
      workerMaxConcurrency: 3,
      maxReceiveCount: 4,
    });

    // Act
    const settings = readPipelineSettings(template);

    // Assess
    expect(settings).toMatchObject({
      webhookPath: 'hooks/richpanel',
      stageName: 'dev',
      throttlingRateLimit: 7,
      throttlingBurstLimit: 9,
      workerTimeoutSeconds: 10,
      batchSize: 4,
      maxConcurrency: 3,
      maxReceiveCount: 4,
      reportBatchItemFailures: true,
      // The construct's default: 6 x workerTimeout.
      visibilityTimeoutSeconds: 60,
      ingressTimeoutSeconds: 5,
    });
  });

  test('resolves the handler configuration with local values for each reference', () => {
    // Prepare
    const template = e2eTemplate();
    const settings = readPipelineSettings(template);
    const ingress = template.Resources[settings.ingressFunctionId].Properties as { Environment: { Variables: Record<string, unknown> } };

    // Act
    const config = JSON.parse(resolveValue(ingress.Environment.Variables[INGRESS_CONFIG_ENV], (id) => `<${id}>`));

    // Assess
    expect(config.queueUrl).toBe(`<${settings.queueId}>`);
    expect(config.authentication).toMatchObject({ scheme: 'shared-token', headers: ['x-webhook-token'] });
    expect(config.maxBodyBytes).toBe(262_144);
  });

  test('says what is wrong with a template it cannot run', () => {
    // Assess
    expect(() => readPipelineSettings({ Resources: {} })).toThrow(/no Lambda function carries ACK_FAST_INGRESS_CONFIG .*AckFastWebhookPipeline/);
    expect(() => resolveValue({ 'Fn::ImportValue': 'x' }, () => '')).toThrow(/unsupported CloudFormation value/);
  });
});

describe('an HTTP API pipeline', () => {
  test('reads its route and stage throttling', () => {
    // Act
    const settings = readPipelineSettings(e2eTemplate({ apiKind: WebhookApiKind.HTTP, webhookPath: 'hooks', throttlingRateLimit: 3, throttlingBurstLimit: 4 }));

    // Assess
    expect(settings).toMatchObject({ apiKind: 'HTTP', webhookPath: 'hooks', stageName: 'v1', throttlingRateLimit: 3, throttlingBurstLimit: 4 });
  });
});
