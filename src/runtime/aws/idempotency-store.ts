/*
 * The idempotency records in the state table, through the low-level DynamoDB client (no
 * lib-dynamodb: the bundle stays small and the attribute types stay explicit).
 */
// Not a dependency of the library: the Lambda Node.js runtime provides SDK v3.
// eslint-disable-next-line import/no-extraneous-dependencies
import {
  AttributeValue, ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { EVENT_KEY_PREFIX, EVENT_STATUS, RECORD_ATTRIBUTE } from '../../contract';
import {
  buildClaimUpdate, buildCompleteUpdate, buildFailUpdate, buildHoldUpdate, ClaimDecision, ClaimParams, decideClaim, eventKey,
  IdempotencyRecord, isOwnRelease, ReleaseParams, UpdateSpec,
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
  /** Outcome unknown: keeps the lease until `holdUntilMs` (see buildHoldUpdate); false when the lease was lost. */
  hold(eventId: string, params: HoldParams): Promise<boolean>;
}

export type FailParams = ReleaseParams & { readonly errorClass: string };
export type HoldParams = FailParams & { readonly holdUntilMs: number };

function marshalValue(value: UpdateSpec['values'][string]): AttributeValue {
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'string') return { S: value };
  return { SS: [...value] };
}

function marshal(values: UpdateSpec['values']): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, marshalValue(value)]));
}

function numberOf(value: AttributeValue | undefined): number | undefined {
  return value?.N === undefined ? undefined : Number(value.N);
}

export function recordFromItem(item: Record<string, AttributeValue>): IdempotencyRecord {
  return {
    status: item[RECORD_ATTRIBUTE.status]?.S,
    leaseOwner: item[RECORD_ATTRIBUTE.leaseOwner]?.S,
    leaseExpiresAt: numberOf(item[RECORD_ATTRIBUTE.leaseExpiresAt]),
    attempts: numberOf(item[RECORD_ATTRIBUTE.attempts]),
    expiresAt: numberOf(item[RECORD_ATTRIBUTE.expiresAt]),
    releasedBy: item[RECORD_ATTRIBUTE.releasedBy]?.S,
    replayRuns: item[RECORD_ATTRIBUTE.replayRuns]?.SS,
    completedReplayRuns: item[RECORD_ATTRIBUTE.completedReplayRuns]?.SS,
  };
}

export class DynamoIdempotencyStore implements IdempotencyStore {
  /** `keyPrefix`: the pipeline's idempotency key prefix (WorkerRuntimeConfig.eventKeyPrefix). */
  constructor(private readonly client: DynamoDBClient, private readonly tableName: string, private readonly keyPrefix: string = EVENT_KEY_PREFIX) {}

  public async claim(eventId: string, params: ClaimParams): Promise<ClaimResult> {
    try {
      const output = await this.update(eventId, buildClaimUpdate(params), true);
      return { kind: 'CLAIMED', attempt: numberOf(output?.[RECORD_ATTRIBUTE.attempts]) ?? 1 };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const record = await this.blockingRecord(eventId, error);
      switch (this.decide(record, params)) {
        case 'OWN_CLAIM': return { kind: 'CLAIMED', attempt: record?.attempts ?? 1 };
        case 'DUPLICATE_COMPLETED': return { kind: 'DUPLICATE_COMPLETED' };
        case 'HELD_BY_LIVE_LEASE': return { kind: 'HELD_BY_LIVE_LEASE', record };
        case 'CLAIMABLE': return { kind: 'CONTENDED' };
      }
    }
  }

  public async complete(eventId: string, params: ReleaseParams): Promise<boolean> {
    return this.release(eventId, buildCompleteUpdate(params), (record) => isOwnRelease(record, EVENT_STATUS.completed, params.leaseOwner));
  }

  public async fail(eventId: string, params: FailParams): Promise<boolean> {
    return this.release(eventId, buildFailUpdate(params), (record) => isOwnRelease(record, EVENT_STATUS.failed, params.leaseOwner));
  }

  public async hold(eventId: string, params: HoldParams): Promise<boolean> {
    return this.release(eventId, buildHoldUpdate(params), () => false);
  }

  /** How a refused claim is classified; a test subclass switches the own-lease rule off as a negative control. */
  protected decide(record: IdempotencyRecord | undefined, params: ClaimParams): ClaimDecision {
    return decideClaim(record, params.nowMs, params.leaseOwner, params.replayRunId);
  }

  /** Whether a refused COMPLETED/FAILED write is checked for having landed already (switched off only by negative controls). */
  protected recognisesOwnWrites(): boolean {
    return true;
  }

  /** false: the lease was lost, unless the refusal shows this very write already landed (a retried request). */
  private async release(eventId: string, spec: UpdateSpec, landedBefore: (record: IdempotencyRecord | undefined) => boolean): Promise<boolean> {
    try {
      await this.update(eventId, spec, false);
      return true;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return this.recognisesOwnWrites() && landedBefore(await this.blockingRecord(eventId, error));
    }
  }

  /** DynamoDB returns the blocking item (ALL_OLD); emulators may not, so read it back then. */
  private async blockingRecord(eventId: string, error: ConditionalCheckFailedException): Promise<IdempotencyRecord | undefined> {
    return error.Item ? recordFromItem(error.Item) : this.read(eventId);
  }

  private async update(eventId: string, spec: UpdateSpec, returnNew: boolean) {
    const output = await this.client.send(new UpdateItemCommand({
      TableName: this.tableName,
      Key: { [RECORD_ATTRIBUTE.key]: { S: eventKey(eventId, this.keyPrefix) } },
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
      Key: { [RECORD_ATTRIBUTE.key]: { S: eventKey(eventId, this.keyPrefix) } },
      ConsistentRead: true,
    }));
    return output.Item ? recordFromItem(output.Item) : undefined;
  }
}
