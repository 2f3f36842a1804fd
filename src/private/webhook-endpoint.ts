import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { attachRateLimitWebAcl } from './web-acl';
import { httpApiMetrics, restApiMetrics, WebhookApiMetrics } from './webhook-api-metrics';
import { WebhookApiOptions } from './webhook-api-options';
import { createWebhookHttpApi } from './webhook-http-api';
import { createWebhookRestApi } from './webhook-rest-api';
import { WebhookApiKind } from '../webhook-api-kind';

export interface WebhookEndpointOptions extends WebhookApiOptions {
  readonly apiKind: WebhookApiKind;
  /** REST only (checked before): a WAF rate-based rule per source IP. */
  readonly wafRateLimitPerIp?: number;
}

/** What the sender reaches: the API of the chosen kind, its URL, and the metrics the alarms read. */
export interface WebhookEndpoint {
  readonly restApi?: apigateway.RestApi;
  readonly webAcl?: wafv2.CfnWebACL;
  readonly httpApi?: apigatewayv2.HttpApi;
  readonly httpApiStage?: apigatewayv2.HttpStage;
  readonly webhookUrl: string;
  readonly metrics: WebhookApiMetrics;
}

export function createWebhookEndpoint(scope: Construct, options: WebhookEndpointOptions): WebhookEndpoint {
  if (options.apiKind === WebhookApiKind.HTTP) {
    const { httpApi, stage, webhookUrl } = createWebhookHttpApi(scope, options);
    return { httpApi, httpApiStage: stage, webhookUrl, metrics: httpApiMetrics(stage) };
  }
  const restApi = createWebhookRestApi(scope, { ...options, webAclAttached: options.wafRateLimitPerIp !== undefined });
  const webAcl = options.wafRateLimitPerIp === undefined ? undefined
    : attachRateLimitWebAcl(scope, restApi.deploymentStage, options.wafRateLimitPerIp);
  return { restApi, webAcl, webhookUrl: restApi.urlForPath(`/${options.webhookPath}`), metrics: restApiMetrics(restApi) };
}
