/*
 * Baseline ingress: the same job as lambda/ingress, written the way the Powertools docs show it.
 * middy + Logger, HMAC check, Parser (zod) on the API Gateway event, Idempotency on the delivery
 * id (DynamoDB persistence layer), one SQS FIFO SendMessage with the same group and dedup ids.
 * Benchmark only: never shipped.
 */
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { APIGatewayProxyEventSchema } from '@aws-lambda-powertools/parser/schemas/api-gateway';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
// @ts-expect-error TS1479: middy 6 is ESM-only; esbuild bundles it into the CommonJS handler like any other import.
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { z } from 'zod';
import { cachedSecret, errorResponses, verifyHmacSignature } from './webhook-middleware';
import { BASELINE_ENV, EVENT_ID_HEADER, IDEMPOTENCY_TTL_SECONDS } from '../scenario';

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const logger = new Logger({ serviceName: 'webhook-ingress' });
const sqs = new SQSClient({});
const queueUrl = requiredEnv(BASELINE_ENV.queueUrl);
const secret = cachedSecret(new SecretsManagerClient({}), requiredEnv(BASELINE_ENV.secretArn), 300_000);

const WebhookEventSchema = APIGatewayProxyEventSchema.extend({
  headers: z.object({ [EVENT_ID_HEADER]: z.string().min(1).max(128) }).catchall(z.string()),
  body: JSONStringified(z.looseObject({
    repository: z.looseObject({ id: z.union([z.number(), z.string()]) }),
  })),
});
type WebhookEvent = z.infer<typeof WebhookEventSchema>;

const persistenceStore = new DynamoDBPersistenceLayer({
  tableName: requiredEnv(BASELINE_ENV.tableName),
  keyAttr: process.env[BASELINE_ENV.tableKeyAttribute] ?? 'id',
});
const idempotencyConfig = new IdempotencyConfig({
  eventKeyJmesPath: `headers."${EVENT_ID_HEADER}"`,
  expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS,
});

async function enqueue(event: WebhookEvent): Promise<APIGatewayProxyResult> {
  const eventId = event.headers[EVENT_ID_HEADER];
  const messageGroupId = String(event.body.repository.id);
  const receivedAt = Date.now();
  const { MessageId } = await sqs.send(new SendMessageCommand({
    QueueUrl: queueUrl,
    MessageBody: JSON.stringify(event.body),
    MessageGroupId: messageGroupId,
    MessageDeduplicationId: eventId,
    MessageAttributes: {
      eventId: { DataType: 'String', StringValue: eventId },
      receivedAt: { DataType: 'Number', StringValue: String(receivedAt) },
    },
  }));
  logger.info('webhook accepted', { eventId, messageGroupId, messageId: MessageId });
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ eventId }) };
}

export const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
  .use(injectLambdaContext(logger))
  .use(errorResponses(logger))
  .use(verifyHmacSignature(secret))
  .use(parser({ schema: WebhookEventSchema }))
  .use(makeHandlerIdempotent({ persistenceStore, config: idempotencyConfig }))
  .handler(async (event) => enqueue(event as unknown as WebhookEvent));
