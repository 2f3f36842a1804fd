import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import { HTTP_ACCESS_LOG_FORMAT } from './access-log-format';
import { acknowledgeWebhookHttpApiFindings } from './nag-acknowledgements';
import { WebhookApiOptions } from './webhook-api-options';

export interface WebhookHttpApi {
  readonly httpApi: apigatewayv2.HttpApi;
  readonly stage: apigatewayv2.HttpStage;
  /** Full URL of the webhook route. */
  readonly webhookUrl: string;
}

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
      format: HTTP_ACCESS_LOG_FORMAT,
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
