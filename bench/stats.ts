/*
 * Summary statistics of repeated measurements. Percentiles use the nearest-rank method: every
 * reported value is one that was really observed, never an interpolation between two.
 */

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Interquartile range relative to the median (0.05 = the middle half lies within ±2.5 % or so). */
  readonly relativeIqr: number;
  readonly samples: number;
}

function sortedCopy(values: readonly number[]): number[] {
  if (values.length === 0) throw new Error('no samples: a measurement produced no values (check that the probe ran)');
  if (values.some((value) => !Number.isFinite(value))) throw new Error('a sample is not a finite number');
  return [...values].sort((a, b) => a - b);
}

/** Nearest-rank percentile (p in 0..100) of already sorted values. */
function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile must be between 0 and 100, got ${p}`);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function percentile(values: readonly number[], p: number): number {
  return percentileOfSorted(sortedCopy(values), p);
}

/** The median; for an even count, the mean of the two middle values. */
export function median(values: readonly number[]): number {
  const sorted = sortedCopy(values);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function spread(values: readonly number[]): Spread {
  const sorted = sortedCopy(values);
  const mid = median(sorted);
  const iqr = percentileOfSorted(sorted, 75) - percentileOfSorted(sorted, 25);
  return {
    median: mid,
    min: sorted[0],
    max: sorted[sorted.length - 1],
    relativeIqr: mid === 0 ? 0 : iqr / Math.abs(mid),
    samples: sorted.length,
  };
}

/** ours / baseline; undefined when the baseline is zero or either side is missing. */
export function ratio(ours: number | undefined, baseline: number | undefined): number | undefined {
  if (ours === undefined || baseline === undefined || baseline === 0) return undefined;
  return ours / baseline;
}
