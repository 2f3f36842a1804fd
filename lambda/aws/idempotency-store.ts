/*
 * The idempotency records in the state table, through the low-level DynamoDB client (no
 * lib-dynamodb: the bundle stays small and the attribute types stay explicit).
 */
import {
  AttributeValue, ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { EVENT_KEY_PREFIX, TABLE_PARTITION_KEY, TABLE_TTL_ATTRIBUTE } from '../../src/private/runtime-contract';
import {
  buildClaimUpdate, buildCompleteUpdate, buildFailUpdate, ClaimParams, decideClaim, eventKey, IdempotencyRecord,
  ReleaseParams, UpdateSpec,
} from '../core/claim';

export type ClaimResult =
  | { readonly kind: 'CLAIMED'; readonly attempt: number }
  | { readonly kind: 'DUPLICATE_COMPLETED' }
  | { readonly kind: 'HELD_BY_LIVE_LEASE'; readonly record?: IdempotencyRecord }
  /** The claim was refused but the record read back is claimable: another worker just moved it. */
  | { readonly kind: 'CONTENDED' };

export interface IdempotencyStore {
  claim(eventId: string, params: ClaimParams): Promise<ClaimResult>;
  /** false when the lease was lost (another worker reclaimed the event). */
  complete(eventId: string, params: ReleaseParams): Promise<boolean>;
  /** false when the lease was lost. */
  fail(eventId: string, params: ReleaseParams & { readonly errorClass: string }): Promise<boolean>;
}

function marshal(values: UpdateSpec['values']): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [
    key,
    typeof value === 'number' ? { N: String(value) } : { S: value },
  ]));
}

function numberOf(value: AttributeValue | undefined): number | undefined {
  return value?.N === undefined ? undefined : Number(value.N);
}

export function recordFromItem(item: Record<string, AttributeValue>): IdempotencyRecord {
  return {
    status: item.status?.S,
    leaseOwner: item.leaseOwner?.S,
    leaseExpiresAt: numberOf(item.leaseExpiresAt),
    attempts: numberOf(item.attempts),
    expiresAt: numberOf(item[TABLE_TTL_ATTRIBUTE]),
  };
}

export class DynamoIdempotencyStore implements IdempotencyStore {
  /** `keyPrefix`: the pipeline's idempotency key prefix (WorkerRuntimeConfig.eventKeyPrefix). */
  constructor(private readonly client: DynamoDBClient, private readonly tableName: string, private readonly keyPrefix: string = EVENT_KEY_PREFIX) {}

  public async claim(eventId: string, params: ClaimParams): Promise<ClaimResult> {
    try {
      const output = await this.update(eventId, buildClaimUpdate(params), true);
      return { kind: 'CLAIMED', attempt: numberOf(output?.attempts) ?? 1 };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // DynamoDB returns the blocking item (ALL_OLD); emulators may not, so read it back then.
      const record = error.Item ? recordFromItem(error.Item) : await this.read(eventId);
      switch (decideClaim(record, params.nowMs)) {
        case 'DUPLICATE_COMPLETED': return { kind: 'DUPLICATE_COMPLETED' };
        case 'HELD_BY_LIVE_LEASE': return { kind: 'HELD_BY_LIVE_LEASE', record };
        case 'CLAIMABLE': return { kind: 'CONTENDED' };
      }
    }
  }

  public async complete(eventId: string, params: ReleaseParams): Promise<boolean> {
    return this.release(eventId, buildCompleteUpdate(params));
  }

  public async fail(eventId: string, params: ReleaseParams & { readonly errorClass: string }): Promise<boolean> {
    return this.release(eventId, buildFailUpdate(params));
  }

  private async release(eventId: string, spec: UpdateSpec): Promise<boolean> {
    try {
      await this.update(eventId, spec, false);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async update(eventId: string, spec: UpdateSpec, returnNew: boolean) {
    const output = await this.client.send(new UpdateItemCommand({
      TableName: this.tableName,
      Key: { [TABLE_PARTITION_KEY]: { S: eventKey(eventId, this.keyPrefix) } },
      UpdateExpression: spec.updateExpression,
      ConditionExpression: spec.conditionExpression,
      ExpressionAttributeNames: spec.names,
      ExpressionAttributeValues: marshal(spec.values),
      ReturnValues: returnNew ? 'ALL_NEW' : 'NONE',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    }));
    return output.Attributes;
  }

  private async read(eventId: string): Promise<IdempotencyRecord | undefined> {
    const output = await this.client.send(new GetItemCommand({
      TableName: this.tableName,
      Key: { [TABLE_PARTITION_KEY]: { S: eventKey(eventId, this.keyPrefix) } },
      ConsistentRead: true,
    }));
    return output.Item ? recordFromItem(output.Item) : undefined;
  }
}
