/*
 * What the end-to-end run plugs into the local pipeline: a stack synthesized from the construct
 * with the bench's webhook, our bundles, and the baseline's bundles with the environment
 * variables they read, derived from the configuration the construct writes for ours.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { apiGatewayRequestTime } from './probes/api-gateway-event';
import { BASELINE_ENV, BENCH_REGION, MESSAGE_GROUP_POINTER, PROCESSOR_FUNCTION_NAME } from './scenario';
import { streamLoadedHandler } from './stream-handler-loader';
import { validateIngressRuntimeConfig } from '../lambda/core/ingress-config';
import { parseWorkerConfig } from '../lambda/worker/worker-config';
import {
  BUNDLED_INGRESS, BUNDLED_WORKER, HandlerEnvironment, LocalHandlers, LocalIngressHandler, LocalWorkerHandler,
} from '../local/handler-loader';
import { CfnTemplate } from '../local/template-settings';
import { AckFastWebhookPipeline, WebhookAuthentication } from '../src';
import { INGRESS_CONFIG_ENV, TABLE_PARTITION_KEY, WORKER_CONFIG_ENV } from '../src/private/runtime-contract';

/** The construct with the bench's webhook (GitHub-style HMAC, group /repository/id) and every other prop at its default. */
export function benchTemplate(): CfnTemplate {
  const stack = new Stack(new App(), 'BenchStack', { env: { account: '111111111111', region: BENCH_REGION } });
  new AckFastWebhookPipeline(stack, 'Pipeline', {
    authentication: WebhookAuthentication.github({ secret: secretsmanager.Secret.fromSecretNameV2(stack, 'Secret', 'bench/webhook-secret') }),
    messageGroupIdJsonPointer: MESSAGE_GROUP_POINTER,
    requiredJsonPointers: [MESSAGE_GROUP_POINTER],
    processor: lambda.Function.fromFunctionArn(stack, 'Processor', `arn:aws:lambda:${BENCH_REGION}:111111111111:function:${PROCESSOR_FUNCTION_NAME}`),
  });
  return Template.fromStack(stack).toJSON() as CfnTemplate;
}

/** Our bundles, as the construct deploys them. */
export const OUR_HANDLERS: LocalHandlers = {
  ingress: streamLoadedHandler<LocalIngressHandler>(BUNDLED_INGRESS),
  worker: streamLoadedHandler<LocalWorkerHandler>(BUNDLED_WORKER),
};

/** The baseline bundles, given the variables they read (derived from ours, which the template sets). */
export function baselineHandlers(files: Record<'ingress' | 'worker', string>, tableName: string): LocalHandlers {
  const withVariables = (environment: HandlerEnvironment, variables: Record<string, string>): HandlerEnvironment =>
    ({ ...environment, variables: { ...environment.variables, ...variables } });
  const ingress = streamLoadedHandler<LocalIngressHandler>(files.ingress, (environment) => {
    const config = validateIngressRuntimeConfig(JSON.parse(environment.variables[INGRESS_CONFIG_ENV]));
    return withVariables(environment, {
      [BASELINE_ENV.queueUrl]: config.queueUrl,
      [BASELINE_ENV.secretArn]: config.authentication.secretArn,
      [BASELINE_ENV.tableName]: tableName,
      [BASELINE_ENV.tableKeyAttribute]: TABLE_PARTITION_KEY,
    });
  });
  const worker = streamLoadedHandler<LocalWorkerHandler>(files.worker, (environment) => {
    const config = parseWorkerConfig(environment.variables[WORKER_CONFIG_ENV]);
    return withVariables(environment, {
      [BASELINE_ENV.tableName]: config.tableName,
      [BASELINE_ENV.tableKeyAttribute]: TABLE_PARTITION_KEY,
      [BASELINE_ENV.processorFunctionName]: config.processorFunctionName,
    });
  });
  return {
    ingress: async (environment) => {
      const handler = await ingress(environment);
      // API Gateway always sends requestContext.requestTime and Powertools' schema requires it; the local front omits it.
      return (event, context) => {
        const requestTime = apiGatewayRequestTime(event.requestContext.requestTimeEpoch);
        return handler({ ...event, requestContext: { requestTime, ...event.requestContext } }, context);
      };
    },
    worker,
  };
}
