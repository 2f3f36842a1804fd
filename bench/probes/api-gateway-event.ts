/*
 * The API Gateway REST proxy event a signed bench webhook produces: the headers GitHub and API
 * Gateway put on it, made into an event by the local pipeline's builder, so the probes and the
 * local pipeline hand the handlers the same shape (every field present, so schema validation
 * does its real amount of work).
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { buildProxyEvent } from '../../local/proxy-event';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signBody } from '../scenario';

const SENDER_IP = '192.0.2.10';

export function webhookRequestEvent(body: string, eventId: string): APIGatewayProxyEvent {
  const headers: Array<[string, string]> = [
    ['accept', '*/*'],
    ['content-type', 'application/json'],
    ['host', 'abc123.execute-api.us-east-2.amazonaws.com'],
    ['user-agent', 'GitHub-Hookshot/044aadd'],
    // Added by API Gateway in front of the function.
    ['x-amzn-trace-id', 'Root=1-67891233-abcdef012345678912345678'],
    ['x-forwarded-for', SENDER_IP],
    ['x-forwarded-port', '443'],
    ['x-forwarded-proto', 'https'],
    [EVENT_ID_HEADER, eventId],
    ['x-github-event', 'issue_comment'],
    [SIGNATURE_HEADER, signBody(body)],
  ];
  return buildProxyEvent(
    { headers, body: Buffer.from(body, 'utf8'), sourceIp: SENDER_IP, requestId: randomUUID(), receivedAt: Date.now() },
    { stageName: 'prod', webhookPath: 'webhook' },
  );
}
