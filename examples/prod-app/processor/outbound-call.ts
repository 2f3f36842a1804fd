/*
 * One outbound JSON call with the manners every downstream API is owed: a rate-limit token first,
 * a timeout per attempt (AbortSignal), bounded retries with full jitter for 5xx, timeouts and
 * malformed JSON, and 429/Retry-After turned into a RetryLaterError instead of a sleep.
 * Every call carries an API key or token, so a redirect is an error, never followed: the
 * credential goes only to the URL the code built.
 */
import * as v from 'valibot';
import { DownstreamRedirectError, DownstreamRejectedError, DownstreamUnavailableError, RetryLaterError } from './outbound-errors';
import type { RateLimiter } from '../../../src/runtime';

export interface OutboundCallPolicy {
  readonly limiter: RateLimiter;
  /** Per attempt. */
  readonly attemptTimeoutMs: number;
  /** Attempts per call, the first included. */
  readonly maxAttempts: number;
  /** Full jitter: the n-th retry waits random(0, min(cap, base × 2^(n-1))). */
  readonly backoffBaseMs: number;
  readonly backoffCapMs: number;
  /** When a 429 carries no usable Retry-After. */
  readonly defaultRetryAfterSeconds: number;
  /** Epoch ms by which the processor must answer: no attempt starts that could not end before it. */
  readonly deadline?: () => number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export interface OutboundRequest<T> {
  /** For errors and logs: 'Richpanel', 'Shopify'. */
  readonly api: string;
  /** Rate-limit bucket, e.g. `richpanel` or `shopify-graphql:store`; `cost` tokens are taken per attempt. */
  readonly bucket: string;
  readonly cost?: number;
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly url: string;
  /** Names the call in errors without its query string (which may hold an email address). */
  readonly what: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** The 2xx body; a body that does not match is malformed and retried like a 5xx. */
  readonly schema: v.GenericSchema<unknown, T>;
  /**
   * Attempts for this call, if fewer than the policy's: 1 for a POST whose effect cannot be told
   * apart from its failure (a timeout after the server acted), so the caller checks before repeating.
   */
  readonly maxAttempts?: number;
  /** Statuses answered as `{ found: false }` instead of an error (e.g. 404 for "no such order"). */
  readonly absentStatuses?: readonly number[];
}

export type OutboundResult<T> = { readonly found: true; readonly value: T } | { readonly found: false };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Seconds from a Retry-After header (delta-seconds or an HTTP date); undefined when unusable. */
export function retryAfterSecondsOf(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.max(1, Math.ceil(Number(trimmed)));
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(1, Math.ceil((date - nowMs) / 1000));
}

/** fetch's TypeError for `redirect: 'error'` (undici: cause "unexpected redirect"). */
function isRedirectRefusal(error: unknown): boolean {
  const cause = (error as { cause?: { message?: unknown } } | null)?.cause;
  return typeof cause?.message === 'string' && cause.message.includes('redirect');
}

type Attempt<T> =
  | { readonly kind: 'done'; readonly result: OutboundResult<T> }
  | { readonly kind: 'transient'; readonly problem: string };

export async function callJson<T>(policy: OutboundCallPolicy, request: OutboundRequest<T>): Promise<OutboundResult<T>> {
  const now = policy.now ?? Date.now;
  const sleep = policy.sleep ?? defaultSleep;
  const random = policy.random ?? Math.random;
  let lastProblem = 'no attempt fitted before the deadline';
  let attempts = 0;
  const maxAttempts = Math.min(policy.maxAttempts, request.maxAttempts ?? policy.maxAttempts);
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (attempt > 1) {
      await sleep(Math.floor(random() * Math.min(policy.backoffCapMs, policy.backoffBaseMs * 2 ** (attempt - 2))));
    }
    const deadline = policy.deadline?.();
    if (deadline !== undefined && now() + policy.attemptTimeoutMs > deadline) break;
    const grant = await policy.limiter.acquire(request.bucket, request.cost ?? 1);
    if (!grant.granted) {
      throw new RetryLaterError(request.api, Math.max(1, Math.ceil(grant.retryAfterMs / 1000)), `rate limit bucket ${request.bucket}`);
    }
    attempts = attempt;
    const outcome = await attemptOnce(policy, request, now);
    if (outcome.kind === 'done') return outcome.result;
    lastProblem = outcome.problem;
  }
  throw new DownstreamUnavailableError(request.api, attempts, lastProblem);
}

async function attemptOnce<T>(policy: OutboundCallPolicy, request: OutboundRequest<T>, now: () => number): Promise<Attempt<T>> {
  let response: Response;
  let text: string;
  try {
    // One signal for connect, headers and body: a server that hangs mid-body times out too.
    const signal = AbortSignal.timeout(policy.attemptTimeoutMs);
    response = await fetch(request.url, {
      method: request.method,
      headers: { accept: 'application/json', ...(request.body === undefined ? {} : { 'content-type': 'application/json' }), ...request.headers },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal,
      redirect: 'error',
    });
    text = await response.text();
  } catch (error) {
    if (isRedirectRefusal(error)) throw new DownstreamRedirectError(request.api, request.what);
    // Not `instanceof Error`: fetch's DOMException may come from another realm (jest, vm).
    const name = typeof (error as { name?: unknown } | null)?.name === 'string' ? (error as { name: string }).name : 'Error';
    return { kind: 'transient', problem: name === 'TimeoutError' || name === 'AbortError' ? `timeout after ${policy.attemptTimeoutMs} ms` : `network error (${name})` };
  }
  const status = response.status;
  if (status === 429) {
    const seconds = retryAfterSecondsOf(response.headers.get('retry-after'), now()) ?? policy.defaultRetryAfterSeconds;
    throw new RetryLaterError(request.api, seconds, `429 on ${request.what}`);
  }
  if (status >= 500) return { kind: 'transient', problem: `${status} on ${request.what}` };
  if (request.absentStatuses?.includes(status)) return { kind: 'done', result: { found: false } };
  if (status < 200 || status >= 300) throw new DownstreamRejectedError(request.api, status, request.what);
  let json: unknown;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    return { kind: 'transient', problem: `malformed JSON from ${request.what}` };
  }
  const parsed = v.safeParse(request.schema, json);
  if (!parsed.success) return { kind: 'transient', problem: `unexpected JSON shape from ${request.what}` };
  return { kind: 'done', result: { found: true, value: parsed.output } };
}
