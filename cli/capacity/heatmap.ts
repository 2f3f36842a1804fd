/*
 * The event-count heatmap the capacity model reads: 7 days × 24 hours of webhook counts.
 *
 * CSV, one header and seven rows, comments (#) and blank lines ignored:
 *   day,h00,h01,…,h23
 *   Mon,120,80,…,340
 *   … one row per day, Mon to Sun, each once, in any order
 * Each cell is the number of webhooks received in that hour (a whole number ≥ 0), e.g. from
 * the API Gateway `Count` metric summed per hour over a representative week.
 */
import * as v from 'valibot';

export const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export const HOURS_PER_WEEK = 7 * 24;
export const HEADER = ['day', ...Array.from({ length: 24 }, (_, hour) => `h${String(hour).padStart(2, '0')}`)];

/** Hourly counts, Monday 00:00 first: 168 values. */
export interface Heatmap {
  readonly hourlyCounts: readonly number[];
}

/** A heatmap the model cannot read: the message names the line and what to write instead. */
export class HeatmapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HeatmapError';
  }
}

const CountCell = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^\d+$/, 'must be a whole number of webhooks (0 or more, digits only)'),
  v.transform(Number),
  v.number(),
  v.safeInteger('is too large'),
);

const FULL_DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** `Mon` or `Monday`, any case, to `Mon`; anything else is left for the picklist to refuse. */
function canonicalDay(text: string): string {
  const lower = text.toLowerCase();
  const index = FULL_DAY_NAMES.findIndex((full) => lower === full || lower === full.slice(0, 3));
  return index >= 0 ? DAYS[index] : text;
}

const DayCell = v.pipe(
  v.string(),
  v.trim(),
  v.transform(canonicalDay),
  v.picklist(DAYS, `must be a day name: ${DAYS.join(', ')} (or in full)`),
);

function issueText(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues[0]?.message ?? 'is invalid';
}

/** Parses and checks the CSV text; `source` names the file in errors. */
export function parseHeatmap(csv: string, source: string): Heatmap {
  const lines = csv.split(/\r?\n/)
    .map((text, index) => ({ text: text.trim(), number: index + 1 }))
    .filter((line) => line.text !== '' && !line.text.startsWith('#'));
  const where = (lineNumber: number) => `${source} line ${lineNumber}`;
  if (lines.length === 0) {
    throw new HeatmapError(`${source} is empty: expected the header '${HEADER.slice(0, 3).join(',')},…,h23' and 7 rows (Mon to Sun).`);
  }
  const header = lines[0].text.split(',').map((cell) => cell.trim().toLowerCase());
  if (header.join(',') !== HEADER.join(',')) {
    throw new HeatmapError(`${where(lines[0].number)}: the header must be '${HEADER.slice(0, 3).join(',')},…,h23' (25 columns); got '${lines[0].text.slice(0, 60)}'.`);
  }
  const rows = lines.slice(1);
  if (rows.length !== DAYS.length) {
    throw new HeatmapError(`${source}: expected 7 rows after the header (one per day, Mon to Sun); got ${rows.length}.`);
  }
  const byDay = new Map<string, number[]>();
  for (const row of rows) {
    const cells = row.text.split(',');
    if (cells.length !== HEADER.length) {
      throw new HeatmapError(`${where(row.number)}: expected 25 cells (the day, then 24 hourly counts); got ${cells.length}.`);
    }
    const day = v.safeParse(DayCell, cells[0]);
    if (!day.success) throw new HeatmapError(`${where(row.number)}: '${cells[0].trim()}' ${issueText(day.issues)}.`);
    if (byDay.has(day.output)) throw new HeatmapError(`${where(row.number)}: ${day.output} appears twice; each day once.`);
    byDay.set(day.output, cells.slice(1).map((cell, hour) => {
      const count = v.safeParse(CountCell, cell);
      if (!count.success) {
        throw new HeatmapError(`${where(row.number)}, ${HEADER[hour + 1]}: '${cell.trim()}' ${issueText(count.issues)}.`);
      }
      return count.output;
    }));
  }
  return { hourlyCounts: DAYS.flatMap((day) => byDay.get(day)!) };
}

/** The heatmap as CSV text (the inverse of parseHeatmap). */
export function formatHeatmap(heatmap: Heatmap): string {
  const rows = DAYS.map((day, index) => [day, ...heatmap.hourlyCounts.slice(index * 24, index * 24 + 24)].join(','));
  return [HEADER.join(','), ...rows].join('\n') + '\n';
}
