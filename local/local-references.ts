/*
 * The local counterpart of each CloudFormation reference in the handlers' configuration: the
 * pipeline's queues, its table, its secret and its processor; a reference to anything else stops
 * the start with its name (a template the local pipeline does not know how to run).
 */
import { LOCAL_AWS } from './emulators';
import { CfnTemplate, PipelineSettings, ReferenceResolver, resourceType } from './template-settings';

export const LOCAL_ACCOUNT = '000000000000';

export interface LocalResources {
  readonly name: string;
  readonly table: string;
  readonly processor: string;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly deadLetterQueueUrl: string;
  readonly deadLetterQueueArn: string;
  /** The archive's bucket and delivery stream (see localArchiveNames). */
  readonly archiveBucket: string;
  readonly archiveDeliveryStream: string;
}

const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Region': LOCAL_AWS.region,
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
};

export function localReferenceResolver(template: CfnTemplate, settings: PipelineSettings, local: LocalResources): ReferenceResolver {
  return (logicalId, attribute) => {
    if (PSEUDO_PARAMETERS[logicalId]) return PSEUDO_PARAMETERS[logicalId];
    const type = resourceType(template, logicalId);
    const isArn = attribute === 'Arn';
    if (logicalId === settings.queueId) return isArn ? local.queueArn : local.queueUrl;
    if (logicalId === settings.deadLetterQueueId) return isArn ? local.deadLetterQueueArn : local.deadLetterQueueUrl;
    switch (type) {
      case 'AWS::DynamoDB::Table':
        return isArn ? `arn:aws:dynamodb:${LOCAL_AWS.region}:${LOCAL_ACCOUNT}:table/${local.table}` : local.table;
      case 'AWS::SecretsManager::Secret':
        return `arn:aws:secretsmanager:${LOCAL_AWS.region}:${LOCAL_ACCOUNT}:secret:${local.name}-${logicalId}`;
      case 'AWS::KinesisFirehose::DeliveryStream':
        return isArn ? `arn:aws:firehose:${LOCAL_AWS.region}:${LOCAL_ACCOUNT}:deliverystream/${local.archiveDeliveryStream}` : local.archiveDeliveryStream;
      case 'AWS::S3::Bucket':
        return isArn ? `arn:aws:s3:::${local.archiveBucket}` : local.archiveBucket;
      case 'AWS::Lambda::Function':
      case 'AWS::Lambda::Alias':
        return local.processor;
      default:
        throw new Error(`Cannot run this template locally: the handlers' configuration refers to ${logicalId} (${type}), which has no local counterpart.`);
    }
  };
}
