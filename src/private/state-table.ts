import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_PARTITION_KEY, TABLE_TTL_ATTRIBUTE } from './runtime-contract';

/** Creates the idempotency/state table, or checks the key schema the caller asked for. */
export function createStateTable(
  scope: Construct,
  id: string,
  tableProps: dynamodb.TableProps | undefined,
  removalPolicy: RemovalPolicy,
): dynamodb.Table {
  if (tableProps) {
    const key = tableProps.partitionKey;
    if (key && (key.name !== TABLE_PARTITION_KEY || key.type !== dynamodb.AttributeType.STRING)) {
      throw new Error(
        `tableProps.partitionKey must be { name: '${TABLE_PARTITION_KEY}', type: AttributeType.STRING }: the handlers read and write that key. Got '${key.name}'.`,
      );
    }
    if (tableProps.sortKey) {
      throw new Error('tableProps.sortKey must not be set: the state table has a partition key only. Remove sortKey.');
    }
    if (tableProps.timeToLiveAttribute !== undefined && tableProps.timeToLiveAttribute !== TABLE_TTL_ATTRIBUTE) {
      throw new Error(`tableProps.timeToLiveAttribute must be '${TABLE_TTL_ATTRIBUTE}' (the attribute the handlers set); got '${tableProps.timeToLiveAttribute}'.`);
    }
  }
  return new dynamodb.Table(scope, id, {
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy,
    ...tableProps,
    partitionKey: { name: TABLE_PARTITION_KEY, type: dynamodb.AttributeType.STRING },
    timeToLiveAttribute: TABLE_TTL_ATTRIBUTE,
  });
}
