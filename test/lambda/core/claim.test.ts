import {
  buildClaimUpdate, buildCompleteUpdate, buildFailUpdate, ClaimDecision, decideClaim, eventKey, IdempotencyRecord,
  remainingLeaseSeconds,
} from '../../../src/runtime/core/claim';

const NOW_MS = 1_800_000_000_000;
const NOW_S = NOW_MS / 1000;

describe('decideClaim', () => {
  const cases: Array<[string, IdempotencyRecord | undefined, ClaimDecision]> = [
    ['no record', undefined, 'CLAIMABLE'],
    ['COMPLETED, TTL expired (TTL deletes lazily)', { status: 'COMPLETED', expiresAt: NOW_S - 1 }, 'CLAIMABLE'],
    ['COMPLETED, TTL ends this very second', { status: 'COMPLETED', expiresAt: NOW_S }, 'DUPLICATE_COMPLETED'],
    ['COMPLETED, TTL live', { status: 'COMPLETED', expiresAt: NOW_S + 3600 }, 'DUPLICATE_COMPLETED'],
    ['FAILED', { status: 'FAILED', expiresAt: NOW_S + 3600, attempts: 1 }, 'CLAIMABLE'],
    ['IN_PROGRESS, live lease', { status: 'IN_PROGRESS', leaseExpiresAt: NOW_MS + 1, expiresAt: NOW_S + 3600 }, 'HELD_BY_LIVE_LEASE'],
    ['IN_PROGRESS, lease ends now', { status: 'IN_PROGRESS', leaseExpiresAt: NOW_MS, expiresAt: NOW_S + 3600 }, 'HELD_BY_LIVE_LEASE'],
    ['IN_PROGRESS, lease expired', { status: 'IN_PROGRESS', leaseExpiresAt: NOW_MS - 1, expiresAt: NOW_S + 3600 }, 'CLAIMABLE'],
    ['IN_PROGRESS, live lease but TTL expired', { status: 'IN_PROGRESS', leaseExpiresAt: NOW_MS + 60_000, expiresAt: NOW_S - 10 }, 'CLAIMABLE'],
    ['IN_PROGRESS without a lease', { status: 'IN_PROGRESS', expiresAt: NOW_S + 3600 }, 'HELD_BY_LIVE_LEASE'],
    ['unknown status', { status: 'SOMETHING_NEW', expiresAt: NOW_S + 3600 }, 'HELD_BY_LIVE_LEASE'],
    ['IN_PROGRESS under the caller\'s own live lease (its claim write landed, the answer was lost)',
      { status: 'IN_PROGRESS', leaseOwner: 'me', leaseExpiresAt: NOW_MS + 60_000, expiresAt: NOW_S + 3600 }, 'OWN_CLAIM'],
    ['IN_PROGRESS under someone else\'s live lease', { status: 'IN_PROGRESS', leaseOwner: 'other', leaseExpiresAt: NOW_MS + 60_000, expiresAt: NOW_S + 3600 }, 'HELD_BY_LIVE_LEASE'],
    ['COMPLETED by the caller: still a duplicate', { status: 'COMPLETED', releasedBy: 'me', expiresAt: NOW_S + 3600 }, 'DUPLICATE_COMPLETED'],
  ];

  test.each(cases)('%s', (_name, record, expected) => {
    // Prepare
    const now = () => NOW_MS;

    // Act
    const decision = decideClaim(record, now(), 'me');

    // Assess
    expect(decision).toBe(expected);
  });
});

describe('remainingLeaseSeconds', () => {
  test.each([
    [NOW_MS + 2_500, 3],
    [NOW_MS + 1_000, 1],
    [NOW_MS - 5_000, 0],
  ])('lease ending at %d leaves %d s', (leaseExpiresAt, expected) => {
    // Prepare
    const record: IdempotencyRecord = { status: 'IN_PROGRESS', leaseExpiresAt };

    // Act
    const seconds = remainingLeaseSeconds(record, NOW_MS);

    // Assess
    expect(seconds).toBe(expected);
  });

  test('no lease, no delay', () => {
    // Prepare // Act
    const seconds = remainingLeaseSeconds({ status: 'IN_PROGRESS' }, NOW_MS);

    // Assess
    expect(seconds).toBeUndefined();
  });
});

describe('expression builders', () => {
  test('the claim writes the lease, counts the attempt and refreshes the TTL in epoch seconds', () => {
    // Prepare
    const params = { leaseOwner: 'req-1:msg-1', messageGroupId: 'g1', nowMs: NOW_MS + 999, leaseExpiresAt: NOW_MS + 30_000, ttlSeconds: 86_400 };

    // Act
    const spec = buildClaimUpdate(params);

    // Assess
    expect(spec.values).toMatchObject({
      ':owner': 'req-1:msg-1',
      ':leaseExpiresAt': NOW_MS + 30_000,
      ':messageGroupId': 'g1',
      ':nowMs': NOW_MS + 999,
      ':nowSeconds': NOW_S,
      ':expiresAt': NOW_S + 86_400,
    });
    expect(spec.updateExpression).toContain('#attempts = if_not_exists(#attempts, :zero) + :one');
    expect(spec.conditionExpression).toBe('attribute_not_exists(#pk) OR #expiresAt < :nowSeconds OR #status = :failed '
      + 'OR (#status = :inProgress AND #leaseExpiresAt < :nowMs)');
    expect(spec.names).toMatchObject({ '#pk': 'pk', '#expiresAt': 'expiresAt' });
  });

  test('every placeholder used is defined, and every one defined is used', () => {
    // Prepare
    const release = { leaseOwner: 'o', nowMs: NOW_MS, ttlSeconds: 60 };
    const specs = [
      buildClaimUpdate({ ...release, messageGroupId: 'g', leaseExpiresAt: NOW_MS }),
      buildCompleteUpdate(release),
      buildFailUpdate({ ...release, errorClass: 'Boom' }),
    ];

    for (const spec of specs) {
      // Act
      const text = `${spec.updateExpression} ${spec.conditionExpression}`;
      const usedNames = new Set(text.match(/#\w+/g));
      const usedValues = new Set(text.match(/:\w+/g));

      // Assess
      expect(new Set(Object.keys(spec.names))).toEqual(usedNames);
      expect(new Set(Object.keys(spec.values))).toEqual(usedValues);
    }
  });

  test('complete and fail are conditional on the lease owner and drop the lease', () => {
    // Prepare
    const release = { leaseOwner: 'req-1:msg-1', nowMs: NOW_MS, ttlSeconds: 60 };

    // Act
    const complete = buildCompleteUpdate(release);
    const fail = buildFailUpdate({ ...release, errorClass: 'RetryLater' });

    // Assess
    for (const spec of [complete, fail]) {
      expect(spec.conditionExpression).toBe('#leaseOwner = :owner');
      expect(spec.values[':owner']).toBe('req-1:msg-1');
      expect(spec.updateExpression).toMatch(/REMOVE #leaseOwner, #leaseExpiresAt$/);
      expect(spec.values[':expiresAt']).toBe(NOW_S + 60);
    }
    expect(complete.values[':completed']).toBe('COMPLETED');
    expect(fail.values).toMatchObject({ ':failed': 'FAILED', ':errorClass': 'RetryLater' });
  });

  test('event keys carry the event# prefix', () => {
    // Prepare // Act // Assess
    expect(eventKey('abc')).toBe('event#abc');
  });
});
