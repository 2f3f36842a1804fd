/*
 * Event ids from several fields, grantEnqueue and ReconciliationSweep on the synthesized template:
 * the configuration each producer gets, least-privilege IAM, the schedule, the alarms, the prop
 * rules and cdk-nag.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { nagFindings } from './nag-findings';
import { AckFastWebhookPipeline, ReconciliationSweep, ReconciliationSweepProps, WebhookAuthentication } from '../../src';
import { ENQUEUE_CONFIG_ENV, SWEEP_CONFIG_ENV, INGRESS_CONFIG_ENV } from '../../src/contract';
import { pipelineFixture } from '../support/pipeline-stack';

const ID_POINTERS = ['/ticket/id', '/ticket/lastMessage/createdAt'];

/** A function with its own least-privilege role (as a cdk-nag-clean app writes it). */
function sweepFunction(stack: Stack, id = 'SweepFn', timeout = Duration.seconds(60)): lambda.Function {
  const logGroup = new logs.LogGroup(stack, `${id}Logs`, { retention: logs.RetentionDays.ONE_MONTH });
  const role = new iam.Role(stack, `${id}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => null;'),
    timeout,
    role,
    logGroup,
  });
}

/** The JSON an environment variable of the function with logical id prefix `fnPrefix` holds, references shown as '<Ref>'. */
function envJson(template: Template, fnPrefix: string, name: string): Record<string, any> {
  const fn = Object.entries(template.findResources('AWS::Lambda::Function')).find(([logicalId]) => logicalId.startsWith(fnPrefix))![1];
  const value = fn.Properties.Environment.Variables[name];
  const text = typeof value === 'string' ? value : value['Fn::Join'][1].map((part: unknown) => (typeof part === 'string' ? part : '<Ref>')).join('');
  return JSON.parse(text);
}

function statementsOf(template: Template, rolePrefix: string): any[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(rolePrefix))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

function withSweep(overrides: Partial<ReconciliationSweepProps> = {}, functionTimeout = Duration.seconds(60)) {
  const fixture = pipelineFixture({ eventIdJsonPointers: ID_POINTERS, messageGroupIdJsonPointer: '/ticket/id' });
  const fn = sweepFunction(fixture.stack, 'SweepFn', functionTimeout);
  const sweep = new ReconciliationSweep(fixture.stack, 'Sweep', { pipeline: fixture.pipeline, sweepFunction: fn, ...overrides });
  return { ...fixture, fn, sweep, template: () => Template.fromStack(fixture.stack) };
}

describe('eventIdJsonPointers', () => {
  test('the ingress identifies events by those fields alone, and requires each of them', () => {
    // Prepare
    const { stack } = pipelineFixture({ eventIdJsonPointers: ID_POINTERS, requiredJsonPointers: ['/event', '/ticket/id'] });

    // Act
    const config = envJson(Template.fromStack(stack), 'PipelineIngressFunction', INGRESS_CONFIG_ENV);

    // Assess
    expect(config.eventIdJsonPointers).toEqual(ID_POINTERS);
    expect(config.eventIdHeaders).toEqual([]);
    expect(config.eventIdJsonPointer).toBeUndefined();
    expect(config.requiredJsonPointers).toEqual(['/event', '/ticket/id', '/ticket/lastMessage/createdAt']);
  });

  test.each([
    [{ eventIdJsonPointers: ID_POINTERS, eventIdJsonPointer: '/id' }, /eventIdJsonPointers and eventIdJsonPointer cannot both be set/],
    [{ eventIdJsonPointers: ID_POINTERS, eventIdHeader: 'X-Id' }, /eventIdJsonPointers and eventIdHeader cannot both be set/],
    [{ eventIdJsonPointers: [] }, /eventIdJsonPointers must name 1 to 10 JSON pointers/],
    [{ eventIdJsonPointers: ['ticket/id'] }, /eventIdJsonPointers 'ticket\/id' is not an RFC 6901 JSON pointer/],
  ])('%j throws naming the props', (props, message) => {
    expect(() => pipelineFixture(props)).toThrow(message);
  });
});

describe('grantEnqueue', () => {
  test('SendMessage only, and the ingress\'s body, identity and filter rules in ACK_FAST_ENQUEUE_CONFIG', () => {
    // Prepare
    const { stack, pipeline } = pipelineFixture({
      eventIdJsonPointers: ID_POINTERS, messageGroupIdJsonPointer: '/ticket/id', ingressFilters: [{ pointer: '/event', acceptedValues: ['ticket.created'] }],
    });
    const producer = sweepFunction(stack, 'Producer');

    // Act
    pipeline.grantEnqueue(producer);

    // Assess
    const template = Template.fromStack(stack);
    const ingress = envJson(template, 'PipelineIngressFunction', INGRESS_CONFIG_ENV);
    const config = envJson(template, 'Producer', ENQUEUE_CONFIG_ENV);
    for (const field of ['queueUrl', 'maxBodyBytes', 'eventIdHeaders', 'eventIdJsonPointers', 'messageGroupIdJsonPointer', 'requiredJsonPointers', 'maxJsonDepth', 'maxJsonElements', 'ingressFilters']) {
      expect({ field, value: config[field] }).toEqual({ field, value: ingress[field] });
    }
    expect(config.receivedCheck).toBeUndefined();
    const actions = statementsOf(template, 'ProducerRole').flatMap((statement) => [statement.Action].flat());
    expect(actions.filter((action: string) => !action.startsWith('logs:')).sort())
      .toEqual(['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage']);
  });

  test('allowReceivedCheck adds GetItem on this pipeline\'s event# keys only, and says so in the configuration', () => {
    // Prepare
    const { stack, pipeline } = pipelineFixture();
    const producer = sweepFunction(stack, 'Producer');

    // Act
    pipeline.grantEnqueue(producer, { allowReceivedCheck: true });

    // Assess
    const template = Template.fromStack(stack);
    expect(statementsOf(template, 'ProducerRole')).toContainEqual({
      Action: 'dynamodb:GetItem',
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^PipelineStateTable/), 'Arn'] },
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${pipeline.eventKeyPrefix}*`] } },
    });
    expect(envJson(template, 'Producer', ENQUEUE_CONFIG_ENV).receivedCheck).toEqual({ tableName: '<Ref>', eventKeyPrefix: pipeline.eventKeyPrefix });
  });
});

describe('ReconciliationSweep', () => {
  test('EventBridge Scheduler invokes the function every 5 minutes with a role that may invoke only it', () => {
    // Prepare / Act
    const { template } = withSweep();
    const t = template();

    // Assess
    t.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SweepFn'), 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 } }),
    });
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } })] },
    });
    expect(statementsOf(t, 'SweepScheduleRole')).toEqual([{
      Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^SweepFn/), 'Arn'] },
    }]);
  });

  test('the function gets its configuration, the received check, and UpdateItem on its own cursor key only', () => {
    // Prepare / Act
    const { template, pipeline, sweep } = withSweep({ interval: Duration.minutes(10), maxItemsPerRun: 200 });
    const t = template();

    // Assess
    const config = envJson(t, 'SweepFn', SWEEP_CONFIG_ENV);
    expect(config).toEqual({
      sweepName: 'Sweep',
      tableName: '<Ref>',
      cursorKey: sweep.cursorKey,
      intervalSeconds: 600,
      overlapSeconds: 60,
      settleSeconds: 60,
      initialLookbackSeconds: 3600,
      maxItems: 200,
      maxRunSeconds: 48,
      leaseSeconds: 60,
      cursorTtlSeconds: 2_592_000,
      metrics: { namespace: 'AckFastWebhookPipeline', pipeline: pipeline.pipelineName },
    });
    expect(sweep.cursorKey).toBe(`sweep#${pipeline.eventKeyPrefix.slice('event#'.length)}Sweep`);
    expect(envJson(t, 'SweepFn', ENQUEUE_CONFIG_ENV).receivedCheck).toBeDefined();
    expect(statementsOf(t, 'SweepFnRole')).toContainEqual({
      Action: 'dynamodb:UpdateItem',
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^PipelineStateTable/), 'Arn'] },
      Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [sweep.cursorKey] } },
    });
    const dynamoActions = statementsOf(t, 'SweepFnRole').flatMap((s) => [s.Action].flat()).filter((a: string) => a.startsWith('dynamodb:'));
    expect(dynamoActions.sort()).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
  });

  test('three alarms: events recovered, the sweep failing, the sweep not running (no datapoint breaches)', () => {
    // Prepare / Act
    const { template, sweep } = withSweep({ alarmNamePrefix: 'rp-mw-dev-sweep' });
    const t = template();

    // Assess
    expect(sweep.alarms).toHaveLength(3);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'rp-mw-dev-sweep-SweepRecovered',
      MetricName: 'SweepRecovered',
      Statistic: 'Sum',
      Threshold: 0,
      Period: 300,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'rp-mw-dev-sweep-SweepFailing',
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'FILL(sweepErrors, 0) + FILL(functionErrors, 0)' })]),
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'rp-mw-dev-sweep-SweepNotRunning',
      MetricName: 'SweepCursorLag',
      Statistic: 'Maximum',
      Threshold: 2 * 300 + 60 + 48,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'breaching',
    });
  });

  test('alarmsEnabled false creates none', () => {
    const { template } = withSweep({ alarmsEnabled: false });
    expect(Object.keys(template().findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: Match.stringLikeRegexp('^Sweep') } }))).toEqual([]);
  });

  test.each([
    [{ interval: Duration.seconds(90) }, /interval must be whole minutes from 1 to 1440/],
    [{ interval: Duration.minutes(0.5) }, /interval must be whole minutes/],
    [{ maxRunDuration: Duration.seconds(60) }, /maxRunDuration \(1 minute\) must be at least 1 second and shorter than the sweep function's timeout/],
    [{ maxItemsPerRun: 0 }, /maxItemsPerRun must be a whole number from 1 to 100000/],
    [{ maxCursorLag: Duration.seconds(60) }, /maxCursorLag \(1 minute\) must exceed settleDelay \+ maxRunDuration/],
  ])('%j throws naming the prop', (props, message) => {
    expect(() => withSweep(props)).toThrow(message);
  });

  test('a function timeout beyond the interval throws: a run would still hold the cursor when the next starts', () => {
    expect(() => withSweep({ interval: Duration.minutes(1) }, Duration.seconds(90))).toThrow(/The sweep function's timeout \(1 minute 30 seconds\) must not exceed interval \(1 minute\)/);
  });

  test('cdk-nag: a pipeline with a sweep leaves no finding; negative control: a non-compliant queue in the same stack is reported', () => {
    // Prepare
    const clean = withSweep();
    const dirty = withSweep();
    new sqs.Queue(dirty.stack, 'UnencryptedQueue', { encryption: sqs.QueueEncryption.UNENCRYPTED });

    // Act
    const cleanFindings = nagFindings(clean.app, clean.stack);
    const dirtyFindings = nagFindings(dirty.app, dirty.stack);

    // Assess
    expect(cleanFindings).toEqual([]);
    expect(dirtyFindings.some((finding) => finding.includes('UnencryptedQueue'))).toBe(true);
  });

  test('two pipelines in one table: each sweep\'s cursor key sits under its own pipeline\'s namespace', () => {
    // Prepare
    const { stack, pipeline } = pipelineFixture();
    const other = new AckFastWebhookPipeline(stack, 'Other', {
      authentication: WebhookAuthentication.sharedToken({ secret: secretsmanager.Secret.fromSecretNameV2(stack, 'OtherToken', 'other'), header: 'X-Token' }),
      processor: pipeline.processor,
      processorTimeout: Duration.seconds(10),
      existingTable: pipeline.table,
    });

    // Act
    const first = new ReconciliationSweep(stack, 'First', { pipeline, sweepFunction: sweepFunction(stack, 'FirstFn') });
    const second = new ReconciliationSweep(stack, 'Second', { pipeline: other, sweepFunction: sweepFunction(stack, 'SecondFn') });

    // Assess
    expect(first.cursorKey).toBe(`sweep#${pipeline.eventKeyPrefix.slice('event#'.length)}First`);
    expect(second.cursorKey).toBe(`sweep#${other.eventKeyPrefix.slice('event#'.length)}Second`);
    expect(pipeline.eventKeyPrefix).not.toBe(other.eventKeyPrefix);
  });
});
