/*
 * How every AWS call of the CLI travels: a bounded connect and request time and one retry, so an
 * endpoint that accepts and never answers ends the command with a clear error within seconds;
 * and the one-line explanations of the failures an on-call engineer's environment causes
 * (no answer, unreachable, no credentials, no region).
 */

/** Connect phase of one attempt. */
export const CONNECT_TIMEOUT_MS = 3_000;
/** One attempt's request and response, unless --timeout-seconds says otherwise. */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 5;
/** The SDK's retries repeat a timed-out request; two attempts bound the wait at about 2 × the timeout. */
export const MAX_ATTEMPTS = 2;

/** What the SDK v3 clients take (a plain options object becomes their NodeHttpHandler). */
export interface AwsTransport {
  readonly maxAttempts: number;
  readonly requestHandler: {
    readonly connectionTimeout: number;
    readonly requestTimeout: number;
    /** Without it the SDK only logs a warning when requestTimeout passes. */
    readonly throwOnRequestTimeout: boolean;
    /** A socket idle this long fails the attempt too (the server accepted and went silent). */
    readonly socketTimeout: number;
  };
}

export function awsTransport(requestTimeoutSeconds: number): AwsTransport {
  const requestTimeout = Math.round(requestTimeoutSeconds * 1000);
  return {
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout, throwOnRequestTimeout: true, socketTimeout: requestTimeout },
  };
}

/** The region rule of the CLI's help (options.ts REGION_HELP), in one line. */
export const REGION_RULE = '--region R, else the region in the pipeline\'s queue URL (from --outputs FILE, --queue-url '
  + 'or --dlq-url; not with --endpoint-url), else AWS_REGION / AWS_DEFAULT_REGION / the profile\'s region';

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE']);

type Failure = 'timeout' | 'unreachable' | 'credentials' | 'region';

function fields(error: unknown): { name: string; code: string; message: string } {
  const record = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  return {
    name: typeof record.name === 'string' ? record.name : 'Error',
    code: typeof record.code === 'string' ? record.code : '',
    message: String(record.message ?? error).split('\n')[0],
  };
}

function classify(error: unknown): Failure | undefined {
  const { name, code, message } = fields(error);
  if (name === 'TimeoutError' || code === 'ETIMEDOUT') return 'timeout';
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) return 'credentials';
  if (/^region is missing/i.test(message)) return 'region';
  if (UNREACHABLE_CODES.has(code)) return 'unreachable';
  return undefined;
}

/**
 * One line for a failure caused by the environment (network, credentials, region), or undefined
 * for anything else (an AWS service error, a bug), which callers describe themselves.
 */
export function environmentFailure(error: unknown): string | undefined {
  const failure = classify(error);
  const { name, message } = fields(error);
  switch (failure) {
    case 'timeout':
      return `no answer from the AWS endpoint after ${MAX_ATTEMPTS} attempts (${name}: ${message}); check --region, `
        + '--endpoint-url and your network or proxy (--timeout-seconds N waits longer per attempt)';
    case 'unreachable':
      return `cannot reach the AWS endpoint (${message}); check --region, --endpoint-url and your network or proxy`;
    case 'credentials':
      return 'no AWS credentials found: set AWS_PROFILE (after `aws sso login --profile NAME` or `aws configure`), '
        + 'or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for temporary credentials)';
    case 'region':
      return `no AWS region: the CLI takes ${REGION_RULE}; pass --region R or set AWS_REGION`;
    default:
      return undefined;
  }
}

/** `Name: message`, or the environment failure's explanation when it is one. */
export function describeAwsError(error: unknown): string {
  const { name, message } = fields(error);
  return environmentFailure(error) ?? `${name}: ${message}`;
}
