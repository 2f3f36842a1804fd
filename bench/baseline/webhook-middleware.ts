/*
 * The two middy middlewares a Powertools ingress would write itself: verify the HMAC on the raw
 * body before anything parses it, and turn thrown errors into HTTP answers.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { ParseError } from '@aws-lambda-powertools/parser';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { MiddlewareObj } from '@middy/core' with { 'resolution-mode': 'import' };
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { SIGNATURE_HEADER, SIGNATURE_PREFIX } from '../scenario';

export class HttpError extends Error {
  constructor(public readonly statusCode: number, message: string) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The signing secret, read once and kept for `ttlMs` (what Powertools Parameters' getSecret does by default, without the extra package). */
export function cachedSecret(client: SecretsManagerClient, secretId: string, ttlMs: number): () => Promise<string> {
  let cached: { value: string; at: number } | undefined;
  return async () => {
    if (cached && Date.now() - cached.at < ttlMs) return cached.value;
    const output = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    cached = { value: output.SecretString ?? '', at: Date.now() };
    return cached.value;
  };
}

export function verifyHmacSignature(secret: () => Promise<string>): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    before: async (request) => {
      const headers = request.event.headers ?? {};
      const header = Object.keys(headers).find((name) => name.toLowerCase() === SIGNATURE_HEADER);
      const signature = header === undefined ? undefined : headers[header];
      const raw = request.event.body ?? '';
      const body = request.event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
      const expected = Buffer.from(SIGNATURE_PREFIX + createHmac('sha256', await secret()).update(body).digest('hex'));
      const given = Buffer.from(signature ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new HttpError(401, 'Unauthorized');
      }
      // The construct's REST API passes every body base64-encoded (binaryMediaTypes */*); the parser wants text.
      request.event.body = body.toString('utf8');
      request.event.isBase64Encoded = false;
    },
  };
}

export function errorResponses(logger: Logger): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    onError: async (request) => {
      const error = request.error;
      let statusCode = 503;
      if (error instanceof HttpError) statusCode = error.statusCode;
      else if (error instanceof ParseError) statusCode = 400;
      logger.warn('webhook rejected', { statusCode, errorName: error?.name });
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (statusCode === 503) headers['retry-after'] = '1';
      request.response = {
        statusCode,
        headers,
        body: JSON.stringify({ message: statusCode === 503 ? 'Service Unavailable' : error?.message }),
      };
    },
  };
}
