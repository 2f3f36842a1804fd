/*
 * Times every outgoing HTTP exchange (request sent → response fully read) per endpoint, so a
 * handler's own time can be told apart from the time it waits on SQS or DynamoDB. It wraps
 * node:http's request(), which the SDK's handler looks up when it creates its agent: install
 * it before the bundle sends its first request.
 */
import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface HttpExchange {
  /** host:port */
  readonly endpoint: string;
  readonly ms: number;
}

function endpointOf(target: unknown): string {
  if (typeof target === 'string') return new URL(target).host;
  if (target instanceof URL) return target.host;
  const options = target as RequestOptions;
  return `${options.hostname ?? options.host}:${options.port}`;
}

/** Starts timing; the returned function hands over (and forgets) the exchanges finished since the last call. */
export function timeHttpExchanges(): () => HttpExchange[] {
  // The module object itself: an `import * as` namespace would be a frozen copy.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const http = require('node:http') as { request: (...args: unknown[]) => ClientRequest };
  const original = http.request;
  const finished: HttpExchange[] = [];
  http.request = (...args: unknown[]): ClientRequest => {
    const started = performance.now();
    const endpoint = endpointOf(args[0]);
    const request = original(...args);
    request.once('response', (response: IncomingMessage) => {
      response.once('end', () => finished.push({ endpoint, ms: performance.now() - started }));
    });
    return request;
  };
  return () => finished.splice(0);
}

export function endpointHost(url: string): string {
  return new URL(url).host;
}
