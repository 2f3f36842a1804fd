/*
 * What the end-to-end run plugs into the local pipeline besides our bundles (local/'s
 * BUNDLED_HANDLERS): a stack synthesized from the construct with the bench's webhook, and the
 * baseline's bundles with the environment variables they read, derived from the configuration
 * the construct writes for ours.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { BASELINE_ENV, BENCH_REGION, MESSAGE_GROUP_POINTER, PROCESSOR_FUNCTION_NAME } from './scenario';
import { validateIngressRuntimeConfig } from '../lambda/core/ingress-config';
import {
  HandlerEnvironment, HandlerFactory, LocalHandlers, LocalIngressHandler, LocalWorkerHandler, loadBundledHandler,
} from '../local/handler-loader';
import { CfnTemplate } from '../local/template-settings';
import { AckFastWebhookPipeline, WebhookAuthentication } from '../src';
import { INGRESS_CONFIG_ENV, TABLE_PARTITION_KEY, WORKER_CONFIG_ENV } from '../src/contract';
import { parseWorkerConfig } from '../src/runtime/worker/worker-config';

/** The construct with the bench's webhook (GitHub-style HMAC, group /repository/id) and every other prop at its default. */
export function benchTemplate(): CfnTemplate {
  const stack = new Stack(new App(), 'BenchStack', { env: { account: '111111111111', region: BENCH_REGION } });
  new AckFastWebhookPipeline(stack, 'Pipeline', {
    authentication: WebhookAuthentication.github({ secret: secretsmanager.Secret.fromSecretNameV2(stack, 'Secret', 'bench/webhook-secret') }),
    messageGroupIdJsonPointer: MESSAGE_GROUP_POINTER,
    requiredJsonPointers: [MESSAGE_GROUP_POINTER],
    processor: lambda.Function.fromFunctionArn(stack, 'Processor', `arn:aws:lambda:${BENCH_REGION}:111111111111:function:${PROCESSOR_FUNCTION_NAME}`),
    // Lambda's default timeout, as an imported processor's cannot be read.
    processorTimeout: Duration.seconds(3),
  });
  return Template.fromStack(stack).toJSON() as CfnTemplate;
}

/** Loads `bundleFile` with the pipeline's environment plus the variables `extraVariables` derives from it. */
function bundleWithVariables<T>(
  bundleFile: string, extraVariables: (variables: Readonly<Record<string, string>>) => Record<string, string>,
): HandlerFactory<T> {
  return (environment: HandlerEnvironment) => loadBundledHandler<T>(bundleFile, {
    ...environment, variables: { ...environment.variables, ...extraVariables(environment.variables) },
  });
}

/** The baseline bundles, given the variables they read (derived from ours, which the template sets). */
export function baselineHandlers(files: Record<'ingress' | 'worker', string>, tableName: string): LocalHandlers {
  return {
    ingress: bundleWithVariables<LocalIngressHandler>(files.ingress, (variables) => {
      const config = validateIngressRuntimeConfig(JSON.parse(variables[INGRESS_CONFIG_ENV]));
      return {
        [BASELINE_ENV.queueUrl]: config.queueUrl,
        [BASELINE_ENV.secretArn]: config.authentication.secretArn,
        [BASELINE_ENV.tableName]: tableName,
        [BASELINE_ENV.tableKeyAttribute]: TABLE_PARTITION_KEY,
      };
    }),
    worker: bundleWithVariables<LocalWorkerHandler>(files.worker, (variables) => {
      const config = parseWorkerConfig(variables[WORKER_CONFIG_ENV]);
      return {
        [BASELINE_ENV.tableName]: config.tableName,
        [BASELINE_ENV.tableKeyAttribute]: TABLE_PARTITION_KEY,
        [BASELINE_ENV.processorFunctionName]: config.processorFunctionName ?? PROCESSOR_FUNCTION_NAME,
      };
    }),
  };
}
