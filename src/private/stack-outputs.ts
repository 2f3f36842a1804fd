import { CfnOutput, Fn } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { STACK_OUTPUT_IDS } from '../contract';

export interface PipelineOutputValues {
  readonly webhookUrl: string;
  readonly table: dynamodb.ITable;
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
  /** The pipeline's idempotency key prefix: what the CLI puts before an event id. */
  readonly eventKeyPrefix: string;
  readonly ingressLogGroup: logs.ILogGroup;
  readonly workerLogGroup: logs.ILogGroup;
  /** The worker's SQS event source mapping (UUID). */
  readonly workerEventSourceMappingId: string;
  /** The alarms `pause` silences (none when alarms are off). */
  readonly backlogAlarms: readonly cloudwatch.IAlarm[];
  /** The event archive (absent when `archive` is false). */
  readonly archiveBucket?: s3.IBucket;
}

/** For `ack-fast-webhook --outputs cdk-outputs.json` (cdk deploy --outputs-file) and the console. */
export function createStackOutputs(scope: Construct, values: PipelineOutputValues): void {
  new CfnOutput(scope, STACK_OUTPUT_IDS.webhookUrl, { value: values.webhookUrl, description: 'Webhook URL to give the provider' });
  new CfnOutput(scope, STACK_OUTPUT_IDS.tableName, { value: values.table.tableName, description: 'State table (status, replay)' });
  new CfnOutput(scope, STACK_OUTPUT_IDS.queueUrl, { value: values.queue.queueUrl, description: 'FIFO queue (redrive target)' });
  new CfnOutput(scope, STACK_OUTPUT_IDS.deadLetterQueueUrl, { value: values.deadLetterQueue.queueUrl, description: 'Dead-letter queue (redrive source)' });
  if (values.archiveBucket) {
    new CfnOutput(scope, STACK_OUTPUT_IDS.archiveBucketName, { value: values.archiveBucket.bucketName, description: 'Event archive bucket (replay --from/--to)' });
  }
  new CfnOutput(scope, STACK_OUTPUT_IDS.eventKeyPrefix, { value: values.eventKeyPrefix, description: 'Idempotency key prefix in the state table (status, replay)' });
  new CfnOutput(scope, STACK_OUTPUT_IDS.ingressLogGroupName, { value: values.ingressLogGroup.logGroupName, description: 'Ingress audit log (status links its saved query)' });
  new CfnOutput(scope, STACK_OUTPUT_IDS.workerLogGroupName, { value: values.workerLogGroup.logGroupName, description: 'Worker audit log (status links its saved query)' });
  new CfnOutput(scope, STACK_OUTPUT_IDS.workerEventSourceMappingId, {
    value: values.workerEventSourceMappingId, description: 'Worker\'s SQS event source mapping (pause, resume, status)',
  });
  if (values.backlogAlarms.length > 0) {
    new CfnOutput(scope, STACK_OUTPUT_IDS.backlogAlarmNames, {
      value: Fn.join(',', values.backlogAlarms.map((alarm) => alarm.alarmName)), description: 'Alarms whose actions pause disables and resume enables',
    });
  }
}
