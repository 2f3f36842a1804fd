/*
 * A sweep's cursor: one item in the pipeline's state table (`sweep#<namespace>#<sweep>`), holding
 * the end of the last fully swept window (the high-water mark), the window in progress with the
 * source's page token (so an interrupted run resumes where it stopped), and a lease, so two runs
 * (a slow one and the next schedule, or a retried invocation) never sweep at once.
 *
 * Only GetItem-free UpdateItem calls, each conditional: the claim takes the lease if it is free or
 * expired and returns the state; every later write requires this run's lease.
 */
import { randomUUID } from 'node:crypto';
// Not a dependency of the library: the Lambda Node.js runtime provides SDK v3.
// eslint-disable-next-line import/no-extraneous-dependencies
import { AttributeValue, DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { SWEEP_CURSOR_ATTRIBUTE } from '../../contract';

/** A window of update times, [fromMs, untilMs), and where its listing stopped. */
export interface SweepWindowState {
  readonly fromMs: number;
  readonly untilMs: number;
  /** The source's token of the next page to read; absent: the first page. */
  readonly pageToken?: string;
}

export interface SweepState {
  /** Everything updated before this (epoch ms) has been swept; absent before the first window completes. */
  readonly coveredUntilMs?: number;
  readonly window?: SweepWindowState;
}

export interface SweepCursorStore {
  /** The state, with this run's lease taken; undefined when another run holds a live lease. */
  claim(nowMs: number): Promise<SweepState | undefined>;
  /** Writes the state; false when this run no longer holds the lease (it must stop). */
  save(state: SweepState, nowMs: number): Promise<boolean>;
  /** Gives the lease up (best effort: it expires anyway). */
  release(): Promise<void>;
}

export interface DynamoDbSweepCursorOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly cursorKey: string;
  /** How long a run holds the lease: at least the function's timeout. */
  readonly leaseSeconds: number;
  /** How long the item lives after its last write. */
  readonly ttlSeconds: number;
}

const A = SWEEP_CURSOR_ATTRIBUTE;
const NAMES = {
  '#pk': A.key,
  '#owner': A.leaseOwner,
  '#leaseUntil': A.leaseUntil,
  '#expiresAt': A.expiresAt,
};

function conditionFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

function numberOf(value: AttributeValue | undefined): number | undefined {
  const n = value?.N === undefined ? NaN : Number(value.N);
  return Number.isFinite(n) ? n : undefined;
}

export function stateFromItem(item: Record<string, AttributeValue> | undefined): SweepState {
  const fromMs = numberOf(item?.[A.windowFrom]);
  const untilMs = numberOf(item?.[A.windowUntil]);
  const window = fromMs !== undefined && untilMs !== undefined
    ? { fromMs, untilMs, ...(item?.[A.pageToken]?.S !== undefined ? { pageToken: item[A.pageToken].S } : {}) } : undefined;
  return { coveredUntilMs: numberOf(item?.[A.coveredUntil]), ...(window ? { window } : {}) };
}

export class DynamoDbSweepCursor implements SweepCursorStore {
  private readonly owner = randomUUID();

  constructor(private readonly options: DynamoDbSweepCursorOptions) {}

  public async claim(nowMs: number): Promise<SweepState | undefined> {
    try {
      const output = await this.update({
        UpdateExpression: 'SET #owner = :owner, #leaseUntil = :leaseUntil, #expiresAt = :expiresAt',
        ConditionExpression: 'attribute_not_exists(#pk) OR attribute_not_exists(#leaseUntil) OR #leaseUntil < :now',
        ExpressionAttributeValues: { ':owner': { S: this.owner }, ':leaseUntil': this.ms(nowMs + this.options.leaseSeconds * 1000), ':now': this.ms(nowMs), ...this.expiry(nowMs) },
        ReturnValues: 'ALL_NEW',
      });
      return stateFromItem(output.Attributes);
    } catch (error) {
      if (conditionFailed(error)) return undefined;
      throw error;
    }
  }

  public async save(state: SweepState, nowMs: number): Promise<boolean> {
    const values: Record<string, AttributeValue> = { ':owner': { S: this.owner }, ...this.expiry(nowMs) };
    const names: Record<string, string> = { ...NAMES, '#coveredUntil': A.coveredUntil, '#windowFrom': A.windowFrom, '#windowUntil': A.windowUntil, '#pageToken': A.pageToken };
    const set = ['#expiresAt = :expiresAt'];
    const remove: string[] = [];
    if (state.coveredUntilMs !== undefined) {
      set.push('#coveredUntil = :coveredUntil');
      values[':coveredUntil'] = this.ms(state.coveredUntilMs);
    }
    if (state.window) {
      set.push('#windowFrom = :windowFrom', '#windowUntil = :windowUntil');
      values[':windowFrom'] = this.ms(state.window.fromMs);
      values[':windowUntil'] = this.ms(state.window.untilMs);
    } else {
      remove.push('#windowFrom', '#windowUntil');
    }
    if (state.window?.pageToken !== undefined) {
      set.push('#pageToken = :pageToken');
      values[':pageToken'] = { S: state.window.pageToken };
    } else {
      remove.push('#pageToken');
    }
    try {
      await this.update({
        UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      });
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  public async release(): Promise<void> {
    try {
      await this.update({
        UpdateExpression: 'REMOVE #owner, #leaseUntil',
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeValues: { ':owner': { S: this.owner } },
      });
    } catch (error) {
      if (!conditionFailed(error)) throw error;
    }
  }

  private ms(value: number): AttributeValue {
    return { N: String(Math.floor(value)) };
  }

  private expiry(nowMs: number): Record<string, AttributeValue> {
    return { ':expiresAt': { N: String(Math.ceil(nowMs / 1000) + this.options.ttlSeconds) } };
  }

  private async update(input: {
    UpdateExpression: string;
    ConditionExpression: string;
    ExpressionAttributeValues: Record<string, AttributeValue>;
    ExpressionAttributeNames?: Record<string, string>;
    ReturnValues?: 'ALL_NEW';
  }) {
    const names = input.ExpressionAttributeNames ?? NAMES;
    // DynamoDB refuses names the expressions do not use.
    const used = Object.fromEntries(Object.entries(names).filter(([name]) => `${input.UpdateExpression} ${input.ConditionExpression}`.includes(name)));
    return this.options.client.send(new UpdateItemCommand({
      TableName: this.options.tableName,
      Key: { [A.key]: { S: this.options.cursorKey } },
      ...input,
      ExpressionAttributeNames: used,
    }));
  }
}
