import { Annotations, Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { WebhookAuthenticationBinding } from './authentication-binding';
import { functionLoggingProps } from './function-logging';
import { createFunctionRole } from './function-role';
import { resolveIngressFilters } from './ingress-filter-rules';
import { PipelineSettings } from './pipeline-settings';
import { INGRESS_CONFIG_ENV, IngressRuntimeConfig, MetricsRuntimeConfig } from '../contract';
import { functionTracing } from './tracing';
import { IngressFunction } from '../functions/ingress-function';
import { AckFastWebhookPipelineProps } from '../pipeline-props';

export interface IngressFunctionOptions {
  readonly props: AckFastWebhookPipelineProps;
  readonly settings: PipelineSettings;
  readonly queue: sqs.IQueue;
  readonly metrics: MetricsRuntimeConfig;
}

export interface IngressFunctionSetup {
  readonly logGroup: logs.LogGroup;
  readonly ingressFunction: lambda.Function;
  /** Set when provisioned concurrency is on: API Gateway must invoke the alias, not `$LATEST`. */
  readonly alias?: lambda.Alias;
  /** What API Gateway invokes: the alias when there is one, else the function. */
  readonly target: lambda.IFunction;
  /** The ingress's configuration (other producers get its body and identity rules). */
  readonly config: IngressRuntimeConfig;
}

/**
 * The ingress: small, short-lived, allowed only to read its secret and send to the queue.
 * Its log group, role, run-time config and (optional) provisioned-concurrency alias.
 */
export function createIngressFunction(scope: Construct, options: IngressFunctionOptions): IngressFunctionSetup {
  const { props, settings, queue } = options;
  const logGroup = new logs.LogGroup(scope, 'IngressLogGroup', { retention: settings.logRetention, removalPolicy: settings.removalPolicy });
  const ingressFunction = new IngressFunction(scope, 'IngressFunction', {
    architecture: settings.architecture,
    memorySize: props.ingressMemorySize ?? 256,
    timeout: props.ingressTimeout ?? Duration.seconds(5),
    tracing: functionTracing(settings.tracingEnabled),
    logGroup,
    ...functionLoggingProps(props.logging),
    role: createFunctionRole(scope, 'IngressRole', logGroup, 'Webhook ingress: verify, validate, enqueue.'),
  });
  const authentication = props.authentication._bind(ingressFunction);
  queue.grantSendMessages(ingressFunction);
  const config: IngressRuntimeConfig = {
    queueUrl: queue.queueUrl,
    metrics: options.metrics,
    maxBodyBytes: settings.maxBodySize.toBytes(),
    authentication: authentication.runtimeConfig,
    ...eventIdConfig(props, authentication),
    messageGroupIdJsonPointer: props.messageGroupIdJsonPointer,
    // The id fields are required like any other: a body without one is a 400 naming the pointer.
    requiredJsonPointers: [...new Set([...props.requiredJsonPointers ?? [], ...props.eventIdJsonPointers ?? []])],
    secretCacheTtlSeconds: settings.secretCacheTtl.toSeconds(),
    previousSecretGraceSeconds: settings.previousSecretGracePeriod.toSeconds(),
    maxJsonDepth: settings.maxJsonDepth,
    maxJsonElements: settings.maxJsonElements,
    ...filterConfig(props),
    ...(settings.tracingEnabled ? { tracing: true } : {}),
  };
  if (props.eventIdHeader !== undefined && !authentication.signedHeaders.includes(props.eventIdHeader.toLowerCase())) {
    Annotations.of(scope).addWarningV2('ack-fast-webhook-pipeline:unsignedEventIdHeader',
      `eventIdHeader '${props.eventIdHeader}' is not covered by the ${authentication.runtimeConfig.scheme} signature: a captured delivery `
      + 'replayed with a fresh header value is a new event and runs again. Remove eventIdHeader to identify events by a signed body id '
      + '(eventIdJsonPointer) or the body hash.');
  }
  ingressFunction.addEnvironment(INGRESS_CONFIG_ENV, Stack.of(scope).toJsonString(config));

  if (settings.provisionedConcurrency <= 0) {
    return { logGroup, ingressFunction, target: ingressFunction, config };
  }
  const alias = new lambda.Alias(scope, 'IngressAlias', {
    aliasName: 'live',
    version: ingressFunction.currentVersion,
    provisionedConcurrentExecutions: settings.provisionedConcurrency,
  });
  return { logGroup, ingressFunction, alias, target: alias, config };
}

/** The ingress filters, only when there are some (validated at synth). */
function filterConfig(props: AckFastWebhookPipelineProps): Pick<IngressRuntimeConfig, 'ingressFilters'> {
  const ingressFilters = resolveIngressFilters(props.ingressFilters);
  return ingressFilters === undefined ? {} : { ingressFilters };
}

/** Where the event id comes from: the id fields alone when set, else the header(s), then the body pointer. */
function eventIdConfig(props: AckFastWebhookPipelineProps, authentication: WebhookAuthenticationBinding)
  : Pick<IngressRuntimeConfig, 'eventIdHeaders' | 'eventIdJsonPointer' | 'eventIdJsonPointers'> {
  if (props.eventIdJsonPointers !== undefined) return { eventIdHeaders: [], eventIdJsonPointers: props.eventIdJsonPointers };
  return {
    eventIdHeaders: props.eventIdHeader ? [props.eventIdHeader.toLowerCase()] : authentication.eventIdHeaders,
    eventIdJsonPointer: props.eventIdJsonPointer ?? authentication.eventIdJsonPointer,
  };
}
