/*
 * The local inspector on 127.0.0.1: GET / (the page), GET /live (its live fragment), GET
 * /api/events (the same as JSON), and POST /api/sample, /api/replay, /api/pause, /api/resume.
 * Loopback only; a request whose Host is not this server's (DNS rebinding) or a POST without the
 * action header (cross-site forms) is refused, so another site open in the browser cannot act.
 */
import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { InspectorEvent, inspectorEvents } from './event-rows';
import { ACTION_HEADER, InspectorSnapshot, renderLive, renderPage } from './page';
import { QueueBacklog } from '../../cli/pause/backlog';
import { PathStep } from '../event-path';

/** Events the page and /api/events list. */
export const INSPECTOR_EVENT_LIMIT = 50;

/** What the inspector reads and drives: the local pipeline (see inspectorSourceOf in local/inspector/source.ts). */
export interface InspectorSource {
  readonly pipelineName: string;
  readonly webhookUrl: string;
  steps(): readonly PathStep[];
  /** Sends one signed sample webhook; resolves with the ingress's status and the event id. */
  sendSample(): Promise<{ readonly statusCode: number; readonly eventId?: string }>;
  /** Replays one event; resolves with what was done, rejects with why not. */
  replay(eventId: string): Promise<string>;
  setPaused(paused: boolean): void;
  paused(): boolean;
  backlog(): Promise<QueueBacklog>;
}

export interface Inspector {
  /** e.g. http://127.0.0.1:41234/ */
  readonly url: string;
  stop(): Promise<void>;
}

export interface InspectorEventsAnswer {
  readonly paused: boolean;
  readonly backlog?: QueueBacklog;
  readonly events: readonly InspectorEvent[];
}

const MAX_ACTION_BODY_BYTES = 4096;

async function readSmall(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_ACTION_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function eventIdOf(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { eventId?: unknown };
    return typeof parsed.eventId === 'string' && parsed.eventId !== '' ? parsed.eventId : undefined;
  } catch {
    return undefined;
  }
}

export async function startInspector(source: InspectorSource, options: { readonly port?: number } = {}): Promise<Inspector> {
  let hosts: Set<string> = new Set();

  async function snapshot(): Promise<InspectorSnapshot> {
    const backlog = await source.backlog().catch(() => undefined);
    return {
      pipelineName: source.pipelineName,
      webhookUrl: source.webhookUrl,
      paused: source.paused(),
      backlog,
      events: inspectorEvents(source.steps(), INSPECTOR_EVENT_LIMIT),
    };
  }

  async function act(path: string, request: IncomingMessage): Promise<[number, string]> {
    switch (path) {
      case '/api/sample': {
        const sent = await source.sendSample();
        return sent.statusCode === 200
          ? [200, `sent a sample webhook: ${sent.eventId ?? '?'} enqueued`]
          : [502, `sent a sample webhook: the ingress answered ${sent.statusCode}`];
      }
      case '/api/pause':
        source.setPaused(true);
        return [200, 'processing paused: the ingress keeps ACKing and queueing; resume to process the backlog'];
      case '/api/resume':
        source.setPaused(false);
        return [200, 'processing resumed'];
      case '/api/replay': {
        const text = await readSmall(request);
        const eventId = text === undefined ? undefined : eventIdOf(text);
        if (eventId === undefined) return [400, 'replay: send {"eventId": "<id>"} (JSON, under 4 KB)'];
        try {
          return [200, await source.replay(eventId)];
        } catch (error) {
          return [409, error instanceof Error ? error.message : String(error)];
        }
      }
      default:
        return [404, `no action ${path}`];
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const base = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
    const reply = (status: number, type: string, body: string, extra: Record<string, string> = {}) => {
      response.writeHead(status, { ...base, 'content-type': type, ...extra });
      response.end(body);
    };
    const json = (status: number, body: object) => reply(status, 'application/json', JSON.stringify(body));
    if (!hosts.has(request.headers.host ?? '')) {
      request.resume();
      return json(421, { message: 'the inspector answers only requests addressed to it on 127.0.0.1 or localhost' });
    }
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/') {
      const nonce = randomBytes(16).toString('base64');
      const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
      return reply(200, 'text/html; charset=utf-8', renderPage(await snapshot(), nonce), { 'content-security-policy': csp });
    }
    if (request.method === 'GET' && path === '/live') return reply(200, 'text/html; charset=utf-8', renderLive(await snapshot()));
    if (request.method === 'GET' && path === '/api/events') {
      const { paused, backlog, events } = await snapshot();
      const answer: InspectorEventsAnswer = { paused, backlog, events };
      return json(200, answer);
    }
    if (request.method === 'POST' && path.startsWith('/api/')) {
      if (request.headers[ACTION_HEADER] !== '1') {
        request.resume();
        return json(403, { message: `actions need the ${ACTION_HEADER}: 1 header (the inspector page sends it)` });
      }
      const [status, message] = await act(path, request);
      return json(status, { message });
    }
    request.resume();
    return json(request.method === 'GET' || request.method === 'POST' ? 404 : 405, { message: `no ${request.method} ${path}` });
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ message: `inspector failed: ${error instanceof Error ? error.message : String(error)}` }));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
