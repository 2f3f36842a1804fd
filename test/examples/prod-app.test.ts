import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { envOf, envOfFunction, functions, nagFindings, orderStatusFunction, stacksOf } from './prod-app/app-template';
import { buildApp } from '../../examples/prod-app/lib/app';
import { PROCESSOR_MODES, ProcessorMode } from '../../examples/prod-app/lib/processor-function';
import { STAGES } from '../../examples/prod-app/lib/stages';
import { PROCESSOR_SETTINGS_ENV } from '../../examples/prod-app/processor/processor-settings';
import { SWEEP_SETTINGS_ENV } from '../../examples/prod-app/sweep/sweep-settings';
import { ENQUEUE_CONFIG_ENV, SWEEP_CONFIG_ENV, INGRESS_CONFIG_ENV, STATE_TABLE_ENV, WORKER_CONFIG_ENV } from '../../src/contract';
import { acknowledgements } from '../construct/nag-findings';

describe.each(PROCESSOR_MODES)('examples/prod-app, processorMode %s', (processorMode) => {
  const modeContext = processorMode === ProcessorMode.IN_PROCESS ? {} : { processorMode };
  // Prepare: account ids and a Shopify store from context, as an operator passes them (in-process: the default)
  const app = buildApp(new App({
    context: {
      ...modeContext,
      devAccount: '111111111111',
      stagingAccount: '222222222222',
      prodAccount: '333333333333',
      prodShopifyStore: 'rp-mw-prod.myshopify.com',
      prodAlarmEmail: 'oncall@example.com',
    },
  }));
  app.synth();
  const stacks = stacksOf(app);
  const [dev, staging, prod] = stacks.map((s) => Template.fromStack(s));

  test('one stack per stage, each in its own account, in us-east-2', () => {
    expect(stacks.map((s) => [s.stackName, s.account, s.region])).toEqual([
      ['rp-mw-dev', '111111111111', 'us-east-2'],
      ['rp-mw-staging', '222222222222', 'us-east-2'],
      ['rp-mw-prod', '333333333333', 'us-east-2'],
    ]);
  });

  test('cdk-nag AwsSolutions leaves nothing unacknowledged on any stage', () => {
    for (const stack of stacks) expect(nagFindings(stack)).toEqual([]);
  });

  test('every acknowledgement sits on an exact resource with a reason; prod, behind WAF, needs none for APIG3', () => {
    const ids = (stack: Stack) => acknowledgements(stack).map((a) => `${a.id}@${a.logicalId.replace(/[0-9A-F]{8}$/, '')}`).sort();
    const common = [
      'AwsSolutions-APIG2@WebhooksApi',
      'AwsSolutions-APIG4@WebhooksApirichpanelPOST',
      'AwsSolutions-APIG6@WebhooksApiDeploymentStagev1',
      'AwsSolutions-COG4@WebhooksApirichpanelPOST',
      'AwsSolutions-IAM5@WebhooksArchiveDeliveryStreamS3DestinationRoleDefaultPolicy',
      'AwsSolutions-S1@WebhooksArchiveBucket',
      'AwsSolutions-SMG4@RichpanelApiKey',
      'AwsSolutions-SMG4@RichpanelWebhookToken',
    ];
    expect(ids(stacks[0])).toEqual([...common, 'AwsSolutions-APIG3@WebhooksApiDeploymentStagev1'].sort());
    expect(ids(stacks[2])).toEqual([...common, 'AwsSolutions-SMG4@ShopifyAccessToken'].sort());
    for (const stack of stacks) for (const a of acknowledgements(stack)) expect(a.reason.length).toBeGreaterThan(60);
  });

  test('cdk-nag does report a non-compliant resource in the app (negative control)', () => {
    // Prepare: the same app with one unencrypted topic that accepts plain HTTP
    const controlApp = new App({ context: modeContext });
    buildApp(controlApp, [STAGES[0]]);
    const [stack] = stacksOf(controlApp);
    new sns.Topic(stack, 'NonCompliantTopic');
    // Act: synthesized; Assess: the checks name it
    controlApp.synth();
    const findings = (nagFindings(stack) as Array<{ id: string; entry: { data: string } }>).map((finding) => `${finding.id} ${finding.entry.data}`);
    expect(findings).toContainEqual(expect.stringMatching(/^\/rp-mw-dev\/NonCompliantTopic\/Resource AwsSolutions-SNS3/));
  });

  test('each stage has its own encrypted, TLS-only alarm topic', () => {
    for (const [index, template] of [dev, staging, prod].entries()) {
      template.resourceCountIs('AWS::SNS::Topic', 1);
      template.hasResourceProperties('AWS::SNS::Topic', {
        TopicName: `rp-mw-${STAGES[index].name}-alarms`,
        KmsMasterKeyId: Match.anyValue(),
      });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
      template.hasResourceProperties('AWS::KMS::Key', {
        EnableKeyRotation: true,
        KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' } })]) },
      });
    }
    prod.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
    dev.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  test('CloudWatch may publish to each stage topic and use its key, only for that account\'s stage alarms', () => {
    for (const [index, template] of [dev, staging, prod].entries()) {
      const account = stacks[index].account;
      const scoped = {
        StringEquals: { 'aws:SourceAccount': account },
        ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudwatch:us-east-2:${account}:alarm:rp-mw-${STAGES[index].name}-*`]] } },
      };
      const topicId = Object.keys(template.findResources('AWS::SNS::Topic'))[0];
      const [topicPolicy] = Object.values(template.findResources('AWS::SNS::TopicPolicy'));
      const publish = topicPolicy.Properties.PolicyDocument.Statement.filter((s: any) => s.Effect === 'Allow');
      expect(publish).toEqual([{
        Sid: 'AllowStageAlarmsToPublish',
        Effect: 'Allow',
        Action: 'sns:Publish',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Resource: { Ref: topicId },
        Condition: scoped,
      }]);
      const [key] = Object.values(template.findResources('AWS::KMS::Key'));
      const services = key.Properties.KeyPolicy.Statement.filter((s: any) => s.Principal?.Service !== undefined);
      expect(services).toEqual([expect.objectContaining({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Condition: scoped })]);
      // The pattern must cover the alarms that do publish (else they page no one).
      const publishing = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties.AlarmName as string);
      expect(publishing.length).toBeGreaterThan(5);
      for (const name of publishing) expect(name.startsWith(`rp-mw-${STAGES[index].name}-`)).toBe(true);
    }
  });

  test('prod puts a per-IP WAF rate rule in front of the shared stage throttle; dev and staging do not', () => {
    prod.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: [Match.objectLike({ Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 6_000 } }, Action: { Block: {} } })],
    });
    prod.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    dev.resourceCountIs('AWS::WAFv2::WebACL', 0);
    staging.resourceCountIs('AWS::WAFv2::WebACL', 0);
  });

  test('every alarm notifies its stage topic on ALARM and on OK', () => {
    // (The construct's composite Unhealthy alarm has no actions by design: each child notifies.)
    for (const template of [dev, prod]) {
      const topicId = Object.keys(template.findResources('AWS::SNS::Topic'))[0];
      const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
      expect(alarms.length).toBeGreaterThan(5);
      for (const alarm of alarms) {
        expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
        expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId }]);
      }
    }
  });

  test('prod retains its data (table, logs, secrets, alarm key); dev removes it', () => {
    for (const type of ['AWS::DynamoDB::Table', 'AWS::Logs::LogGroup', 'AWS::SecretsManager::Secret', 'AWS::KMS::Key']) {
      const prodPolicies = Object.values(prod.findResources(type)).map((resource) => resource.DeletionPolicy);
      const devPolicies = Object.values(dev.findResources(type)).map((resource) => resource.DeletionPolicy);
      expect({ type, policies: [...new Set(prodPolicies)] }).toEqual({ type, policies: ['Retain'] });
      expect({ type, policies: [...new Set(devPolicies)] }).toEqual({ type, policies: ['Delete'] });
    }
  });

  test('tickets are the FIFO message group, ticket id + message timestamp are the event id, and stage throttling differs', () => {
    prod.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 })]),
    });
    dev.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([Match.objectLike({ ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 })]),
    });
    // The config is a JSON string joined with CloudFormation references, so match its text.
    const ingressConfig = JSON.stringify(envOf(prod, INGRESS_CONFIG_ENV));
    expect(ingressConfig).toContain('\\"messageGroupIdJsonPointer\\":\\"/ticket/id\\"');
    expect(ingressConfig).toContain('\\"eventIdJsonPointers\\":[\\"/ticket/id\\",\\"/ticket/lastMessage/createdAt\\"]');
    expect(ingressConfig).toContain('\\"requiredJsonPointers\\":[\\"/ticket/id\\",\\"/event\\",\\"/ticket/lastMessage/createdAt\\"]');
    expect(ingressConfig).toContain('\\"scheme\\":\\"shared-token\\"');
    expect(ingressConfig).toContain('\\"headers\\":[\\"x-richpanel-webhook-token\\"]');
    // Only the two rule events the middleware handles are enqueued; any other is ACKed and dropped.
    expect(ingressConfig).toContain('\\"ingressFilters\\":[{\\"pointer\\":\\"/event\\",\\"acceptedValues\\":[\\"conversation.created\\",\\"customer.message\\"]}]');
  });

  test('the order-status processor is granted the rate limiter and its secrets, and gets its settings by reference', () => {
    const { fn, statements } = orderStatusFunction(prod);
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler' });
    // Rate limiter: the state table's name, and GetItem/UpdateItem on rl# keys only
    expect(fn.Properties.Environment.Variables[STATE_TABLE_ENV]).toEqual({ Ref: Object.keys(prod.findResources('AWS::DynamoDB::Table'))[0] });
    expect(statements).toContain('"dynamodb:LeadingKeys":["rl#*"]');
    expect(statements).toMatch(/secretsmanager:GetSecretValue[\s\S]*RichpanelApiKey/);
    expect(statements).toMatch(/secretsmanager:GetSecretValue[\s\S]*ShopifyAccessToken/);
    // Settings: the secrets by reference, the store from context; no secret value anywhere
    const settings = JSON.stringify(fn.Properties.Environment.Variables[PROCESSOR_SETTINGS_ENV]);
    expect(settings).toContain('rp-mw-prod.myshopify.com');
    expect(settings).toMatch(/RichpanelApiKey/);
  });

  if (processorMode === ProcessorMode.IN_PROCESS) {
    test('in-process: the processor\'s function is the worker: SQS event source, worker config, 30 s >= 20 s + 8 s, no Invoke hop', () => {
      for (const template of [dev, prod]) {
        const { id, fn, statements } = orderStatusFunction(template);
        // Two Lambdas fewer than the separate mode would need: ingress, this worker, the sweep (+ CDK's helpers).
        expect(Object.values(functions(template)).filter((candidate) => envOfFunction(candidate)[WORKER_CONFIG_ENV])).toEqual([fn]);
        expect(fn.Properties.Timeout).toBe(30);
        const workerConfig = JSON.stringify(fn.Properties.Environment.Variables[WORKER_CONFIG_ENV]);
        expect(workerConfig).toContain('\\"processorTimeoutMs\\":20000');
        expect(workerConfig).not.toContain('processorArn');
        template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
          FunctionName: { Ref: id },
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        });
        expect(statements).toContain('sqs:ReceiveMessage');
        expect(statements).toContain('sqs:ChangeMessageVisibility');
        // Idempotency records (event# keys) next to the limiter's rl# keys, on the one role.
        expect(statements).toMatch(/"dynamodb:LeadingKeys":\["event#[^"]*#\*"\]/);
        // Nothing invokes it (the scheduler invokes the sweep only), and it invokes nothing.
        expect(statements).not.toContain('lambda:InvokeFunction');
        const invoked = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) => policy.Properties.PolicyDocument.Statement)
          .filter((statement: any) => JSON.stringify(statement.Action).includes('lambda:InvokeFunction')).map((statement: any) => JSON.stringify(statement.Resource));
        expect(invoked.length).toBeGreaterThan(0);
        for (const resource of invoked) expect(resource).not.toContain(id);
      }
    });
  } else {
    test('lambda: the bundled worker invokes the separate processor (20 s), which has no queue access', () => {
      for (const template of [dev, prod]) {
        const { id, fn, statements } = orderStatusFunction(template);
        expect(fn.Properties.Timeout).toBe(20);
        expect(fn.Properties.Environment.Variables[WORKER_CONFIG_ENV]).toBeUndefined();
        expect(JSON.stringify(envOf(template, WORKER_CONFIG_ENV))).toContain(JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }));
        expect(statements).not.toContain('sqs:');
        const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
        expect(mappings.map((mapping) => mapping.Properties.FunctionName)).not.toContainEqual({ Ref: id });
      }
    });
  }

  test('every stage sweeps every 5 minutes with the pipeline\'s enqueuer, the processor\'s Richpanel bucket and alarms on the stage topic', () => {
    for (const stack of [dev, prod]) {
      stack.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(5 minutes)' });
      const sweepId = Object.entries(functions(stack)).find(([, fn]) => fn.Properties.Environment?.Variables?.[SWEEP_CONFIG_ENV])![0];
      const variables = functions(stack)[sweepId].Properties.Environment.Variables;
      expect(Object.keys(variables).sort()).toEqual([ENQUEUE_CONFIG_ENV, STATE_TABLE_ENV, SWEEP_CONFIG_ENV, SWEEP_SETTINGS_ENV].sort());
      const roleId = functions(stack)[sweepId].Properties.Role['Fn::GetAtt'][0];
      const statements = JSON.stringify(Object.values(stack.findResources('AWS::IAM::Policy'))
        .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(roleId)).map((policy) => policy.Properties.PolicyDocument.Statement));
      expect(statements).toContain('"dynamodb:LeadingKeys":["rl#*"]');
      expect(statements).toContain('sqs:SendMessage');
      for (const alarm of ['SweepRecovered', 'SweepFailing', 'SweepNotRunning']) {
        stack.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: Match.stringLikeRegexp(`^rp-mw-(dev|prod)-sweep-${alarm}$`), AlarmActions: [{ Ref: Match.anyValue() }] });
      }
    }
  });

  test('without a Shopify store the processor has no Shopify token secret (Richpanel order data only)', () => {
    expect(JSON.stringify(dev.findResources('AWS::SecretsManager::Secret'))).not.toContain('shopify');
    expect(JSON.stringify(prod.findResources('AWS::SecretsManager::Secret'))).toContain('rp-mw/prod/shopify-access-token');
  });

  test('a stage configured for HMAC verifies an HMAC-SHA256 of the body instead of the token', () => {
    // Prepare: a stage with a signature header
    const hmacApp = buildApp(new App({ context: modeContext }), [{ ...STAGES[0], hmacSignatureHeader: 'X-Richpanel-Signature' }]);
    // Act: synthesized
    const [stack] = stacksOf(hmacApp);
    const ingressConfig = JSON.stringify(envOf(Template.fromStack(stack), INGRESS_CONFIG_ENV));
    // Assess
    expect(ingressConfig).toContain('\\"scheme\\":\\"hmac\\"');
    expect(ingressConfig).toContain('\\"headers\\":[\\"x-richpanel-signature\\"]');
    expect(ingressConfig).toContain('\\"algorithm\\":\\"sha256\\"');
    expect(nagFindings(stack)).toEqual([]);
  });

  test('without account ids the stages still synthesize, account-agnostic', () => {
    const agnostic = stacksOf(buildApp(new App({ context: modeContext })));
    expect(agnostic.map((s) => s.region)).toEqual(['us-east-2', 'us-east-2', 'us-east-2']);
    expect(agnostic.every((s) => s.account.startsWith('${Token'))).toBe(true);
  });

  test('an unknown processorMode is refused with the accepted values', () => {
    expect(() => buildApp(new App({ context: { processorMode: 'separate' } }))).toThrow("context processorMode must be one of in-process, lambda, got 'separate'");
  });

  test('stage settings: only prod retains, and idempotency outlives the DLQ everywhere', () => {
    expect(STAGES.map((stage) => [stage.name, stage.removalPolicy])).toEqual([
      ['dev', RemovalPolicy.DESTROY], ['staging', RemovalPolicy.DESTROY], ['prod', RemovalPolicy.RETAIN],
    ]);
    // Unset: the construct's default, 2 x queue retention + DLQ retention = 22 days.
    const minimum = Duration.days(22).toSeconds();
    for (const stage of STAGES) expect(stage.idempotencyTtl?.toSeconds() ?? minimum).toBeGreaterThanOrEqual(minimum);
  });
});
