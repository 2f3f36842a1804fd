import { Duration } from 'aws-cdk-lib';
import { AuthenticationRuntimeConfig } from '../contract';

/** What a WebhookAuthentication hands the pipeline: run-time config and the sender's event id source. */
export interface WebhookAuthenticationBinding {
  readonly runtimeConfig: AuthenticationRuntimeConfig;
  readonly eventIdHeaders: string[];
  readonly eventIdJsonPointer?: string;
  /** Lower-case headers the scheme's signature covers (Standard Webhooks signs `webhook-id`); [] for the others. */
  readonly signedHeaders: string[];
}

const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;

/** A header name, lower-cased, or an error naming the option. */
export function headerName(option: string, value: string): string {
  const name = value.trim().toLowerCase();
  if (!HEADER_NAME.test(name)) {
    throw new Error(`WebhookAuthentication: ${option} '${value}' is not a valid HTTP header name; pass the bare name, e.g. 'X-Webhook-Signature'.`);
  }
  return name;
}

/** Replay tolerance in seconds: 5 minutes unless set, from 1 second to 1 hour. */
export function toleranceSeconds(tolerance: Duration | undefined): number {
  const seconds = (tolerance ?? Duration.minutes(5)).toSeconds();
  if (seconds < 1 || seconds > 3600) {
    throw new Error(`WebhookAuthentication: tolerance must be from 1 second to 1 hour (a wider window lets old deliveries be replayed); got ${seconds} s.`);
  }
  return seconds;
}
