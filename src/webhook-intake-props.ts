import { Duration, Size } from 'aws-cdk-lib';
import { IngressFilter } from './ingress-filter';
import { WebhookApiKind } from './webhook-api-kind';

/**
 * The intake: the API that receives the webhooks, the ingress's checks on each request (size,
 * structure, event id and message group, filters, the signing secret's cache) and the ingress
 * function. Mixed into AckFastWebhookPipelineProps.
 */
export interface WebhookIntakeProps {
  /**
   * Which API Gateway product receives the webhooks: a REST API (WAF support) or an HTTP API (cheaper, less added latency).
   *
   * Both have the same route, ingress event, throttling, access logs and alarms. With
   * `WebhookApiKind.HTTP`, REST-only props (`wafRateLimitPerIp`) throw.
   * @default WebhookApiKind.REST
   */
  readonly apiKind?: WebhookApiKind;

  /**
   * Path of the POST route, without leading or trailing slash.
   * @default 'webhook'
   */
  readonly webhookPath?: string;

  /**
   * Name of the API Gateway stage.
   * @default 'v1'
   */
  readonly stageName?: string;

  /**
   * Steady-state requests per second the API stage accepts before answering 429.
   * @default 50
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
   */
  readonly throttlingRateLimit?: number;

  /**
   * Requests the API stage accepts in a burst; must be at least `throttlingRateLimit`.
   * @default 100
   */
  readonly throttlingBurstLimit?: number;

  /**
   * Attach an AWS WAF web ACL that blocks a source IP sending more than this many requests in
   * any 5 minutes (10 to 2,000,000,000). Costs a web ACL and a rule per month plus requests.
   * REST API only (`apiKind` REST): AWS WAF cannot be attached to an HTTP API.
   * @default - no web ACL; stage throttling only
   * @see https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html
   */
  readonly wafRateLimitPerIp?: number;

  /**
   * Largest body the ingress accepts; larger ones get 413. At most 1 MiB less 1 KiB,
   * because the body travels as one SQS message.
   * @default Size.kibibytes(256)
   */
  readonly maxBodySize?: Size;

  /**
   * Deepest nesting of objects and arrays a body may have (`{}` is 1), checked on the raw text
   * before it is parsed; a deeper body gets 400. Keeps bodies that would overflow a recursive
   * walk (the worker, your processor) out of the queue. 1 to 1000.
   * @default 64
   */
  readonly maxJsonDepth?: number;

  /**
   * Most object keys plus array elements a body may hold, counted on the raw text before it is
   * parsed; a body with more gets 400. 1 to 1,000,000.
   * @default 50000
   */
  readonly maxJsonElements?: number;

  /**
   * Header holding the sender's delivery/event id (case-insensitive). Checked first.
   *
   * Use it only when the sender signs that header (as Standard Webhooks signs `webhook-id`):
   * an unsigned header lets anyone who captured one signed delivery replay it under a fresh id,
   * which is then a new event. Synth warns when the scheme does not sign it.
   * @default - the scheme's signed id header (Standard Webhooks), else `eventIdJsonPointer`, else SHA-256 of the body
   */
  readonly eventIdHeader?: string;

  /**
   * RFC 6901 JSON pointer to the event id in the body, used when `eventIdHeader` is absent.
   * @default - SHA-256 of the raw body
   */
  readonly eventIdJsonPointer?: string;

  /**
   * RFC 6901 JSON pointers to the fields that together identify an event (e.g. ticket id + the
   * message's timestamp): the event id is the SHA-256 of their values, canonically joined
   * (`eventIdFromPointers` in `lib/runtime`, which `createEnqueuer` and a `ReconciliationSweep`
   * use too), so a pushed event and the same event found later by a sweep collapse. Each field is
   * required: a body where one is missing, empty or not a string/integer gets 400 naming its
   * pointer. 1 to 10 pointers; cannot be combined with `eventIdHeader` or `eventIdJsonPointer`
   * (the scheme's signed id header is then not used either).
   * @default - `eventIdHeader`, else `eventIdJsonPointer`, else SHA-256 of the raw body
   */
  readonly eventIdJsonPointers?: string[];

  /**
   * RFC 6901 JSON pointer to the entity whose order matters (e.g. `/ticket/id`): its value is
   * the FIFO message group, so that entity's events are processed one at a time, in order.
   * @default - the event id: events are independent and processed in parallel
   */
  readonly messageGroupIdJsonPointer?: string;

  /**
   * JSON pointers that must resolve in every body; a body missing one gets 400 naming it.
   * @default []
   */
  readonly requiredJsonPointers?: string[];

  /**
   * Which webhooks the pipeline wants: a verified, valid webhook is enqueued only when, for every
   * filter, the field at its `pointer` is one of its `acceptedValues` (e.g.
   * `[{ pointer: '/event', acceptedValues: ['conversation.created', 'customer.message'] }]`).
   * Any other is answered 200 (so the sender does not retry), not enqueued, counted in the
   * `Filtered` metric and logged once at INFO (`webhook filtered`, with the reason and the pointer).
   * The signature and the body checks (`requiredJsonPointers`, JSON limits) still come first.
   * At most 10 filters of at most 50 values each.
   * @default - no filter: every verified, valid webhook is enqueued
   */
  readonly ingressFilters?: IngressFilter[];

  /**
   * How long the ingress reuses a secret read from Secrets Manager: 30 seconds to 1 hour. A
   * request that fails verification re-reads it at once (at most every 30 seconds per function
   * instance), so a rotation never waits for this; a removed AWSPREVIOUS label stops working within it.
   * @default Duration.minutes(5)
   */
  readonly secretCacheTtl?: Duration;

  /**
   * How long after a rotation (the CreatedDate of the AWSCURRENT version) the previous secret
   * (AWSPREVIOUS) still verifies, so senders can switch over; afterwards it is rejected. Each
   * request accepted with it counts in the `PreviousSecretAccepted` metric. 0 to 7 days; 0 never accepts it.
   * @default Duration.hours(24)
   */
  readonly previousSecretGracePeriod?: Duration;

  /**
   * Memory of the ingress function, in MiB.
   * @default 256
   */
  readonly ingressMemorySize?: number;

  /**
   * Timeout of the ingress function.
   * @default Duration.seconds(5)
   */
  readonly ingressTimeout?: Duration;

  /**
   * Provisioned concurrency for the ingress (removes cold starts from the ACK path, at a
   * fixed hourly cost). 0 turns it off.
   * @default 0
   */
  readonly ingressProvisionedConcurrency?: number;
}
