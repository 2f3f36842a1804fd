import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { PROCESSOR_SETTINGS_ENV, ProcessorSettings } from '../processor/processor-settings';

export interface ProcessorFunctionProps {
  readonly removalPolicy: RemovalPolicy;
  readonly richpanelApiKey: secretsmanager.ISecret;
  /** With `shopifyStoreDomain`: the Shopify fallback; without: Richpanel's order data only. */
  readonly shopifyAccessToken?: secretsmanager.ISecret;
  readonly shopifyStoreDomain?: string;
}

/**
 * The order-status processor Lambda, bundled from examples/prod-app/processor by the esbuild
 * installed in this repository (no Docker; minified output, so the asset hash is stable).
 */
export class ProcessorFunction extends Construct {
  public readonly function: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: ProcessorFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'LogGroup', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: props.removalPolicy });
    // An own role instead of AWSLambdaBasicExecutionRole: writes to its log group only.
    const role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));

    const settings: ProcessorSettings = {
      richpanelApiKeySecretArn: props.richpanelApiKey.secretArn,
      shopifyAccessTokenSecretArn: props.shopifyStoreDomain ? props.shopifyAccessToken?.secretArn : undefined,
      shopifyStoreDomain: props.shopifyAccessToken ? props.shopifyStoreDomain : undefined,
      secretCacheTtlSeconds: 300,
    };
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      description: 'Richpanel middleware processor: order-status questions get a private note with the order status',
      entry: path.join(__dirname, '..', 'processor', 'processor.lambda.ts'),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      // Below the worker's 30 s timeout; the processor stops starting calls 1.5 s before its own.
      timeout: Duration.seconds(20),
      role,
      logGroup,
      environment: { [PROCESSOR_SETTINGS_ENV]: Stack.of(this).toJsonString(settings) },
      bundling: {
        minify: true,
        sourceMap: false,
        target: 'node24',
        // Bundle the SDK clients too: the deployed code is the code that was tested.
        externalModules: [],
        forceDockerBundling: false,
      },
    });
    props.richpanelApiKey.grantRead(role);
    if (settings.shopifyAccessTokenSecretArn !== undefined) props.shopifyAccessToken?.grantRead(role);
  }
}
