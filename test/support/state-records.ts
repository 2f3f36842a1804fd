import { AttributeValue, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { EVENT_KEY_PREFIX } from '../../src/contract';

/** The idempotency record of `eventId` in `table` as DynamoDB stores it (a consistent read), or undefined. */
export async function storedItem(
  client: DynamoDBClient, table: string, eventId: string, keyPrefix: string = EVENT_KEY_PREFIX,
): Promise<Record<string, AttributeValue> | undefined> {
  const output = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: keyPrefix + eventId } }, ConsistentRead: true }));
  return output.Item;
}
