import { batchItemFailures, groupInOrder, RecordResult, runFifoBatch } from '../../../src/runtime/core/batch-failures';

interface TestRecord {
  readonly messageId: string;
  readonly messageGroupId: string;
}

const ok: RecordResult = { kind: 'ok' };
const failed: RecordResult = { kind: 'failed' };
const deferred = (retryAfterSeconds: number): RecordResult => ({ kind: 'failed', retryAfterSeconds });

function records(groups: string[]): TestRecord[] {
  return groups.map((messageGroupId, index) => ({ messageId: `m${index + 1}`, messageGroupId }));
}

describe('runFifoBatch', () => {
  const cases: Array<{
    name: string;
    groups: string[];
    results: Record<string, RecordResult>;
    expectedFailed: string[];
    expectedRun: string[];
  }> = [
    {
      name: 'all succeed',
      groups: ['g1', 'g1', 'g2'],
      results: {},
      expectedFailed: [],
      expectedRun: ['m1', 'm2', 'm3'],
    },
    {
      name: 'interleaved: g1 fails at record 2, its records 3 and 5 are failed unrun, g2 goes on',
      groups: ['g1', 'g1', 'g1', 'g2', 'g1', 'g2'],
      results: { m2: failed },
      expectedFailed: ['m2', 'm3', 'm5'],
      expectedRun: ['m1', 'm2', 'm4', 'm6'],
    },
    {
      name: 'first record of a group fails',
      groups: ['g1', 'g2', 'g1'],
      results: { m1: deferred(5) },
      expectedFailed: ['m1', 'm3'],
      expectedRun: ['m1', 'm2'],
    },
    {
      name: 'last record of a group fails: nothing after it',
      groups: ['g1', 'g1', 'g2'],
      results: { m2: failed, m3: failed },
      expectedFailed: ['m2', 'm3'],
      expectedRun: ['m1', 'm2', 'm3'],
    },
    {
      name: 'failures in two groups are independent',
      groups: ['g1', 'g2', 'g1', 'g2', 'g3'],
      results: { m1: failed, m4: failed },
      expectedFailed: ['m1', 'm3', 'm4'],
      expectedRun: ['m1', 'm2', 'm4', 'm5'],
    },
  ];

  test.each(cases)('$name', async ({ groups, results, expectedFailed, expectedRun }) => {
    // Prepare
    const batch = records(groups);
    const run: string[] = [];
    const skipped: string[] = [];

    // Act
    const outcomes = await runFifoBatch(batch, async (record) => {
      run.push(record.messageId);
      return results[record.messageId] ?? ok;
    }, (record) => skipped.push(record.messageId));

    // Assess
    expect(batchItemFailures(outcomes).map((f) => f.itemIdentifier)).toEqual(expectedFailed);
    expect([...run].sort()).toEqual(expectedRun);
    expect(outcomes.map((o) => o.record.messageId)).toEqual(batch.map((r) => r.messageId));
    expect(skipped.sort()).toEqual(expectedFailed.filter((id) => !expectedRun.includes(id)));
  });

  test('records of a group run one after another, in order', async () => {
    // Prepare
    const batch = records(['g1', 'g2', 'g1', 'g2', 'g1']);
    const active = new Set<string>();
    const orderByGroup: Record<string, string[]> = {};
    let overlapWithinGroup = false;

    // Act
    await runFifoBatch(batch, async (record) => {
      if (active.has(record.messageGroupId)) overlapWithinGroup = true;
      active.add(record.messageGroupId);
      (orderByGroup[record.messageGroupId] ??= []).push(record.messageId);
      await new Promise((resolve) => setTimeout(resolve, 5));
      active.delete(record.messageGroupId);
      return ok;
    });

    // Assess
    expect(overlapWithinGroup).toBe(false);
    expect(orderByGroup).toEqual({ g1: ['m1', 'm3', 'm5'], g2: ['m2', 'm4'] });
  });

  test('skipped records inherit the delay of the deferred record of their group', async () => {
    // Prepare
    const batch = records(['g1', 'g1', 'g2', 'g1']);

    // Act
    const outcomes = await runFifoBatch(batch, async (record) => (record.messageId === 'm1' ? deferred(7) : ok));

    // Assess
    expect(outcomes.map((o) => o.result)).toEqual([
      deferred(7),
      { kind: 'skipped', retryAfterSeconds: 7 },
      ok,
      { kind: 'skipped', retryAfterSeconds: 7 },
    ]);
  });

  test('a handler that throws fails its record and its group only', async () => {
    // Prepare
    const batch = records(['g1', 'g1', 'g2']);

    // Act
    const outcomes = await runFifoBatch(batch, async (record) => {
      if (record.messageId === 'm1') throw new Error('boom');
      return ok;
    });

    // Assess
    expect(batchItemFailures(outcomes).map((f) => f.itemIdentifier)).toEqual(['m1', 'm2']);
  });
});

describe('groupInOrder', () => {
  test('keeps first-seen group order and record order within groups', () => {
    // Prepare
    const batch = records(['b', 'a', 'b', 'c', 'a']);

    // Act
    const groups = groupInOrder(batch).map((group) => group.map((r) => r.messageId));

    // Assess
    expect(groups).toEqual([['m1', 'm3'], ['m2', 'm5'], ['m4']]);
  });
});
