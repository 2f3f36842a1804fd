import { Duration, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface WebhookQueuesOptions {
  readonly visibilityTimeout: Duration;
  readonly maxReceiveCount: number;
  readonly retentionPeriod: Duration;
  readonly deadLetterRetentionPeriod: Duration;
  /** Queued and dead-lettered events are data: they follow the pipeline's removal policy. */
  readonly removalPolicy: RemovalPolicy;
  /** The largest message (body + attributes) either queue accepts: the body limit plus the attributes' reserve. */
  readonly maxMessageSizeBytes: number;
  /** Customer managed key of both queues; undefined: SSE-SQS. */
  readonly encryptionKey?: kms.IKey;
}

export interface WebhookQueues {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
}

/**
 * The FIFO queue and its FIFO dead-letter queue.
 *
 * High-throughput FIFO (deduplication and throughput per message group) lets unrelated
 * groups scale past 300 calls/s; an event's group is derived from its body, so every
 * delivery of one event lands in one group and is still deduplicated.
 *
 * The DLQ's redrive allow policy names only this pipeline's queue, so no other queue can
 * dead-letter into it (and mix foreign messages into a redrive). That needs the queue's ARN before
 * the queue exists (the queue refers to the DLQ), so the queue gets a name derived from the
 * construct path, unique per stack, instead of a generated one.
 */
export function createWebhookQueues(scope: Construct, options: WebhookQueuesOptions): WebhookQueues {
  const common = {
    fifo: true,
    ...(options.encryptionKey
      ? { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: options.encryptionKey }
      : { encryption: sqs.QueueEncryption.SQS_MANAGED }),
    enforceSSL: true,
    deduplicationScope: sqs.DeduplicationScope.MESSAGE_GROUP,
    fifoThroughputLimit: sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
    removalPolicy: options.removalPolicy,
    // Explicit, so the queues follow the ingress's body limit instead of the service default.
    maxMessageSizeBytes: options.maxMessageSizeBytes,
  };
  // 64 + '-webhooks.fifo': within SQS's 80 characters.
  const queueName = `${Names.uniqueResourceName(scope, { maxLength: 64, separator: '-' })}-webhooks.fifo`;
  const queueArn = Stack.of(scope).formatArn({ service: 'sqs', resource: queueName });
  const deadLetterQueue = new sqs.Queue(scope, 'DeadLetterQueue', {
    ...common,
    retentionPeriod: options.deadLetterRetentionPeriod,
  });
  (deadLetterQueue.node.defaultChild as sqs.CfnQueue).redriveAllowPolicy = { redrivePermission: 'byQueue', sourceQueueArns: [queueArn] };
  const queue = new sqs.Queue(scope, 'Queue', {
    ...common,
    queueName,
    contentBasedDeduplication: false,
    visibilityTimeout: options.visibilityTimeout,
    retentionPeriod: options.retentionPeriod,
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: options.maxReceiveCount },
    // The pipeline's queue is no one's dead-letter queue.
    redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.DENY_ALL },
  });
  return { queue, deadLetterQueue };
}
