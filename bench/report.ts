/*
 * The comparison table: one row per metric with ours, the baseline, their ratio and, where the
 * issue sets one, the target and whether this run met it. Rendering is plain text (stdout);
 * the same rows go into the JSON.
 */
import { ratio, spread, Spread } from './stats';

export interface Target {
  /** As the issue states it, e.g. '≤ 0.5×'. */
  readonly text: string;
  readonly met: (values: { ours: number; baseline?: number; ratio?: number }) => boolean;
}

export interface Row {
  readonly metric: string;
  readonly unit: string;
  readonly ours?: Spread;
  readonly baseline?: Spread;
  /** For rows that are not numbers (e.g. an exactly-once check), or to say why a value is missing. */
  readonly oursText?: string;
  readonly baselineText?: string;
  readonly ratio?: number;
  readonly target?: string;
  /** undefined: no target, or not measured. */
  readonly met?: boolean;
}

export const RATIO_AT_MOST = (limit: number): Target => ({ text: `≤ ${limit}×`, met: ({ ratio: r }) => r !== undefined && r <= limit });
export const OURS_AT_MOST = (limit: number, unit: string): Target => ({ text: `ours ≤ ${limit} ${unit}`, met: ({ ours }) => ours <= limit });

/** A row from raw samples of both sides (either may be empty: not measured). */
export function compareRow(metric: string, unit: string, ours: readonly number[], baseline: readonly number[], target?: Target): Row {
  const oursSpread = ours.length > 0 ? spread(ours) : undefined;
  const baselineSpread = baseline.length > 0 ? spread(baseline) : undefined;
  const r = ratio(oursSpread?.median, baselineSpread?.median);
  return {
    metric,
    unit,
    ours: oursSpread,
    baseline: baselineSpread,
    ratio: r,
    target: target?.text,
    met: target && oursSpread ? target.met({ ours: oursSpread.median, baseline: baselineSpread?.median, ratio: r }) : undefined,
  };
}

export function textRow(metric: string, oursText: string, baselineText: string, target?: string, met?: boolean): Row {
  return { metric, unit: '', oursText, baselineText, target, met };
}

function formatNumber(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 10_000) return Math.round(value).toLocaleString('en-US');
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** Median, and the interquartile range as ± half of it relative to the median when there are several samples. */
export function formatSpread(value: Spread | undefined): string {
  if (value === undefined) return 'not measured';
  if (value.samples < 2) return formatNumber(value.median);
  return `${formatNumber(value.median)} ±${Math.round((value.relativeIqr / 2) * 100)}%`;
}

function cells(row: Row): string[] {
  const metric = row.unit === '' ? row.metric : `${row.metric} (${row.unit})`;
  let met = '';
  if (row.target !== undefined) met = row.met === undefined ? 'not measured' : row.met ? 'yes' : 'NO';
  return [
    metric,
    row.oursText ?? formatSpread(row.ours),
    row.baselineText ?? formatSpread(row.baseline),
    row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`,
    row.target ?? '',
    met,
  ];
}

export const TABLE_HEADER = ['Metric', 'Ours', 'Baseline', 'Ours/Baseline', 'Target', 'Met'];

/** A Markdown table (readable as plain text too), ready to paste into docs/Performance.md. */
export function renderTable(rows: readonly Row[]): string {
  const table = [TABLE_HEADER, ...rows.map(cells)];
  const widths = TABLE_HEADER.map((_, column) => Math.max(...table.map((line) => line[column].length)));
  const line = (values: string[]) => `| ${values.map((value, column) => value.padEnd(widths[column])).join(' | ')} |`;
  return [line(table[0]), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...table.slice(1).map(line)].join('\n');
}
