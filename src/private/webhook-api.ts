import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { REST_ACCESS_LOG_FORMAT } from './access-log-format';
import { acknowledgeWebhookApiFindings } from './nag-acknowledgements';

/** What both API kinds are built from. */
export interface WebhookApiOptions {
  readonly webhookPath: string;
  readonly stageName: string;
  readonly throttlingRateLimit: number;
  readonly throttlingBurstLimit: number;
  readonly accessLogGroup: logs.ILogGroup;
  /** The function or alias the route invokes. */
  readonly ingress: lambda.IFunction;
  /** X-Ray tracing on the stage (REST only: an HTTP API has none). */
  readonly tracingEnabled: boolean;
}

export interface WebhookRestApiOptions extends WebhookApiOptions {
  /** Whether a WAF web ACL guards the stage (then its nag finding needs no acknowledgement). */
  readonly webAclAttached: boolean;
}

/** A regional REST API with one throttled POST route proxied to the ingress function. */
export function createWebhookRestApi(scope: Construct, options: WebhookRestApiOptions): apigateway.RestApi {
  const api = new apigateway.RestApi(scope, 'Api', {
    description: 'Webhook intake: verifies, enqueues and acknowledges each delivery.',
    endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
    // Every body reaches the ingress base64-encoded, so the signature is checked on the exact bytes sent.
    binaryMediaTypes: ['*/*'],
    // The account-wide API Gateway logging role is an account setting, not this library's to own.
    cloudWatchRole: false,
    deployOptions: {
      stageName: options.stageName,
      throttlingRateLimit: options.throttlingRateLimit,
      throttlingBurstLimit: options.throttlingBurstLimit,
      accessLogDestination: new apigateway.LogGroupLogDestination(options.accessLogGroup),
      accessLogFormat: REST_ACCESS_LOG_FORMAT,
      metricsEnabled: true,
      ...(options.tracingEnabled ? { tracingEnabled: true } : {}),
    },
  });
  const method = api.root
    .resourceForPath(options.webhookPath)
    .addMethod('POST', new apigateway.LambdaIntegration(options.ingress, { proxy: true, allowTestInvoke: false }));
  acknowledgeWebhookApiFindings(api, method, options.webAclAttached);
  return api;
}
