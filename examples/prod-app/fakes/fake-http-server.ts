/*
 * The plumbing the fake Richpanel and Shopify servers share: a loopback HTTP server on a port the
 * OS picks, JSON in and out, and faults queued per route that fail the way real APIs do.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * How the next request on a route fails. 'hang' never answers (the client's timeout must fire);
 * 'act-then-hang' performs the request's effect, then never answers (a note that was stored although
 * the caller saw a timeout); 'malformed' answers 200 with a body that is not JSON; 'redirect'
 * answers 302 to `location` (a compromised or misconfigured API pointing the caller elsewhere).
 */
export type Fault =
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'hang' }
  | { readonly kind: 'act-then-hang' }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'redirect'; readonly location: string };

export interface FakeRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly json: unknown;
}

export interface FakeReply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The route a request belongs to, e.g. `POST /tickets/{id}/comments`; undefined: 404. */
export type RouteOf = (request: FakeRequest) => string | undefined;
export type Handle = (request: FakeRequest, route: string) => FakeReply;
/** Runs first on every routed request (the API's rate limiter): a reply refuses it. */
export type Admit = (request: FakeRequest, route: string) => FakeReply | undefined;

export interface FakeHttpServer {
  readonly url: string;
  /** Every request's method and path as it arrived (routed or not), in order. */
  readonly received: Array<{ readonly method: string; readonly path: string; readonly headers: IncomingMessage['headers'] }>;
  /** Requests received per route, faults and rate-limit refusals included. */
  readonly requestCounts: Map<string, number>;
  /** Queues faults for the next requests on `route`, in order. */
  fail(route: string, ...faults: Fault[]): void;
  close(): Promise<void>;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function send(response: ServerResponse, reply: FakeReply): void {
  response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
  response.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
}

export async function startFakeHttpServer(routeOf: RouteOf, handle: Handle, admit?: Admit): Promise<FakeHttpServer> {
  const faults = new Map<string, Fault[]>();
  const requestCounts = new Map<string, number>();
  const received: FakeHttpServer['received'] = [];
  const server: Server = createServer((incoming, response) => {
    received.push({ method: incoming.method ?? 'GET', path: incoming.url ?? '/', headers: incoming.headers });
    void (async () => {
      const url = new URL(incoming.url ?? '/', 'http://fake');
      const request: FakeRequest = { method: incoming.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: incoming.headers, json: await readJson(incoming) };
      const route = routeOf(request);
      if (route === undefined) return send(response, { status: 404, body: { error: 'no such route' } });
      requestCounts.set(route, (requestCounts.get(route) ?? 0) + 1);
      const refusal = admit?.(request, route);
      if (refusal) return send(response, refusal);
      const fault = faults.get(route)?.shift();
      if (fault?.kind === 'hang') return; // the socket stays open until close()
      if (fault?.kind === 'status') return send(response, { status: fault.status, body: { error: 'injected fault' } });
      if (fault?.kind === 'redirect') return send(response, { status: 302, headers: { location: fault.location } });
      if (fault?.kind === 'malformed') {
        response.writeHead(200, { 'content-type': 'application/json' });
        return response.end('{"ticket": {"comments": [');
      }
      const reply = handle(request, route);
      if (fault?.kind === 'act-then-hang') return;
      return send(response, reply);
    })().catch(() => {
      if (!response.headersSent) send(response, { status: 500, body: { error: 'fake server error' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    requestCounts,
    fail: (route, ...more) => faults.set(route, [...(faults.get(route) ?? []), ...more]),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
