/*
 * The inspector's HTTP surface over an in-memory source: the JSON endpoint, the actions, and the
 * guards that keep another site open in the same browser from acting (Host, action header).
 */
import { request as httpRequest } from 'node:http';
import { PathStep } from '../../../local/event-path';
import { ACTION_HEADER } from '../../../local/inspector/page';
import { Inspector, InspectorEventsAnswer, InspectorSource, startInspector } from '../../../local/inspector/server';

class MemorySource implements InspectorSource {
  public readonly pipelineName = 'test-pipeline';
  public readonly webhookUrl = 'http://127.0.0.1:9/v1/hook';
  public readonly recorded: PathStep[] = [];
  public isPaused = false;
  public samples = 0;
  public replayed: string[] = [];
  public steps = () => this.recorded;
  public sendSample = async () => {
    this.samples += 1;
    this.recorded.push({ at: this.samples, kind: 'enqueued', eventId: `sample-${this.samples}`, statusCode: 200, ackMs: 1 });
    return { statusCode: 200, eventId: `sample-${this.samples}` };
  };
  public replay = async (eventId: string) => {
    if (eventId === 'unknown') throw new Error('replay unknown: this local pipeline did not accept that event');
    this.replayed.push(eventId);
    return `${eventId}: replayed`;
  };
  public setPaused = (paused: boolean) => {
    this.isPaused = paused;
  };
  public paused = () => this.isPaused;
  public backlog = async () => ({ waiting: this.isPaused ? this.samples : 0, inFlight: 0, delayed: 0 });
}

interface Answer { readonly status: number; readonly headers: Record<string, string | string[] | undefined>; readonly body: string }

/** A raw request, so the Host header can be what a rebinding attacker's page would send. */
function call(url: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(new URL(path, url), { method, headers }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('inspector server', () => {
  let source: MemorySource;
  let inspector: Inspector;
  const action = { [ACTION_HEADER]: '1', 'content-type': 'application/json' };

  beforeEach(async () => {
    source = new MemorySource();
    inspector = await startInspector(source);
  });
  afterEach(async () => {
    await inspector.stop();
  });

  test('listens on loopback and serves the page with a nonce CSP, no caching and nosniff', async () => {
    // Act
    const page = await call(inspector.url, 'GET', '/');

    // Assess
    expect(inspector.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]+'/);
    expect(page.body).toContain(`<script nonce="${/nonce-([^']+)'/.exec(String(page.headers['content-security-policy']))![1]}">`);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  test('POST /api/sample sends one sample; GET /api/events lists it as JSON with the processing state and backlog', async () => {
    // Act
    const sent = await call(inspector.url, 'POST', '/api/sample', action);
    source.setPaused(true);
    const events = await call(inspector.url, 'GET', '/api/events');

    // Assess
    expect(sent.status).toBe(200);
    expect(JSON.parse(sent.body)).toEqual({ message: 'sent a sample webhook: sample-1 enqueued' });
    const answer = JSON.parse(events.body) as InspectorEventsAnswer;
    expect(answer.paused).toBe(true);
    expect(answer.backlog).toEqual({ waiting: 1, inFlight: 0, delayed: 0 });
    expect(answer.events).toEqual([expect.objectContaining({ eventId: 'sample-1', path: ['enqueued'], status: 'enqueued', statusCode: 200 })]);
  });

  test('pause and resume switch the source; replay passes the event id and answers 409 with the reason it was refused', async () => {
    // Act
    const paused = await call(inspector.url, 'POST', '/api/pause', action);
    const wasPaused = source.paused();
    const resumed = await call(inspector.url, 'POST', '/api/resume', action);
    const replayed = await call(inspector.url, 'POST', '/api/replay', action, JSON.stringify({ eventId: 'evt-1' }));
    const refused = await call(inspector.url, 'POST', '/api/replay', action, JSON.stringify({ eventId: 'unknown' }));
    const malformed = await call(inspector.url, 'POST', '/api/replay', action, '{"eventId": 42}');

    // Assess
    expect([paused.status, wasPaused, resumed.status, source.paused()]).toEqual([200, true, 200, false]);
    expect(JSON.parse(paused.body).message).toMatch(/^processing paused: the ingress keeps ACKing and queueing/);
    expect([replayed.status, JSON.parse(replayed.body).message]).toEqual([200, 'evt-1: replayed']);
    expect([refused.status, JSON.parse(refused.body).message]).toEqual([409, 'replay unknown: this local pipeline did not accept that event']);
    expect(malformed.status).toBe(400);
    expect(source.replayed).toEqual(['evt-1']);
  });

  test('refuses an action without the action header (a cross-site form) and a request for another Host (DNS rebinding)', async () => {
    // Act
    const form = await call(inspector.url, 'POST', '/api/sample', { 'content-type': 'application/x-www-form-urlencoded' }, 'a=1');
    const rebound = await call(inspector.url, 'GET', '/api/events', { host: 'attacker.example:80' });
    const reboundAction = await call(inspector.url, 'POST', '/api/pause', { ...action, host: 'attacker.example' });
    const preflight = await call(inspector.url, 'OPTIONS', '/api/sample', { origin: 'http://attacker.example' });
    // Negative control: the same action with the header on the right host works.
    const allowed = await call(inspector.url, 'POST', '/api/sample', action);

    // Assess
    expect([form.status, rebound.status, reboundAction.status, preflight.status]).toEqual([403, 421, 421, 405]);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(source.isPaused).toBe(false);
    expect(allowed.status).toBe(200);
    expect(source.samples).toBe(1);
  });
});
