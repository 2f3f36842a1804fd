import { TokenBucket } from '../../local/token-bucket';

describe('TokenBucket (API Gateway stage throttling)', () => {
  test.each([
    // rate, burst, ms between requests, requests, expected admitted
    [10, 20, 0, 25, 20],
    [10, 20, 100, 25, 25],
    [10, 20, 50, 40, 39],
    [1, 1, 0, 3, 1],
  ])('rate %d, burst %d, a request every %d ms: %d requests → %d admitted', (rate, burst, gapMs, requests, admitted) => {
    // Prepare
    let now = 1_000_000;
    const bucket = new TokenBucket(rate, burst, () => now);

    // Act
    let count = 0;
    for (let i = 0; i < requests; i++) {
      if (bucket.tryTake()) count++;
      now += gapMs;
    }

    // Assess
    expect(count).toBe(admitted);
  });

  test('refills no further than the burst', () => {
    // Prepare
    let now = 0;
    const bucket = new TokenBucket(100, 5, () => now);
    now += 60_000;

    // Act
    const admitted = Array.from({ length: 10 }, () => bucket.tryTake()).filter(Boolean).length;

    // Assess
    expect(admitted).toBe(5);
  });
});
