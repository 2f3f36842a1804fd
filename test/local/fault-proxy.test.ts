import { createServer, request as httpRequest, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { FaultProxy, operationOf, startFaultProxy } from '../support/fault-proxy';

/** An upstream that counts what it served: the effect a lost answer must not hide. */
async function startCountingUpstream(): Promise<{ endpoint: string; served: () => number; stop(): Promise<void> }> {
  let served = 0;
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      served += 1;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served: () => served,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

interface Answer {
  readonly status?: number;
  readonly body?: string;
  readonly error?: string;
}

/** One DynamoDB-style JSON request through the proxy; a client-side timeout of `timeoutMs`. */
function call(endpoint: string, target: string, body = '{}', timeoutMs = 2_000): Promise<Answer> {
  return new Promise((resolve) => {
    const url = new URL(endpoint);
    const request = httpRequest({
      hostname: url.hostname,
      port: url.port,
      method: 'POST',
      path: '/',
      agent: false,
      headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.0' },
    }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => { text += chunk.toString(); });
      response.on('end', () => resolve({ status: response.statusCode, body: text }));
    });
    request.setTimeout(timeoutMs, () => request.destroy(Object.assign(new Error('client timeout'), { code: 'CLIENT_TIMEOUT' })));
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    request.end(body);
  });
}

describe('the fault proxy', () => {
  let upstream: Awaited<ReturnType<typeof startCountingUpstream>>;
  let proxy: FaultProxy;

  beforeEach(async () => {
    upstream = await startCountingUpstream();
    proxy = await startFaultProxy(upstream.endpoint);
  });
  afterEach(async () => {
    await proxy.stop();
    await upstream.stop();
  });

  test('without a rule it forwards: the answer arrives and the upstream served it', async () => {
    const answer = await call(proxy.endpoint, 'DynamoDB_20120810.UpdateItem');
    expect(answer).toEqual({ status: 200, body: '{"ok":true}' });
    expect(upstream.served()).toBe(1);
    expect(proxy.seen.get('UpdateItem')).toBe(1);
  });

  test.each([
    ['reset-before-forward', 0, { error: 'ECONNRESET' }],
    ['reset-after-forward', 1, { error: 'ECONNRESET' }],
    ['error-after-forward', 1, { status: 500 }],
    ['drop-response', 1, { error: 'CLIENT_TIMEOUT' }],
  ] as const)('%s: the upstream served %d request(s), the client sees %j', async (kind, served, expected) => {
    proxy.addRule({ operation: 'UpdateItem', action: { kind } });
    const answer = await call(proxy.endpoint, 'DynamoDB_20120810.UpdateItem', '{}', 500);
    expect(answer).toMatchObject(expected);
    expect(upstream.served()).toBe(served);
    expect(proxy.injected).toEqual([{ operation: 'UpdateItem', action: kind }]);
  });

  test('a rule picks by operation and body, skips `after` matches, then faults `times` of them', async () => {
    proxy.addRule({ operation: 'UpdateItem', bodyIncludes: ['evt-1', ':inProgress'], after: 1, times: 2, action: { kind: 'error-after-forward' } });
    const statuses: Array<number | undefined> = [];
    statuses.push((await call(proxy.endpoint, 'DynamoDB_20120810.GetItem', '{"k":"evt-1 :inProgress"}')).status);
    statuses.push((await call(proxy.endpoint, 'DynamoDB_20120810.UpdateItem', '{"k":"evt-2 :inProgress"}')).status);
    for (let i = 0; i < 4; i++) statuses.push((await call(proxy.endpoint, 'DynamoDB_20120810.UpdateItem', '{"k":"evt-1 :inProgress"}')).status);
    expect(statuses).toEqual([200, 200, 200, 500, 500, 200]);
    expect(proxy.injected).toHaveLength(2);
  });

  test('switched off, every connection is reset before it reaches the upstream', async () => {
    proxy.available = false;
    expect(await call(proxy.endpoint, 'AmazonSQS.SendMessage')).toEqual({ error: 'ECONNRESET' });
    proxy.available = true;
    expect((await call(proxy.endpoint, 'AmazonSQS.SendMessage')).status).toBe(200);
    expect(upstream.served()).toBe(1);
  });
});

describe('operationOf', () => {
  test.each([
    ['DynamoDB JSON', 'POST', '/', { 'x-amz-target': 'DynamoDB_20120810.UpdateItem' }, '', 'UpdateItem'],
    ['SQS JSON', 'POST', '/', { 'x-amz-target': 'AmazonSQS.ChangeMessageVisibilityBatch' }, '', 'ChangeMessageVisibilityBatch'],
    ['Lambda Invoke', 'POST', '/2015-03-31/functions/my-fn/invocations', {}, '{}', 'Invoke'],
    ['a Query API action', 'POST', '/', {}, 'Action=SendMessage&Version=2012-11-05', 'SendMessage'],
    ['anything else', 'GET', '/health', {}, '', 'unknown'],
  ])('%s', (_name, method, url, headers, body, expected) => {
    expect(operationOf(method, url, headers, body)).toBe(expected);
  });
});
