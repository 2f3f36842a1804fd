/*
 * `createEnqueuer`: puts an event on a pipeline's queue from code that is not the ingress (a
 * reconciliation sweep, a backfill, another service), exactly as the ingress would: the same body
 * checks (size, UTF-8, depth, elements, JSON object, required fields), the same event id and
 * message group, the same deduplication id and message attributes. So an event that arrives both
 * ways collapses: SQS drops the second copy within 5 minutes, the worker's idempotency record after.
 *
 * An event the pipeline's `ingressFilters` leave out is not sent (outcome FILTERED), as the
 * ingress would have acknowledged it without enqueueing: the processor never sees an event type it
 * did not ask for, whichever way the event came.
 *
 * With `skipIfReceived`, it first reads the event's idempotency record (one GetItem on this
 * pipeline's `event#<namespace>#` key, the only key its grant allows) and sends nothing when the
 * pipeline has the event already.
 */
// Not dependencies of the library: the Lambda Node.js runtime provides SDK v3 to the functions that import this.
// eslint-disable-next-line import/no-extraneous-dependencies
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
// eslint-disable-next-line import/no-extraneous-dependencies
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { clientConfigFor } from './aws/client-config';
import { enqueueConfigFromEnv, validateEnqueueConfig } from './enqueue-config';
import { ENQUEUE_CONFIG_ENV, EnqueueRuntimeConfig, idempotencyKeyOf, PRODUCER_AWS_CALL_BUDGET, TABLE_PARTITION_KEY } from '../contract';
import { deriveEventIdentity } from './ingest/event-identity';
import { FilterMiss, firstFilterMiss } from './ingest/ingress-filter';
import { queueMessageOf } from './ingest/queue-message';
import { checkWebhookBody } from './ingest/webhook-body';

export interface EnqueuerOptions {
  /** Default: environment variable ACK_FAST_ENQUEUE_CONFIG, which `pipeline.grantEnqueue(fn)` sets. */
  readonly config?: EnqueueRuntimeConfig;
  /** Default: a client with short timeouts and 3 attempts (a send is deduplicated, so retrying is safe). */
  readonly sqsClient?: SQSClient;
  /** For `skipIfReceived`. Default: a client with short timeouts. */
  readonly dynamoDbClient?: DynamoDBClient;
  /** Epoch milliseconds (the message's receivedAt); injectable for tests. */
  readonly now?: () => number;
}

export interface EnqueueOptions {
  /**
   * Send nothing when the pipeline already received this event (its idempotency record exists).
   * Needs `pipeline.grantEnqueue(fn, { allowReceivedCheck: true })`. Default false.
   */
  readonly skipIfReceived?: boolean;
  /** Request headers, when the pipeline takes event ids from a header (as the ingress does). */
  readonly headers?: Readonly<Record<string, string>>;
}

export type EnqueueOutcome = 'ENQUEUED' | 'ALREADY_RECEIVED' | 'FILTERED';

export interface EnqueueResult {
  readonly outcome: EnqueueOutcome;
  readonly eventId: string;
  readonly messageGroupId: string;
  /** SQS's message id, when sent. */
  readonly messageId?: string;
  /** FILTERED: the filter's pointer and why (field missing, value not accepted); never the value. */
  readonly filteredBy?: FilterMiss;
}

/** The event breaks the ingress's rules: the ingress would have answered `statusCode` and stored nothing. */
export class EnqueueRejectedError extends Error {
  constructor(public readonly statusCode: number, public readonly reason: string, problem: string) {
    super(`The pipeline's ingress would refuse this event with ${statusCode} (${reason}): ${problem}. Fix the event; retrying cannot help.`);
    this.name = 'EnqueueRejectedError';
  }
}

export interface Enqueuer {
  /** The pipeline's rules for bodies and ids (as granted). */
  readonly config: EnqueueRuntimeConfig;
  /** `event`: the body as a JSON object (serialized with JSON.stringify) or as the exact text to queue. */
  enqueue(event: Readonly<Record<string, unknown>> | string, options?: EnqueueOptions): Promise<EnqueueResult>;
}

const CLIENT_DEFAULTS = clientConfigFor(PRODUCER_AWS_CALL_BUDGET);

export function createEnqueuer(options: EnqueuerOptions = {}): Enqueuer {
  const config = options.config ? validateEnqueueConfig(options.config, 'createEnqueuer({ config })') : enqueueConfigFromEnv();
  const sqs = options.sqsClient ?? new SQSClient(CLIENT_DEFAULTS);
  let dynamo = options.dynamoDbClient;
  const now = options.now ?? Date.now;

  async function alreadyReceived(eventId: string): Promise<boolean> {
    const check = config.receivedCheck;
    if (!check) {
      throw new Error('skipIfReceived needs the idempotency table: grant it with pipeline.grantEnqueue(fn, { allowReceivedCheck: true }) '
        + `(it adds receivedCheck to ${ENQUEUE_CONFIG_ENV}).`);
    }
    dynamo ??= new DynamoDBClient(CLIENT_DEFAULTS);
    const output = await dynamo.send(new GetItemCommand({
      TableName: check.tableName,
      Key: { [TABLE_PARTITION_KEY]: { S: idempotencyKeyOf(check.eventKeyPrefix, eventId) } },
      ProjectionExpression: '#pk',
      ExpressionAttributeNames: { '#pk': TABLE_PARTITION_KEY },
      // A record written a moment ago must be seen, or the event would be sent (and counted) again.
      ConsistentRead: true,
    }));
    return output.Item !== undefined;
  }

  return {
    config,
    async enqueue(event, enqueueOptions = {}) {
      const rawBody = Buffer.from(typeof event === 'string' ? event : JSON.stringify(event), 'utf8');
      const body = checkWebhookBody(rawBody, config);
      if (!body.ok) throw new EnqueueRejectedError(body.statusCode, body.reason, body.message);
      const identity = deriveEventIdentity({ headers: enqueueOptions.headers ?? {}, rawBody, payload: body.payload }, config);
      // Unlike the ingress (which filters before the id rules), a producer's event always needs its id: a missing one is a bug to fix.
      if (!identity.ok) throw new EnqueueRejectedError(400, identity.reason, identity.message);
      const { eventId, messageGroupId } = identity;
      const filteredBy = firstFilterMiss(body.payload, config.ingressFilters);
      if (filteredBy) return { outcome: 'FILTERED', eventId, messageGroupId, filteredBy };
      if (enqueueOptions.skipIfReceived && await alreadyReceived(eventId)) return { outcome: 'ALREADY_RECEIVED', eventId, messageGroupId };
      const sent = await sqs.send(new SendMessageCommand(queueMessageOf(config.queueUrl, {
        eventId, messageGroupId, bodyText: body.bodyText, receivedAt: now(),
      })));
      return { outcome: 'ENQUEUED', eventId, messageGroupId, messageId: sent.MessageId };
    },
  };
}
