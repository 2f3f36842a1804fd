/*
 * How an outbound call can end badly, sorted by what the processor does about it.
 */

/**
 * The API (or our own limiter on its behalf) said "not now": the worker is asked to redeliver the
 * event after `retryAfterSeconds` (a message visibility delay), never a sleep in the Lambda.
 */
export class RetryLaterError extends Error {
  constructor(public readonly api: string, public readonly retryAfterSeconds: number, reason: string) {
    super(`${api} asked to retry in ${retryAfterSeconds} s (${reason})`);
    this.name = 'RetryLaterError';
  }
}

/** 5xx, timeouts, unreachable, malformed JSON, on every attempt the retry budget allowed. */
export class DownstreamUnavailableError extends Error {
  constructor(public readonly api: string, public readonly attempts: number, lastProblem: string) {
    super(`${api} failed ${attempts} time(s), last: ${lastProblem}; the event is retried later`);
    this.name = 'DownstreamUnavailableError';
  }
}

/** A 4xx other than 429 and 404: retrying the same request cannot help (bad key, bad request). */
export class DownstreamRejectedError extends Error {
  constructor(public readonly api: string, public readonly status: number, what: string) {
    super(`${api} answered ${status} to ${what}: ${status === 401 || status === 403
      ? 'check the API key/token in its Secrets Manager secret'
      : 'the request was refused; see the API\'s error for the field'}`);
    this.name = 'DownstreamRejectedError';
  }
}

/** The API answered with a redirect: never followed, since the request carries the API key or token. */
export class DownstreamRedirectError extends Error {
  constructor(public readonly api: string, what: string) {
    super(`${api} answered ${what} with a redirect, which is never followed with credentials: check the API base URL`);
    this.name = 'DownstreamRedirectError';
  }
}

/** A value bound for a URL path (a ticket or conversation id) that could leave its path segment. */
export class UnsafePathValueError extends Error {
  constructor(public readonly api: string, what: string, problem: string) {
    super(`${api}: the ${what} ${problem}, so it is not sent in a URL path; the event cannot be answered`);
    this.name = 'UnsafePathValueError';
  }
}
