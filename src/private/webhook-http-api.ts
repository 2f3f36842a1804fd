import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import { acknowledgeWebhookHttpApiFindings } from './nag-acknowledgements';
import { WebhookApiOptions } from './webhook-api';

export interface WebhookHttpApi {
  readonly httpApi: apigatewayv2.HttpApi;
  readonly stage: apigatewayv2.HttpStage;
  /** Full URL of the webhook route. */
  readonly webhookUrl: string;
}

/**
 * The REST API's JSON access log fields, with HTTP API variables: an HTTP API has routes, not
 * resources, and no IAM caller here; response latency is the ACK time the sender sees.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
 */
const ACCESS_LOG_FORMAT = apigateway.AccessLogFormat.custom(JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
}));

/**
 * An HTTP API with one throttled POST route to the ingress function, on a named, auto-deployed
 * stage (so the URL has the same shape as the REST API's: `.../<stage>/<path>`).
 */
export function createWebhookHttpApi(scope: Construct, options: WebhookApiOptions): WebhookHttpApi {
  const httpApi = new apigatewayv2.HttpApi(scope, 'HttpApi', {
    description: 'Webhook intake: verifies, enqueues and acknowledges each delivery.',
    createDefaultStage: false,
  });
  const stage = new apigatewayv2.HttpStage(scope, 'HttpApiStage', {
    httpApi,
    stageName: options.stageName,
    autoDeploy: true,
    throttle: { rateLimit: options.throttlingRateLimit, burstLimit: options.throttlingBurstLimit },
    accessLogSettings: {
      destination: new apigatewayv2.LogGroupLogDestination(options.accessLogGroup),
      format: ACCESS_LOG_FORMAT,
    },
  });
  // Payload format 1.0 is the REST proxy event: the ingress reads `headers`, `body` and `isBase64Encoded`
  // alike. An HTTP API has no binaryMediaTypes: a JSON body arrives as text, which the ingress
  // turns back into the exact UTF-8 bytes that were signed.
  const [route] = httpApi.addRoutes({
    path: `/${options.webhookPath}`,
    methods: [apigatewayv2.HttpMethod.POST],
    integration: new HttpLambdaIntegration('Ingress', options.ingress, {
      payloadFormatVersion: apigatewayv2.PayloadFormatVersion.VERSION_1_0,
    }),
  });
  acknowledgeWebhookHttpApiFindings(route);
  // `stage.url` ends with '/' only for the `$default` stage.
  const stageUrl = stage.url.endsWith('/') ? stage.url : `${stage.url}/`;
  return { httpApi, stage, webhookUrl: `${stageUrl}${options.webhookPath}` };
}
