/*
 * Stands in for node:http2 in the handler bundles (an esbuild alias in .projenrc.ts). The SDK's
 * @smithy/node-http-handler loads node:http2 at module scope for its HTTP/2 handler, which the
 * handlers never use (SQS, DynamoDB, Secrets Manager and Lambda are called over HTTP/1.1):
 * loading it costs about 10 ms of every cold start. Here it is loaded on first use only.
 * process.getBuiltinModule (Node >= 22.3; the functions run Node 24) is not rewritten by the alias.
 */
import type * as Http2 from 'node:http2';

let loaded: typeof Http2 | undefined;
const http2 = (): typeof Http2 => (loaded ??= process.getBuiltinModule('node:http2'));

/** Read at module scope by the SDK (`const { constants } = http2`): a view that loads http2 when a constant is read. */
export const constants = new Proxy({}, { get: (_target, name) => Reflect.get(http2().constants, name) }) as typeof Http2.constants;

export const connect: typeof Http2.connect = ((...args: Parameters<typeof Http2.connect>) => http2().connect(...args)) as typeof Http2.connect;

/** The SDK's ESM build imports the module's default (`import http2 from "node:http2"`). */
export default { constants, connect };
