/*
 * What the Lambda event source mapping would hand the worker from real ReceiveMessage output,
 * so handler tests run on records shaped by the queue rather than by hand. The records and the
 * context are the local pipeline's (local/), so tests and `npx projen local` build them alike.
 */
import { randomUUID } from 'node:crypto';
import type { Message } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { lambdaContext as localLambdaContext } from '../../../local/lambda-context';
import { toLambdaRecord } from '../../../local/sqs-event-source';
import { TEST_AWS } from '../../support/emulators';

export function toSqsEvent(messages: readonly Message[], queueArn: string): SQSEvent {
  return { Records: messages.map((message) => toLambdaRecord(message, queueArn, TEST_AWS.region)) };
}

/** A Lambda context whose invocation has `remainingMs` left, however long the test takes. */
export function lambdaContext(remainingMs = 30_000, awsRequestId: string = randomUUID()): Context {
  // A clock that never moves keeps the deadline exactly `remainingMs` away.
  return localLambdaContext('worker', remainingMs, () => 0, awsRequestId);
}
