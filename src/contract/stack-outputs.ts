/*
 * The stack outputs the construct emits and the CLI reads.
 *
 * Part of the contract between the construct (synth time), the handlers and the CLI (run time):
 * free of aws-cdk-lib and AWS SDK imports, names, shapes and limits only. Not exported from src/index.ts.
 */

/**
 * Ids of the stack outputs the construct emits (under its own scope, so the logical id is the
 * construct path + this id + a hash). The CLI's `--outputs` finds them by these suffixes.
 */
export const STACK_OUTPUT_IDS = {
  webhookUrl: 'WebhookUrl',
  tableName: 'StateTableName',
  queueUrl: 'QueueUrl',
  deadLetterQueueUrl: 'DeadLetterQueueUrl',
  eventKeyPrefix: 'EventKeyPrefix',
  ingressLogGroupName: 'IngressLogGroupName',
  workerLogGroupName: 'WorkerLogGroupName',
  workerEventSourceMappingId: 'WorkerEventSourceMappingId',
  backlogAlarmNames: 'BacklogAlarmNames',
  archiveBucketName: 'ArchiveBucketName',
} as const;
