/*
 * A tiny loopback fake of the Lambda Invoke REST API (POST /2015-03-31/functions/{name}/invocations),
 * enough for the real @aws-sdk/client-lambda: the worker's processor call lands in `answer`.
 */
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface FakeInvocation {
  readonly functionName: string;
  readonly invocationType: string | undefined;
  readonly payload: string;
  /** The X-Amzn-Trace-Id header the caller sent (X-Ray), if any. */
  readonly traceHeader?: string;
}

export interface FakeAnswer {
  readonly payload: string;
  /** Sent as X-Amz-Function-Error ('Unhandled' / 'Handled'). */
  readonly functionError?: string;
}

export interface LambdaInvokeFake {
  readonly endpoint: string;
  readonly invocations: FakeInvocation[];
  stop(): Promise<void>;
}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts the fake on 127.0.0.1. `answer` may be async (a processor doing real work); a rejected
 * answer is reported as an Unhandled function error, as Lambda reports a thrown error.
 */
export async function startLambdaInvokeFake(
  answer: (invocation: FakeInvocation) => FakeAnswer | Promise<FakeAnswer>,
  options: { keepInvocations?: boolean } = {},
): Promise<LambdaInvokeFake> {
  const invocations: FakeInvocation[] = [];
  const server: Server = createServer((request, response) => {
    void (async () => {
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(request.url?.split('?')[0] ?? '');
      const body = await readBody(request);
      if (request.method !== 'POST' || !match) {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ Type: 'User', message: 'not found' }));
        return;
      }
      const invocation: FakeInvocation = {
        functionName: decodeURIComponent(match[1]),
        invocationType: request.headers['x-amz-invocation-type'] as string | undefined,
        payload: body,
        traceHeader: request.headers['x-amzn-trace-id'] as string | undefined,
      };
      if (options.keepInvocations !== false) invocations.push(invocation);
      let reply: FakeAnswer;
      try {
        reply = await answer(invocation);
      } catch (error) {
        const errorType = error instanceof Error ? error.name : 'Error';
        reply = { payload: JSON.stringify({ errorType, errorMessage: 'the processor threw' }), functionError: 'Unhandled' };
      }
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' };
      if (reply.functionError) headers['x-amz-function-error'] = reply.functionError;
      response.writeHead(200, headers);
      response.end(reply.payload);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    invocations,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
