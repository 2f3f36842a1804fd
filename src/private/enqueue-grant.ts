import { Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ENQUEUE_CONFIG_ENV, EnqueueRuntimeConfig, IngressRuntimeConfig } from '../contract';
import { EnqueueGrantOptions } from '../enqueue-grant-options';

export interface EnqueueTarget {
  readonly queue: sqs.IQueue;
  readonly table: dynamodb.ITable;
  readonly eventKeyPrefix: string;
  /** The ingress's configuration: a producer applies the same body and identity rules. */
  readonly ingressConfig: IngressRuntimeConfig;
}

/** The enqueuer's configuration: the ingress's rules, plus the received check when granted. */
export function enqueueConfigOf(target: EnqueueTarget, allowReceivedCheck: boolean): EnqueueRuntimeConfig {
  const c = target.ingressConfig;
  return {
    queueUrl: c.queueUrl,
    maxBodyBytes: c.maxBodyBytes,
    eventIdHeaders: c.eventIdHeaders,
    eventIdJsonPointer: c.eventIdJsonPointer,
    eventIdJsonPointers: c.eventIdJsonPointers,
    messageGroupIdJsonPointer: c.messageGroupIdJsonPointer,
    requiredJsonPointers: c.requiredJsonPointers,
    maxJsonDepth: c.maxJsonDepth,
    maxJsonElements: c.maxJsonElements,
    // What the ingress filters out, a producer does not enqueue either (createEnqueuer answers FILTERED).
    ...(c.ingressFilters === undefined ? {} : { ingressFilters: c.ingressFilters }),
    receivedCheck: allowReceivedCheck ? { tableName: target.table.tableName, eventKeyPrefix: target.eventKeyPrefix } : undefined,
  };
}

/** SendMessage on the queue (and its key), GetItem on this pipeline's records when asked; the configuration on a Lambda function. */
export function grantEnqueueTo(target: EnqueueTarget, grantee: iam.IGrantable, options: EnqueueGrantOptions): void {
  const allowReceivedCheck = options.allowReceivedCheck ?? false;
  target.queue.grantSendMessages(grantee);
  if (allowReceivedCheck) {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:GetItem'],
      resourceArns: [target.table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${target.eventKeyPrefix}*`] } },
    });
    target.table.encryptionKey?.grantDecrypt(grantee);
  }
  if (grantee instanceof lambda.Function) {
    grantee.addEnvironment(ENQUEUE_CONFIG_ENV, Stack.of(grantee).toJsonString(enqueueConfigOf(target, allowReceivedCheck)));
  }
}
