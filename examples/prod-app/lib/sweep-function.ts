import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { SWEEP_SETTINGS_ENV, SweepSettings } from '../sweep/sweep-settings';

export interface SweepFunctionProps {
  readonly removalPolicy: RemovalPolicy;
  readonly richpanelApiKey: secretsmanager.ISecret;
}

/**
 * The reconciliation sweep Lambda (examples/prod-app/sweep), bundled like the processor by the
 * esbuild in this repository. ReconciliationSweep schedules it and grants it the pipeline's queue,
 * its idempotency reads and its cursor; the stack grants it the shared rate limiter.
 */
export class SweepFunction extends Construct {
  public readonly function: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: SweepFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'LogGroup', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: props.removalPolicy });
    const role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    const settings: SweepSettings = { richpanelApiKeySecretArn: props.richpanelApiKey.secretArn, secretCacheTtlSeconds: 300 };
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      description: 'Richpanel middleware reconciliation sweep: recently updated tickets the HTTP target failed to push are enqueued',
      entry: path.join(__dirname, '..', 'sweep', 'sweep.lambda.ts'),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      // A run stops starting pages at 80% of this (48 s), well inside the 5-minute interval.
      timeout: Duration.seconds(60),
      role,
      logGroup,
      environment: { [SWEEP_SETTINGS_ENV]: Stack.of(this).toJsonString(settings) },
      bundling: { minify: true, sourceMap: false, target: 'node24', externalModules: [], mainFields: ['module', 'main'], forceDockerBundling: false },
    });
    props.richpanelApiKey.grantRead(role);
  }
}
