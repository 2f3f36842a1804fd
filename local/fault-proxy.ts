/*
 * A loopback HTTP proxy between the real AWS SDK clients and an emulator (or fake) that injects
 * the faults emulators never produce: the request was read and acted on, and then the answer is
 * lost (the connection reset, a 500 instead, no answer at all), or it is refused before anything
 * happened, or it is slow. Rules pick requests by operation (X-Amz-Target's action, the Query
 * Action, or Invoke for Lambda's REST path) and an optional body fragment, and count them.
 *
 * Switched off (`available = false`), every connection is reset: an outage in which the upstream
 * keeps its state. Used by the local pipeline for every SQS call, and for DynamoDB and Lambda when
 * it is started with fault injection.
 */
import { createServer, IncomingHttpHeaders, IncomingMessage, request as httpRequest, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { readBody } from './lambda-invoke-fake';

export type FaultAction =
  /** The connection is reset before the request goes anywhere: nothing happened. */
  | { readonly kind: 'reset-before-forward' }
  /** The upstream served the request (its effect happened); then the connection is reset. */
  | { readonly kind: 'reset-after-forward' }
  /** The upstream served the request; the client gets a 500 instead of its answer. */
  | { readonly kind: 'error-after-forward' }
  /** The upstream served the request; its answer never comes (until the client gives up). */
  | { readonly kind: 'drop-response' }
  /** The request is forwarded after `ms`. */
  | { readonly kind: 'delay'; readonly ms: number };

export interface FaultRule {
  /** The operation, e.g. 'UpdateItem', 'SendMessage', 'DeleteMessageBatch', 'Invoke'. */
  readonly operation: string;
  /** Only requests whose body contains every one of these (e.g. an event's key and the claim's condition). */
  readonly bodyIncludes?: readonly string[];
  /** Matching requests let through untouched before the first fault. @default 0 */
  readonly after?: number;
  /** Matching requests faulted. @default 1 */
  readonly times?: number;
  readonly action: FaultAction;
}

export interface InjectedFault {
  readonly operation: string;
  readonly action: FaultAction['kind'];
}

export interface FaultProxy {
  readonly endpoint: string;
  /** While false, every connection is reset before an answer (the SDK sees a network error). */
  available: boolean;
  /** Every fault injected so far, in order. */
  readonly injected: InjectedFault[];
  /** Requests seen per operation (faulted or not). */
  readonly seen: Map<string, number>;
  addRule(rule: FaultRule): void;
  stop(): Promise<void>;
}

/** What a request asks for: DynamoDB/SQS JSON name it in X-Amz-Target, Lambda's REST API in the path. */
export function operationOf(method: string | undefined, url: string | undefined, headers: IncomingHttpHeaders, body: string): string {
  const target = headers['x-amz-target'];
  if (typeof target === 'string' && target.includes('.')) return target.slice(target.lastIndexOf('.') + 1);
  if (method === 'POST' && /^\/2015-03-31\/functions\/[^/]+\/invocations/.test(url ?? '')) return 'Invoke';
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body);
  return action ? action[1] : 'unknown';
}

interface ActiveRule {
  readonly rule: FaultRule;
  skip: number;
  left: number;
}

interface UpstreamAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** A service-shaped 500: every SDK reads it as a retryable server error. */
const INJECTED_ERROR_BODY = JSON.stringify({ __type: 'InternalFailure', message: 'fault injected after the request was served' });

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const targetUrl = new URL(target);
  const rules: ActiveRule[] = [];
  const injected: InjectedFault[] = [];
  const seen = new Map<string, number>();
  const state = { available: true };

  const forward = (request: IncomingMessage, body: Buffer) => new Promise<UpstreamAnswer>((resolve, reject) => {
    const upstream = httpRequest({
      hostname: targetUrl.hostname, port: targetUrl.port, method: request.method, path: request.url, headers: request.headers,
    }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks) }));
      answer.on('error', reject);
    });
    upstream.on('error', reject);
    upstream.end(body);
  });

  const reply = (response: ServerResponse, answer: UpstreamAnswer) => {
    const headers = { ...answer.headers, 'content-length': String(answer.body.length) };
    delete headers['transfer-encoding'];
    response.writeHead(answer.status, headers);
    response.end(answer.body);
  };

  const matchingRule = (operation: string, text: string): FaultRule | undefined => {
    for (const active of rules) {
      if (active.left <= 0 || active.rule.operation !== operation) continue;
      if (!(active.rule.bodyIncludes ?? []).every((fragment) => text.includes(fragment))) continue;
      if (active.skip > 0) {
        active.skip--;
        return undefined;
      }
      active.left--;
      return active.rule;
    }
    return undefined;
  };

  const server: Server = createServer((request, response) => {
    void (async () => {
      if (!state.available) {
        request.socket.resetAndDestroy();
        return;
      }
      const text = await readBody(request);
      const body = Buffer.from(text, 'utf8');
      const operation = operationOf(request.method, request.url, request.headers, text);
      seen.set(operation, (seen.get(operation) ?? 0) + 1);
      const rule = matchingRule(operation, text);
      if (rule) injected.push({ operation, action: rule.action.kind });
      try {
        switch (rule?.action.kind) {
          case 'reset-before-forward':
            request.socket.resetAndDestroy();
            return;
          case 'delay':
            await new Promise((resolve) => setTimeout(resolve, (rule.action as { ms: number }).ms));
            break;
          default:
            break;
        }
        const answer = await forward(request, body);
        switch (rule?.action.kind) {
          case 'reset-after-forward':
            request.socket.resetAndDestroy();
            return;
          case 'error-after-forward':
            response.writeHead(500, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': 'InternalFailure' });
            response.end(INJECTED_ERROR_BODY);
            return;
          case 'drop-response':
            // Hold the connection open and silent: the client's own timeout ends it.
            return;
          default:
            reply(response, answer);
        }
      } catch {
        request.socket.destroy();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    endpoint,
    injected,
    seen,
    addRule: (rule: FaultRule) => {
      rules.push({ rule, skip: rule.after ?? 0, left: rule.times ?? 1 });
    },
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  });
}
