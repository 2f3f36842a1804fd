import { median, percentile, ratio, spread } from '../../bench/stats';

describe('bench statistics', () => {
  test.each([
    // values, p, nearest-rank percentile
    [[5], 50, 5],
    [[5], 99, 5],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 75, 3],
    [[1, 2, 3, 4], 100, 4],
    [[4, 3, 2, 1], 0, 1],
    [Array.from({ length: 100 }, (_, i) => 100 - i), 99, 99],
    [Array.from({ length: 400 }, (_, i) => i + 1), 99, 396],
  ])('percentile(%j, %d) is %d, a value really observed', (values, p, expected) => {
    // Act
    const result = percentile(values, p);

    // Assess
    expect(result).toBe(expected);
    expect(values).toContain(result);
  });

  test('median of an odd count is the middle value, of an even count the mean of the middle two', () => {
    // Assess
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  test('does not reorder the caller\'s array', () => {
    // Prepare
    const values = [3, 1, 2];

    // Act
    percentile(values, 50);
    median(values);

    // Assess
    expect(values).toEqual([3, 1, 2]);
  });

  test('spread reports median, extremes and the interquartile range relative to the median', () => {
    // Act
    const result = spread([10, 12, 8, 11, 9, 100, 10, 10]);

    // Assess: quartiles (nearest rank) 9 and 11 around a median of 10
    expect(result).toEqual({ median: 10, min: 8, max: 100, relativeIqr: 0.2, samples: 8 });
  });

  test('a single sample has no spread', () => {
    // Assess
    expect(spread([7])).toEqual({ median: 7, min: 7, max: 7, relativeIqr: 0, samples: 1 });
  });

  test.each([
    [[], /no samples/],
    [[1, Number.NaN], /not a finite number/],
  ])('refuses %j instead of reporting a made-up number', (values, message) => {
    // Assess
    expect(() => spread(values)).toThrow(message);
    expect(() => median(values)).toThrow(message);
  });

  test('refuses a percentile outside 0..100', () => {
    // Assess
    expect(() => percentile([1, 2], 101)).toThrow(/between 0 and 100/);
    expect(() => percentile([1, 2], -1)).toThrow(/between 0 and 100/);
  });

  test('ratio is ours over baseline, undefined when it would be meaningless', () => {
    // Assess
    expect(ratio(50, 200)).toBe(0.25);
    expect(ratio(1, 0)).toBeUndefined();
    expect(ratio(undefined, 2)).toBeUndefined();
    expect(ratio(2, undefined)).toBeUndefined();
  });
});
