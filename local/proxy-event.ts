/*
 * The Lambda proxy event (payload format 1.0) API Gateway builds from one request: what the
 * ingress gets on AWS. A REST API with the construct's binaryMediaTypes `*\/*` sends every body
 * base64 (isBase64Encoded true); an HTTP API sends a text body as text and base64-encodes the rest.
 * The local front builds it from the HTTP request it received; the bench builds it from a
 * request it describes, so both hand the handlers the same shape.
 */
import { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';

export interface ApiRoute {
  /** @default 'REST' */
  readonly apiKind?: 'REST' | 'HTTP';
  readonly stageName: string;
  readonly webhookPath: string;
}

/** One POST to the route, as API Gateway receives it. */
export interface ApiRequest {
  /** Header names and values in the order sent; a repeated name stays repeated. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** Only the query string is read: the event's path is the route's. @default no query */
  readonly query?: URLSearchParams;
  readonly body: Buffer;
  readonly sourceIp: string;
  /** @default '1.1' */
  readonly httpVersion?: string;
  readonly requestId: string;
  /** Epoch ms API Gateway received it: requestContext.requestTimeEpoch and requestTime. */
  readonly receivedAt: number;
}

/** Content types an HTTP API passes to Lambda as text. */
const TEXT_CONTENT_TYPE = /^(text\/|application\/(json|xml|x-www-form-urlencoded|[^;]*\+json|[^;]*\+xml))/i;

/** requestContext.requestTime as API Gateway writes it (CLF, UTC): `24/Nov/2026:20:16:54 +0000`. */
export function apiGatewayRequestTime(epochMs: number): string {
  // toUTCString: `Tue, 24 Nov 2026 20:16:54 GMT`, day zero-padded, English month names.
  const [, day, month, year, time] = new Date(epochMs).toUTCString().split(' ');
  return `${day}/${month}/${year}:${time} +0000`;
}

function headerValue(headers: ApiRequest['headers'], name: string): string | undefined {
  return headers.find(([header]) => header.toLowerCase() === name)?.[1];
}

/** The proxy event for `request` on `route`. */
export function buildProxyEvent(request: ApiRequest, route: ApiRoute): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of request.headers) {
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const searchParams = request.query ?? new URLSearchParams();
  const query = searchParams.size > 0 ? Object.fromEntries(searchParams) : null;
  const multiQuery: Record<string, string[]> = {};
  searchParams.forEach((value, name) => (multiQuery[name] ??= []).push(value));
  const resourcePath = `/${route.webhookPath}`;
  const domainName = headerValue(request.headers, 'host') ?? '127.0.0.1';
  const contentType = headerValue(request.headers, 'content-type') ?? '';
  return {
    resource: resourcePath,
    path: resourcePath,
    httpMethod: 'POST',
    headers,
    multiValueHeaders,
    queryStringParameters: query,
    multiValueQueryStringParameters: query ? multiQuery : null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: null,
      domainName,
      domainPrefix: domainName.split('.')[0],
      extendedRequestId: request.requestId,
      httpMethod: 'POST',
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp,
        user: null,
        userAgent: headerValue(request.headers, 'user-agent') ?? null,
        userArn: null,
      },
      path: `/${route.stageName}${resourcePath}`,
      protocol: `HTTP/${request.httpVersion ?? '1.1'}`,
      requestId: request.requestId,
      requestTime: apiGatewayRequestTime(request.receivedAt),
      requestTimeEpoch: request.receivedAt,
      resourceId: 'local',
      resourcePath,
      stage: route.stageName,
    },
    ...(route.apiKind === 'HTTP' && TEXT_CONTENT_TYPE.test(contentType)
      ? { body: request.body.toString('utf8'), isBase64Encoded: false }
      : { body: request.body.toString('base64'), isBase64Encoded: true }),
  };
}

/** The proxy event for an HTTP request the local front received (its body already read). */
export function proxyEvent(request: IncomingMessage, body: Buffer, route: ApiRoute, requestId: string, receivedAt: number): APIGatewayProxyEvent {
  const headers: Array<[string, string]> = [];
  for (let i = 0; i < request.rawHeaders.length; i += 2) headers.push([request.rawHeaders[i], request.rawHeaders[i + 1]]);
  return buildProxyEvent({
    headers,
    query: new URL(request.url ?? '/', 'http://127.0.0.1').searchParams,
    body,
    sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
    httpVersion: request.httpVersion,
    requestId,
    receivedAt,
  }, route);
}
