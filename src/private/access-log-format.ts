/*
 * The stages' access log line, one per request, API Gateway's own record of what it answered
 * (throttled 429s and 413s never reach the ingress, so this is their only trace). One JSON line per
 * webhook is billed a million times per million webhooks, so it holds what the on-call reads and
 * nothing CloudWatch already has: the line's timestamp is the request time, and the single route
 * makes the method and protocol constant.
 */
import * as apigateway from 'aws-cdk-lib/aws-apigateway';

/** The fields both API kinds log; the route field differs (a REST API has resources, an HTTP API routes). */
function accessLogFormat(route: Record<string, string>): apigateway.AccessLogFormat {
  return apigateway.AccessLogFormat.custom(JSON.stringify({
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    ...route,
    status: '$context.status',
    // The ACK time the sender sees, and the part of it the ingress function took.
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
  }));
}

/** @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-variables-for-access-logging.html */
export const REST_ACCESS_LOG_FORMAT = accessLogFormat({ resourcePath: '$context.resourcePath' });

/** @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html */
export const HTTP_ACCESS_LOG_FORMAT = accessLogFormat({ routeKey: '$context.routeKey' });
