/*
 * A loopback HTTP forwarder that can be switched off: the local pipeline reaches fauxqs through
 * it, so a test can make SQS unreachable (connections reset) while the queues and the messages
 * they hold stay intact, as in a network outage; stopping fauxqs would lose them.
 */
import { createServer, request as httpRequest, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface SwitchableProxy {
  readonly endpoint: string;
  /** While false, every connection is reset before an answer (the SDK sees a network error). */
  available: boolean;
  stop(): Promise<void>;
}

export async function startSwitchableProxy(target: string): Promise<SwitchableProxy> {
  const targetUrl = new URL(target);
  const state = { available: true };
  const server: Server = createServer((request, response) => {
    if (!state.available) {
      request.socket.destroy();
      return;
    }
    const upstream = httpRequest({
      hostname: targetUrl.hostname,
      port: targetUrl.port,
      method: request.method,
      path: request.url,
      headers: request.headers,
    }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => request.socket.destroy());
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    endpoint,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  });
}
