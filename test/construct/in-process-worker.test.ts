/*
 * The in-process mode: the user's own worker function (createWorker from lib/runtime) wired by
 * the construct instead of the bundled worker and its Invoke; the mode rules and the checks on
 * the function.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { nagFindings } from './nag-findings';
import { AckFastWebhookPipeline, AckFastWebhookPipelineProps, WebhookAuthentication } from '../../src';
import { WORKER_CONFIG_ENV } from '../../src/contract';

interface WorkerShape {
  readonly runtime?: lambda.Runtime;
  readonly timeout?: Duration;
  readonly memorySize?: number;
  readonly architecture?: lambda.Architecture;
  /** false: the default role (AWSLambdaBasicExecutionRole), for the nag negative control. */
  readonly ownRole?: boolean;
}

function userWorker(stack: Stack, shape: WorkerShape = {}): lambda.Function {
  const logGroup = new logs.LogGroup(stack, 'MyWorkerLogs', { retention: logs.RetentionDays.ONE_MONTH });
  const role = shape.ownRole === false ? undefined : new iam.Role(stack, 'MyWorkerRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  role?.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
  return new lambda.Function(stack, 'MyWorker', {
    // Stands in for the user's bundle (their NodejsFunction): the construct never looks inside.
    code: lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });'),
    handler: 'index.handler',
    runtime: shape.runtime ?? lambda.Runtime.NODEJS_24_X,
    architecture: shape.architecture ?? lambda.Architecture.ARM_64,
    timeout: shape.timeout ?? Duration.seconds(30),
    memorySize: shape.memorySize ?? 512,
    logGroup,
    role,
  });
}

function inProcessFixture(shape: WorkerShape = {}, overrides: Partial<AckFastWebhookPipelineProps> = {}) {
  const app = new App();
  const stack = new Stack(app, 'TestStack', { env: { account: '111111111111', region: 'us-east-2' } });
  const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'SigningSecret', 'webhooks/signing-key');
  const worker = userWorker(stack, shape);
  const make = () => new AckFastWebhookPipeline(stack, 'Pipeline', {
    authentication: WebhookAuthentication.hmacSha256({ secret, signatureHeader: 'X-Hub-Signature-256', prefix: 'sha256=' }),
    workerFunction: worker,
    ...overrides,
  });
  return { app, stack, worker, make };
}

/** A user worker as a bare `lambda.Function`: no log group, no logging format, the default role. */
const BARE_WORKER: lambda.FunctionProps = {
  code: lambda.Code.fromInline('exports.handler = async () => ({});'),
  handler: 'index.handler',
  runtime: lambda.Runtime.NODEJS_24_X,
  architecture: lambda.Architecture.ARM_64,
  timeout: Duration.seconds(30),
  memorySize: 512,
};

/** A stack with nothing in it but the signing secret, and the pipeline's authentication over it. */
function bareStack() {
  const stack = new Stack(new App(), 'TestStack', { env: { account: '111111111111', region: 'us-east-2' } });
  const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'SigningSecret', 'webhooks/signing-key');
  return { stack, authentication: WebhookAuthentication.hmacSha256({ secret, signatureHeader: 'X-Hub-Signature-256', prefix: 'sha256=' }) };
}

const workerLogicalId = (stack: Stack, worker: lambda.Function) => stack.getLogicalId(worker.node.defaultChild as lambda.CfnFunction);

describe('in-process mode (workerFunction)', () => {
  test('the user function gets the event source, its configuration and grants; no bundled worker and no Invoke', () => {
    // Prepare
    const { stack, worker, make } = inProcessFixture();
    // Act
    const pipeline = make();
    const t = Template.fromStack(stack);
    // Assess
    expect(pipeline.workerFunction).toBe(worker);
    expect(pipeline.processor).toBeUndefined();
    expect(pipeline.workerLogGroup).toBeUndefined();
    const id = workerLogicalId(stack, worker);
    // The ingress and the user's worker: no bundled worker function.
    t.resourceCountIs('AWS::Lambda::Function', 2);
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: id }, BatchSize: 10, ScalingConfig: { MaximumConcurrency: 5 }, FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const env = t.findResources('AWS::Lambda::Function')[id].Properties.Environment.Variables;
    const config = JSON.parse(JSON.stringify(stack.resolve(env[WORKER_CONFIG_ENV])));
    const text = JSON.stringify(config);
    expect(text).toContain('processorTimeoutMs\\":3000');
    expect(text).toContain(`eventKeyPrefix\\":\\"${pipeline.eventKeyPrefix}`);
    expect(text).not.toContain('processorFunctionName');
    const statements = Object.values(t.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements.some((s) => [s.Action].flat().includes('lambda:InvokeFunction'))).toBe(false);
    t.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^MyWorkerRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility']) }),
          Match.objectLike({
            Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
            Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${pipeline.eventKeyPrefix}*`] } },
          }),
        ]),
      },
    });
    // The worker alarms watch the user's function.
    const alarmsOnWorker = Object.values(t.findResources('AWS::CloudWatch::Alarm'))
      .filter((a) => JSON.stringify(a.Properties).includes(`"Ref":"${id}"`));
    expect(alarmsOnWorker.length).toBeGreaterThan(0);
    // Visibility timeout: 6 x the user's function timeout (30 s).
    t.hasResourceProperties('AWS::SQS::Queue', { FifoQueue: true, VisibilityTimeout: 180 });
  });

  test('the user function gets the pipeline\'s logging controls when it sets no log format, its own log group kept', () => {
    // Prepare
    const { stack, worker, make } = inProcessFixture({}, { logging: { applicationLogLevel: lambda.ApplicationLogLevel.WARN } });
    // Act
    make();
    // Assess
    const props = Template.fromStack(stack).findResources('AWS::Lambda::Function')[workerLogicalId(stack, worker)].Properties;
    expect(props.LoggingConfig).toEqual({
      LogFormat: 'JSON', ApplicationLogLevel: 'WARN', SystemLogLevel: 'WARN', LogGroup: { Ref: expect.stringMatching(/^MyWorkerLogs/) },
    });
  });

  test('a log format the user function sets stays; a text one is warned about (no level filter, platform lines per invocation)', () => {
    // Prepare
    const { stack, authentication } = bareStack();
    const text = new lambda.Function(stack, 'TextWorker', { ...BARE_WORKER, loggingFormat: lambda.LoggingFormat.TEXT });
    const json = new lambda.Function(stack, 'JsonWorker', { ...BARE_WORKER, loggingFormat: lambda.LoggingFormat.JSON, applicationLogLevelV2: lambda.ApplicationLogLevel.DEBUG });
    // Act
    new AckFastWebhookPipeline(stack, 'Text', { authentication, workerFunction: text });
    new AckFastWebhookPipeline(stack, 'Json', { authentication, workerFunction: json });
    // Assess
    const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');
    expect(functions[workerLogicalId(stack, text)].Properties.LoggingConfig).toEqual({ LogFormat: 'Text' });
    expect(functions[workerLogicalId(stack, json)].Properties.LoggingConfig).toEqual({ LogFormat: 'JSON', ApplicationLogLevel: 'DEBUG' });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('workerFunction logs as text'));
    expect(warnings.map((warning) => warning.id)).toEqual(['/TestStack/TextWorker']);
  });

  test('a user function without a log group gets no LogRetention custom resource; queries and outputs name /aws/lambda/<name>, with a warning', () => {
    // Prepare
    const { stack, authentication } = bareStack();
    const worker = new lambda.Function(stack, 'NoLogGroupWorker', BARE_WORKER);
    // Act
    new AckFastWebhookPipeline(stack, 'Pipeline', { authentication, workerFunction: worker });
    // Assess
    const t = Template.fromStack(stack);
    t.resourceCountIs('Custom::LogRetention', 0);
    const implicitName = { 'Fn::Join': ['', ['/aws/lambda/', { Ref: workerLogicalId(stack, worker) }]] };
    const outputs = Object.values(t.findOutputs('*')).filter((output) => JSON.stringify(output.Value) === JSON.stringify(implicitName));
    expect(outputs).toHaveLength(1);
    const queries = Object.values(t.findResources('AWS::Logs::QueryDefinition')).map((query) => JSON.stringify(query.Properties.LogGroupNames));
    expect(queries.filter((names) => names.includes(JSON.stringify(implicitName)))).not.toHaveLength(0);
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('workerFunction has no logGroup'));
    expect(warnings.map((warning) => warning.id)).toEqual(['/TestStack/NoLogGroupWorker']);
  });

  test('a customer managed key on the table is granted to the user function', () => {
    // Prepare
    const app = new App();
    const stack = new Stack(app, 'TestStack', { env: { account: '111111111111', region: 'us-east-2' } });
    const key = new kms.Key(stack, 'TableKey', { enableKeyRotation: true });
    const table = new dynamodb.Table(stack, 'Shared', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
    });
    // Act
    new AckFastWebhookPipeline(stack, 'Pipeline', {
      authentication: WebhookAuthentication.hmacSha256({ secret: secretsmanager.Secret.fromSecretNameV2(stack, 'S', 'x'), signatureHeader: 'X-Sig' }),
      workerFunction: userWorker(stack),
      existingTable: table,
    });
    // Assess
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^MyWorkerRole') }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['kms:Decrypt', 'kms:Encrypt']) })]) },
    });
  });

  test.each([
    ['neither', { workerFunction: undefined }, /exactly one of processor and workerFunction \(neither is set\)/],
    ['both', { processor: lambda.Function.fromFunctionArn(new Stack(), 'P', 'arn:aws:lambda:us-east-2:111111111111:function:p') },
      /exactly one of processor and workerFunction \(both are set\)/],
    ['workerTimeout with workerFunction', { workerTimeout: Duration.seconds(60) }, /workerTimeout cannot be set with workerFunction/],
    ['workerMemorySize with workerFunction', { workerMemorySize: 1024 }, /workerMemorySize cannot be set with workerFunction/],
    ['a process time the function cannot fit', { processorTimeout: Duration.seconds(25) },
      /workerFunction's timeout \(30 s\) must be at least processorTimeout \(25 s.*\+ 8 s \(= 33 s\)/],
  ])('synth error: %s', (_name, overrides, message) => {
    // Prepare
    const { make } = inProcessFixture({}, overrides as Partial<AckFastWebhookPipelineProps>);
    // Act / Assess
    expect(make).toThrow(message);
  });

  test.each([
    ['Python', { runtime: lambda.Runtime.PYTHON_3_13 }, /runs python3.13: the in-process worker \(createWorker\) is JavaScript.*pass it as processor/],
    ['Node.js 22', { runtime: lambda.Runtime.NODEJS_22_X }, /runs nodejs22.x: createWorker needs Node.js 24 or later/],
    ['Lambda\'s default 3 s timeout', { timeout: Duration.seconds(3) }, /timeout \(3 s\) must be at least processorTimeout \(3 s/],
  ])('synth error on the function: %s', (_name, shape, message) => {
    // Prepare
    const { make } = inProcessFixture(shape);
    // Act / Assess
    expect(make).toThrow(message);
  });

  test('negative control for the checks above: Node.js 24, 11 s (3 s + 8 s) synthesizes', () => {
    const { make } = inProcessFixture({ timeout: Duration.seconds(11) });
    expect(make).not.toThrow();
  });

  test('an imported function cannot be the worker (its environment cannot be set)', () => {
    // Prepare
    const app = new App();
    const stack = new Stack(app, 'TestStack', { env: { account: '111111111111', region: 'us-east-2' } });
    // Act / Assess
    expect(() => new AckFastWebhookPipeline(stack, 'Pipeline', {
      authentication: WebhookAuthentication.hmacSha256({ secret: secretsmanager.Secret.fromSecretNameV2(stack, 'S', 'x'), signatureHeader: 'X-Sig' }),
      workerFunction: lambda.Function.fromFunctionArn(stack, 'W', 'arn:aws:lambda:us-east-2:111111111111:function:w'),
    })).toThrow(/workerFunction must be a lambda.Function defined in this app/);
  });

  test('memory below 256 MiB and x86_64 are warned about; 512 MiB arm64 is not', () => {
    // Prepare
    const small = inProcessFixture({ memorySize: 128, architecture: lambda.Architecture.X86_64 });
    const fine = inProcessFixture();
    // Act
    small.make();
    fine.make();
    const warnings = (stack: Stack) => Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('workerFunction'))
      .map((w) => String(w.entry.data));
    // Assess
    expect(warnings(small.stack)).toEqual([
      expect.stringMatching(/workerFunction has 128 MiB/),
      expect.stringMatching(/workerFunction runs on x86_64/),
    ]);
    expect(warnings(fine.stack)).toEqual([]);
  });

  test('cdk-nag: an in-process pipeline leaves no unacknowledged finding; the user\'s default role does (negative control)', () => {
    // Prepare
    const clean = inProcessFixture();
    clean.make();
    const careless = inProcessFixture({ ownRole: false });
    careless.make();
    // Act
    const findings = nagFindings(clean.app, clean.stack);
    const carelessFindings = nagFindings(careless.app, careless.stack);
    // Assess
    expect(findings).toEqual([]);
    expect(carelessFindings.some((f) => f.includes('/MyWorker/ServiceRole') && f.includes('AwsSolutions-IAM4'))).toBe(true);
    expect(carelessFindings.every((f) => f.includes('/MyWorker/'))).toBe(true);
  });
});
