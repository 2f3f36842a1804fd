import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_PARTITION_KEY, TABLE_TTL_ATTRIBUTE } from '../contract';

/** Creates the idempotency/state table (validateTableProps has checked `tableProps`). */
export function createStateTable(
  scope: Construct,
  id: string,
  tableProps: dynamodb.TableProps | undefined,
  removalPolicy: RemovalPolicy,
): dynamodb.Table {
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
