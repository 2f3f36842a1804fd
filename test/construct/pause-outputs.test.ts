/*
 * What `ack-fast-webhook pause` / `resume` read from the stack outputs: the worker's event source
 * mapping and the backlog alarms' names. Pause needs no new permission on any runtime role.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { STACK_OUTPUT_IDS } from '../../src/contract';
import { pipelineFixture } from '../support/pipeline-stack';

function outputsEndingWith(template: Template, id: string): Record<string, { Value: unknown }> {
  const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
  return Object.fromEntries(Object.entries(outputs).filter(([key]) => new RegExp(`^Pipeline${id}[0-9A-F]{8}$`).test(key)));
}

describe('pause/resume stack outputs', () => {
  test('the worker\'s SQS event source mapping id is an output (its Ref: the mapping UUID)', () => {
    // Prepare
    const { stack } = pipelineFixture();

    // Act
    const template = Template.fromStack(stack);

    // Assess
    const mappings = template.findResources('AWS::Lambda::EventSourceMapping');
    expect(Object.keys(mappings)).toHaveLength(1);
    const [mappingId] = Object.keys(mappings);
    expect(Object.values(outputsEndingWith(template, STACK_OUTPUT_IDS.workerEventSourceMappingId)))
      .toEqual([{ Description: expect.any(String), Value: { Ref: mappingId } }]);
  });

  test('the backlog alarms (OldestMessageAge, EventAge) are named in one output; none when alarms are off', () => {
    // Prepare
    const withAlarms = Template.fromStack(pipelineFixture().stack);
    const withoutAlarms = Template.fromStack(pipelineFixture({ alarmsEnabled: false }).stack);

    // Assess
    const alarms = withAlarms.findResources('AWS::CloudWatch::Alarm');
    const idOf = (suffix: string) => Object.keys(alarms).find((id) => id.startsWith(`Pipeline${suffix}Alarm`))!;
    expect(Object.values(outputsEndingWith(withAlarms, STACK_OUTPUT_IDS.backlogAlarmNames))).toEqual([{
      Description: expect.any(String),
      Value: { 'Fn::Join': [',', [{ Ref: idOf('OldestMessageAge') }, { Ref: idOf('EventAge') }]] },
    }]);
    expect(outputsEndingWith(withoutAlarms, STACK_OUTPUT_IDS.backlogAlarmNames)).toEqual({});
    expect(Object.keys(outputsEndingWith(withoutAlarms, STACK_OUTPUT_IDS.workerEventSourceMappingId))).toHaveLength(1);
  });

  test('no runtime role may change the mapping or alarm actions: pause runs with the operator\'s credentials', () => {
    // Prepare
    const template = JSON.stringify(Template.fromStack(pipelineFixture().stack).findResources('AWS::IAM::Policy'));

    // Assess
    for (const action of ['lambda:UpdateEventSourceMapping', 'cloudwatch:DisableAlarmActions', 'cloudwatch:EnableAlarmActions', 'lambda:*', 'cloudwatch:*']) {
      expect(template).not.toContain(action);
    }
    // Negative control: the worker's own grants are in the same documents.
    expect(template).toContain('lambda:InvokeFunction');
  });
});
