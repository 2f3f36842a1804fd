/*
 * The Lambda proxy event (payload format 1.0) API Gateway builds from one request: what the
 * ingress gets on AWS. A REST API with the construct's binaryMediaTypes `*\/*` sends every body
 * base64 (isBase64Encoded true); an HTTP API sends a text body as text and base64-encodes the rest.
 */
import { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';

export interface ApiRoute {
  /** @default 'REST' */
  readonly apiKind?: 'REST' | 'HTTP';
  readonly stageName: string;
  readonly webhookPath: string;
}

/** Content types an HTTP API passes to Lambda as text. */
const TEXT_CONTENT_TYPE = /^(text\/|application\/(json|xml|x-www-form-urlencoded|[^;]*\+json|[^;]*\+xml))/i;

export function proxyEvent(request: IncomingMessage, body: Buffer, options: ApiRoute, requestId: string, receivedAt: number): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const [name, value] = [request.rawHeaders[i], request.rawHeaders[i + 1]];
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const query = url.searchParams.size > 0 ? Object.fromEntries(url.searchParams) : null;
  const multiQuery: Record<string, string[]> = {};
  url.searchParams.forEach((value, name) => (multiQuery[name] ??= []).push(value));
  const resourcePath = `/${options.webhookPath}`;
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
      domainName: request.headers.host ?? '127.0.0.1',
      extendedRequestId: requestId,
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
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        user: null,
        userAgent: request.headers['user-agent'] ?? null,
        userArn: null,
      },
      path: `/${options.stageName}${resourcePath}`,
      protocol: `HTTP/${request.httpVersion}`,
      requestId,
      requestTimeEpoch: receivedAt,
      resourceId: 'local',
      resourcePath,
      stage: options.stageName,
    },
    ...(options.apiKind === 'HTTP' && TEXT_CONTENT_TYPE.test(request.headers['content-type'] ?? '')
      ? { body: body.toString('utf8'), isBase64Encoded: false }
      : { body: body.toString('base64'), isBase64Encoded: true }),
  };
}
