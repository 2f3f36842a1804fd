import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { REST_ACCESS_LOG_FORMAT } from './access-log-format';
import { acknowledgeWebhookApiFindings } from './nag-acknowledgements';
import { WebhookApiOptions } from './webhook-api-options';

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
