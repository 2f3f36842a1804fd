/*
 * The FIFO rule of a batch: within one message group records run in order, and once one fails
 * every later record of that group is failed too, without being run, so the group is never
 * processed out of order. Other groups go on.
 *
 * Groups run concurrently (their order is independent by definition of a FIFO group), at most
 * `groupConcurrency` at a time; records within a group run one after another. So one invocation
 * runs at most min(groupConcurrency, groups in the batch) records at once.
 */

export type RecordResult =
  | { readonly kind: 'ok' }
  /** retryAfterSeconds: make the message visible again after this delay; absent: the queue's own timeout. */
  | { readonly kind: 'failed'; readonly retryAfterSeconds?: number }
  /** Not run because an earlier record of its group failed; inherits that record's delay. */
  | { readonly kind: 'skipped'; readonly retryAfterSeconds?: number };

export interface BatchRecordRef {
  readonly messageId: string;
  readonly messageGroupId: string;
}

export interface BatchRecordOutcome<R extends BatchRecordRef> {
  readonly record: R;
  readonly result: RecordResult;
}

/** Splits records by group, keeping their order within each group and the groups' first-seen order. */
export function groupInOrder<R extends BatchRecordRef>(records: readonly R[]): R[][] {
  const groups = new Map<string, R[]>();
  for (const record of records) {
    const group = groups.get(record.messageGroupId);
    if (group) group.push(record);
    else groups.set(record.messageGroupId, [record]);
  }
  return [...groups.values()];
}

/** Runs `task` for every item, at most `limit` at a time, in the items' order. */
async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}

/** Runs `handle` per record under the FIFO rule; outcomes come back in the records' order. */
export async function runFifoBatch<R extends BatchRecordRef>(
  records: readonly R[],
  handle: (record: R) => Promise<RecordResult>,
  onSkipped: (record: R) => void = () => undefined,
  groupConcurrency: number = Number.POSITIVE_INFINITY,
): Promise<Array<BatchRecordOutcome<R>>> {
  const results = new Map<R, RecordResult>();
  await forEachLimited(groupInOrder(records), groupConcurrency, async (group) => {
    let failure: Exclude<RecordResult, { kind: 'ok' }> | undefined;
    for (const record of group) {
      if (failure) {
        results.set(record, { kind: 'skipped', retryAfterSeconds: failure.retryAfterSeconds });
        onSkipped(record);
        continue;
      }
      // A handler that throws must not take the other groups down with it.
      const result = await handle(record).catch((): RecordResult => ({ kind: 'failed' }));
      results.set(record, result);
      if (result.kind !== 'ok') failure = result;
    }
  });
  return records.map((record) => ({ record, result: results.get(record)! }));
}

/** The messages the event source must not delete (the Lambda partial batch response). */
export function batchItemFailures(outcomes: ReadonlyArray<BatchRecordOutcome<BatchRecordRef>>): Array<{ itemIdentifier: string }> {
  return outcomes
    .filter((outcome) => outcome.result.kind !== 'ok')
    .map((outcome) => ({ itemIdentifier: outcome.record.messageId }));
}
