import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { PROCESSOR_SETTINGS_ENV, ProcessorSettings } from '../processor/processor-settings';

/** How the pipeline runs the order-status processor (`-c processorMode=in-process|lambda`). */
export enum ProcessorMode {
  /** The function is the pipeline's worker (`workerFunction`): createWorker calls the processor in the same process. */
  IN_PROCESS = 'in-process',
  /** The function is a separate processor Lambda (`processor`) the bundled worker invokes once per event. */
  LAMBDA = 'lambda',
}

export const PROCESSOR_MODES: readonly string[] = Object.values(ProcessorMode);

/** The longest one processor run may take, in either mode: its calls are bounded well inside it (DEFAULT_CALL_POLICY). */
export const PROCESSOR_TIMEOUT = Duration.seconds(20);

/** In-process: at least PROCESSOR_TIMEOUT + the worker's 8 s for its own calls; the bundled worker's 30 s. */
const IN_PROCESS_WORKER_TIMEOUT = Duration.seconds(30);

export interface ProcessorFunctionProps {
  /** @default ProcessorMode.IN_PROCESS */
  readonly mode?: ProcessorMode;
  readonly removalPolicy: RemovalPolicy;
  readonly richpanelApiKey: secretsmanager.ISecret;
  /** With `shopifyStoreDomain`: the Shopify fallback; without: Richpanel's order data only. */
  readonly shopifyAccessToken?: secretsmanager.ISecret;
  readonly shopifyStoreDomain?: string;
}

/**
 * The Lambda that runs the order-status processor: the pipeline's worker (in-process, from
 * examples/prod-app/worker) or a separate processor (examples/prod-app/processor), bundled by the
 * esbuild installed in this repository (no Docker; minified output, so the asset hash is stable).
 * Either way it has the same role, secrets and settings.
 */
export class ProcessorFunction extends Construct {
  public readonly function: nodejs.NodejsFunction;
  public readonly mode: ProcessorMode;

  constructor(scope: Construct, id: string, props: ProcessorFunctionProps) {
    super(scope, id);
    this.mode = props.mode ?? ProcessorMode.IN_PROCESS;
    const inProcess = this.mode === ProcessorMode.IN_PROCESS;
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
      description: inProcess
        ? 'Richpanel middleware worker (in-process processor): order-status questions get a private note with the order status'
        : 'Richpanel middleware processor: order-status questions get a private note with the order status',
      entry: inProcess
        ? path.join(__dirname, '..', 'worker', 'worker.lambda.ts')
        : path.join(__dirname, '..', 'processor', 'processor.lambda.ts'),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      // Separate: below the bundled worker's 30 s; the processor stops starting calls 1.5 s before its own.
      timeout: inProcess ? IN_PROCESS_WORKER_TIMEOUT : PROCESSOR_TIMEOUT,
      role,
      logGroup,
      environment: { [PROCESSOR_SETTINGS_ENV]: Stack.of(this).toJsonString(settings) },
      bundling: {
        minify: true,
        sourceMap: false,
        target: 'node24',
        // Bundle the SDK clients too: the deployed code is the code that was tested.
        externalModules: [],
        // The SDK's ES module builds, tree-shaken (as the library's own handlers are built).
        mainFields: ['module', 'main'],
        forceDockerBundling: false,
      },
    });
    props.richpanelApiKey.grantRead(role);
    if (settings.shopifyAccessTokenSecretArn !== undefined) props.shopifyAccessToken?.grantRead(role);
  }
}
