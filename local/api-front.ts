/*
 * The API Gateway API in front of the ingress, on loopback: one POST route on the stage path,
 * the stage's throttling (token bucket → 429 before the ingress), the 10 MB payload cap, what
 * API Gateway answers off the route or when the function fails; the event is proxy-event.ts's.
 */
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { LocalIngressHandler } from './handler-loader';
import { lambdaContext } from './lambda-context';
import { proxyEvent } from './proxy-event';
import { BucketState, fullBucket, take } from '../src/runtime/token-bucket';

/** API Gateway's REST payload limit. */
export const API_GATEWAY_MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

export interface ApiFrontOptions {
  /** @default 'REST' */
  readonly apiKind?: 'REST' | 'HTTP';
  readonly stageName: string;
  readonly webhookPath: string;
  readonly throttlingRateLimit: number;
  readonly throttlingBurstLimit: number;
  readonly ingress: LocalIngressHandler;
  readonly ingressTimeoutMs: number;
  readonly now: () => number;
  /** Called once per request with what the sender got back. */
  readonly onAnswer: (answer: FrontAnswer) => void;
  /** Called with the raw body of each request the ingress answered 200 (kept in memory by the local replay, never shown). */
  readonly onAccepted?: (eventId: string, rawBody: Buffer) => void;
}

export interface FrontAnswer {
  readonly requestId: string;
  readonly statusCode: number;
  /** The event id the ingress acknowledged (200 only). */
  readonly eventId?: string;
  /** Why it was not stored, from the answer's message (or `throttled` / `ingress-error`). */
  readonly reason?: string;
  /** A 200 for a webhook an ingress filter left out: acknowledged, not stored. */
  readonly filtered?: boolean;
  /** Request received → answer sent. */
  readonly ackMs: number;
}

export interface ApiFront {
  /** The webhook URL, e.g. http://127.0.0.1:41234/v1/richpanel */
  readonly url: string;
  stop(): Promise<void>;
}

function send(response: ServerResponse, statusCode: number, headers: Record<string, string>, body: string | Buffer): void {
  response.writeHead(statusCode, headers);
  response.end(body);
}

async function readLimited(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function answerReason(result: APIGatewayProxyResult): { eventId?: string; reason?: string; filtered?: boolean } {
  try {
    const parsed = JSON.parse(result.isBase64Encoded ? Buffer.from(result.body, 'base64').toString('utf8') : result.body) as Record<string, unknown>;
    return {
      eventId: typeof parsed.eventId === 'string' ? parsed.eventId : undefined,
      reason: typeof parsed.message === 'string' ? parsed.message : undefined,
      ...(parsed.filtered === true ? { filtered: true } : {}),
    };
  } catch {
    return {};
  }
}

export async function startApiFront(options: ApiFrontOptions): Promise<ApiFront> {
  // API Gateway's stage throttling is a token bucket: the library's own arithmetic, kept in memory.
  const stageLimit = { capacity: options.throttlingBurstLimit, refillPerSecond: options.throttlingRateLimit };
  let stageBucket: BucketState = fullBucket(stageLimit, options.now());
  const admit = (): boolean => {
    const result = take(stageBucket, stageLimit, 1, options.now());
    stageBucket = result.state;
    return result.granted;
  };
  const routePath = `/${options.stageName}/${options.webhookPath}`;
  const json = { 'content-type': 'application/json' };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const receivedAt = options.now();
    const requestId = randomUUID();
    const answer = (statusCode: number, extra: Omit<FrontAnswer, 'requestId' | 'statusCode' | 'ackMs'> = {}) =>
      options.onAnswer({ requestId, statusCode, ackMs: options.now() - receivedAt, ...extra });
    const base = { ...json, 'x-amzn-requestid': requestId };
    if (request.method !== 'POST' || (request.url ?? '').split('?')[0] !== routePath) {
      request.resume();
      // What each product answers off its routes.
      const [status, message] = options.apiKind === 'HTTP' ? [404, 'Not Found'] : [403, 'Missing Authentication Token'];
      send(response, status, base, JSON.stringify({ message }));
      return answer(status, { reason: 'no such route' });
    }
    if (!admit()) {
      request.resume();
      send(response, 429, base, JSON.stringify({ message: 'Too Many Requests' }));
      return answer(429, { reason: 'throttled' });
    }
    const body = await readLimited(request, API_GATEWAY_MAX_PAYLOAD_BYTES);
    if (!body) {
      send(response, 413, { ...base, connection: 'close' }, JSON.stringify({ message: 'Request Too Long' }));
      return answer(413, { reason: 'over the API Gateway payload limit' });
    }
    const event = proxyEvent(request, body, options, requestId, receivedAt);
    let result: APIGatewayProxyResult;
    try {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('Task timed out')), options.ingressTimeoutMs);
      });
      try {
        result = await Promise.race([options.ingress(event, lambdaContext('ingress', options.ingressTimeoutMs, options.now)), timeout]);
      } finally {
        clearTimeout(timer);
      }
    } catch {
      // A Lambda error or timeout behind a proxy integration is a 502 for the sender.
      send(response, 502, base, JSON.stringify({ message: 'Internal server error' }));
      return answer(502, { reason: 'ingress-error' });
    }
    const headers: Record<string, string | string[]> = { ...base };
    for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
    for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) headers[name] = values.map(String);
    response.writeHead(result.statusCode, headers);
    response.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
    const reason = answerReason(result);
    if (result.statusCode === 200 && reason.eventId !== undefined) options.onAccepted?.(reason.eventId, body);
    return answer(result.statusCode, reason);
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) send(response, 500, json, JSON.stringify({ message: 'Internal server error' }));
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${routePath}`,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
