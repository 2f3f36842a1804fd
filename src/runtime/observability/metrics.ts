/*
 * CloudWatch Embedded Metric Format (EMF): metrics written as JSON log lines, which CloudWatch
 * Logs turns into metrics without an API call or a dependency.
 *
 * A handler opens one MetricsBatch per invocation, counts into it, and flushes it once: one line
 * per invocation (plus one per extra Reason value, since an EMF line carries one value per
 * dimension). Names, units and dimension values come from the code and the construct's
 * configuration only: no body, header or secret can reach a metric line.
 */
import type { LineWriter } from './audit-log';
import { METRICS_PIPELINE_DIMENSION, MetricsRuntimeConfig } from '../../contract';

export type MetricUnit = 'Count' | 'Milliseconds' | 'Seconds';

/** The dimension that splits a metric by a machine-readable reason code (e.g. Rejected). */
export const METRICS_REASON_DIMENSION = 'Reason';

/** EMF accepts at most 100 values per metric in one line. */
export const EMF_MAX_VALUES_PER_METRIC = 100;

export interface EmfMetricDefinition {
  readonly Name: string;
  readonly Unit: MetricUnit;
}

export interface EmfDirective {
  readonly Namespace: string;
  readonly Dimensions: string[][];
  readonly Metrics: EmfMetricDefinition[];
}

export interface EmfDocument {
  readonly _aws: { readonly Timestamp: number; readonly CloudWatchMetrics: EmfDirective[] };
  readonly [field: string]: unknown;
}

interface Series {
  readonly name: string;
  readonly unit: MetricUnit;
  readonly reason?: string;
  /** Count: one running sum; Milliseconds: every observation. */
  readonly values: number[];
}

const writeStdout: LineWriter = (line) => {
  process.stdout.write(line + '\n');
};

/** Builds one EMF document: `series` share the reason (or have none). Pure. */
export function buildEmfDocument(
  config: MetricsRuntimeConfig,
  timestamp: number,
  series: ReadonlyArray<{ name: string; unit: MetricUnit; value: number | number[] }>,
  reason?: string,
): EmfDocument {
  const dimensions = reason === undefined
    ? [[METRICS_PIPELINE_DIMENSION]]
    : [[METRICS_PIPELINE_DIMENSION], [METRICS_PIPELINE_DIMENSION, METRICS_REASON_DIMENSION]];
  const document: Record<string, unknown> = {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [{
        Namespace: config.namespace,
        Dimensions: dimensions,
        Metrics: series.map(({ name, unit }) => ({ Name: name, Unit: unit })),
      }],
    },
    [METRICS_PIPELINE_DIMENSION]: config.pipeline,
  };
  if (reason !== undefined) document[METRICS_REASON_DIMENSION] = reason;
  for (const { name, value } of series) document[name] = value;
  return document as EmfDocument;
}

/** The metrics of one invocation; nothing is written before flush(). */
export class MetricsBatch {
  private readonly series = new Map<string, Series>();

  constructor(
    private readonly config: MetricsRuntimeConfig | undefined,
    private readonly write: LineWriter,
    private readonly now: () => number,
  ) {}

  /** Adds `value` (default 1) to a Count metric; `reason` also publishes it under [Pipeline, Reason]. */
  public count(name: string, options: { value?: number; reason?: string } = {}): void {
    const entry = this.entry(name, 'Count', options.reason);
    entry.values[0] = (entry.values[0] ?? 0) + (options.value ?? 1);
  }

  /** Records one observation of a Milliseconds metric (negative or non-finite values are dropped). */
  public milliseconds(name: string, value: number): void {
    if (!Number.isFinite(value) || value < 0) return;
    this.entry(name, 'Milliseconds').values.push(value);
  }

  /** Keeps the largest observation of a Seconds metric in this batch: one value per invocation. */
  public maximumSeconds(name: string, value: number): void {
    if (!Number.isFinite(value) || value < 0) return;
    const entry = this.entry(name, 'Seconds');
    entry.values[0] = Math.max(entry.values[0] ?? 0, value);
  }

  /** Writes the EMF lines and empties the batch; writes nothing when metrics are off or nothing was recorded. */
  public flush(): void {
    const series = [...this.series.values()];
    this.series.clear();
    if (this.config === undefined || series.length === 0) return;
    const timestamp = this.now();
    const byReason = new Map<string | undefined, Series[]>();
    for (const entry of series) {
      const group = byReason.get(entry.reason);
      if (group) group.push(entry);
      else byReason.set(entry.reason, [entry]);
    }
    for (const [reason, group] of byReason) {
      // More than 100 observations of one metric go on further lines.
      for (let offset = 0; ; offset += EMF_MAX_VALUES_PER_METRIC) {
        const slice = group
          .filter((entry) => entry.values.length > offset)
          .map((entry) => {
            const values = entry.values.slice(offset, offset + EMF_MAX_VALUES_PER_METRIC);
            return { name: entry.name, unit: entry.unit, value: values.length === 1 ? values[0] : values };
          });
        if (slice.length === 0) break;
        this.write(JSON.stringify(buildEmfDocument(this.config, timestamp, slice, reason)));
      }
    }
  }

  private entry(name: string, unit: MetricUnit, reason?: string): Series {
    const key = `${name}\u0000${reason ?? ''}\u0000${reason === undefined ? 0 : 1}`;
    let entry = this.series.get(key);
    if (!entry) {
      entry = { name, unit, reason, values: [] };
      this.series.set(key, entry);
    }
    return entry;
  }
}

/** Opens one MetricsBatch per invocation. With no configuration every batch writes nothing. */
export class Metrics {
  constructor(
    private readonly config: MetricsRuntimeConfig | undefined,
    private readonly write: LineWriter = writeStdout,
    private readonly now: () => number = Date.now,
  ) {}

  public batch(): MetricsBatch {
    return new MetricsBatch(this.config, this.write, this.now);
  }
}
