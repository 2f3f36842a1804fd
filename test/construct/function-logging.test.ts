import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { pipelineFixture } from '../support/pipeline-stack';

/** The LoggingConfig of the pipeline's ingress and worker functions. */
function loggingConfigs(template: Template): Record<string, unknown> {
  const functions = template.findResources('AWS::Lambda::Function');
  return Object.fromEntries(Object.entries(functions)
    .filter(([logicalId]) => /^Pipeline(Ingress|Worker)Function/.test(logicalId))
    .map(([logicalId, resource]) => [logicalId.replace(/^Pipeline(Ingress|Worker)Function.*$/, '$1'), resource.Properties.LoggingConfig]));
}

describe('advanced logging controls on the ingress and the worker', () => {
  test('by default: JSON lines, application level INFO, system level WARN, into the function\'s own log group', () => {
    // Prepare: a default pipeline
    const { stack } = pipelineFixture();
    // Assess
    const configs = loggingConfigs(Template.fromStack(stack));
    expect(Object.keys(configs).sort()).toEqual(['Ingress', 'Worker']);
    for (const config of Object.values(configs)) {
      expect(config).toEqual({
        LogFormat: 'JSON',
        ApplicationLogLevel: 'INFO',
        SystemLogLevel: 'WARN',
        LogGroup: expect.objectContaining({ Ref: expect.stringMatching(/LogGroup/) }),
      });
    }
  });

  test('logging levels follow the props', () => {
    // Prepare
    const { stack } = pipelineFixture({
      logging: { applicationLogLevel: lambda.ApplicationLogLevel.DEBUG, systemLogLevel: lambda.SystemLogLevel.INFO },
    });
    // Assess
    for (const config of Object.values(loggingConfigs(Template.fromStack(stack)))) {
      expect(config).toMatchObject({ LogFormat: 'JSON', ApplicationLogLevel: 'DEBUG', SystemLogLevel: 'INFO' });
    }
  });
});
