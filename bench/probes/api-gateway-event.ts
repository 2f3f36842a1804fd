/*
 * The API Gateway REST proxy event (and Lambda context) a real request produces, shaped like
 * AWS's sample events: every field present, so schema validation does its real amount of work.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signBody } from '../scenario';

/** requestContext.requestTime as API Gateway writes it: 24/Nov/2026:20:16:54 +0000. */
export function apiGatewayRequestTime(epochMs: number): string {
  const [, day, month, year, time] = new Date(epochMs).toUTCString().split(' ');
  return `${day}/${month}/${year}:${time} +0000`;
}

export function webhookRequestEvent(body: string, eventId: string): APIGatewayProxyEvent {
  const headers: Record<string, string> = {
    'accept': '*/*',
    'content-type': 'application/json',
    'host': 'abc123.execute-api.us-east-2.amazonaws.com',
    'user-agent': 'GitHub-Hookshot/044aadd',
    'x-amzn-trace-id': 'Root=1-67891233-abcdef012345678912345678',
    'x-forwarded-for': '192.0.2.10',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
    [EVENT_ID_HEADER]: eventId,
    'x-github-event': 'issue_comment',
    [SIGNATURE_HEADER]: signBody(body),
  };
  const now = Date.now();
  return {
    resource: '/webhook',
    path: '/webhook',
    httpMethod: 'POST',
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authorizer: null,
      domainName: 'abc123.execute-api.us-east-2.amazonaws.com',
      domainPrefix: 'abc123',
      extendedRequestId: 'Xyz0AbCdIAMFjzQ=',
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
        sourceIp: '192.0.2.10',
        user: null,
        userAgent: 'GitHub-Hookshot/044aadd',
        userArn: null,
      },
      path: '/prod/webhook',
      protocol: 'HTTP/1.1',
      requestId: randomUUID(),
      requestTime: apiGatewayRequestTime(now),
      requestTimeEpoch: now,
      resourceId: 'abc123',
      resourcePath: '/webhook',
      stage: 'prod',
    },
    // The construct's REST API declares binaryMediaTypes */*, so the body always arrives base64-encoded.
    body: Buffer.from(body, 'utf8').toString('base64'),
    isBase64Encoded: true,
  };
}

export function lambdaContext(functionName: string, remainingMs = 30_000): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-2:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/24/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => remainingMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
