import { Duration, RemovalPolicy } from 'aws-cdk-lib';
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
 */
export function createWebhookQueues(scope: Construct, options: WebhookQueuesOptions): WebhookQueues {
  const common = {
    fifo: true,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    deduplicationScope: sqs.DeduplicationScope.MESSAGE_GROUP,
    fifoThroughputLimit: sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
    removalPolicy: options.removalPolicy,
    // Explicit, so the queues follow the ingress's body limit instead of the service default.
    maxMessageSizeBytes: options.maxMessageSizeBytes,
  };
  const deadLetterQueue = new sqs.Queue(scope, 'DeadLetterQueue', {
    ...common,
    retentionPeriod: options.deadLetterRetentionPeriod,
  });
  const queue = new sqs.Queue(scope, 'Queue', {
    ...common,
    contentBasedDeduplication: false,
    visibilityTimeout: options.visibilityTimeout,
    retentionPeriod: options.retentionPeriod,
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: options.maxReceiveCount },
  });
  return { queue, deadLetterQueue };
}
