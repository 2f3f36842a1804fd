/**
 * Which API Gateway product receives the webhooks.
 *
 * Both invoke the same ingress function with the same proxy event (payload format 1.0), on a
 * POST route at `webhookPath`, with the same stage throttling, JSON access logs, alarms and
 * dashboard. They differ in price, added latency and the features around the route.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vs-rest.html
 */
export enum WebhookApiKind {
  /**
   * A regional REST API. Supports an AWS WAF web ACL (`wafRateLimitPerIp`); costs more per
   * request than an HTTP API.
   */
  REST = 'REST',
  /**
   * An HTTP API: a lower price per request and less added latency. No AWS WAF, resource
   * policies, API keys or request validation: props that configure those throw with this kind.
   */
  HTTP = 'HTTP',
}
