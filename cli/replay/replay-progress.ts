/*
 * How far a replay run got, small enough for a `--resume` token whatever the run's size. Groups
 * are started in name order and each group's events go in their original order, so the progress
 * is: the last group started (every group before it was started too), and for the groups started
 * but not finished, the last events sent. Resending an event of the same run is harmless (its
 * deduplication id is the same, and the worker runs a run's event once), so a resume may repeat a
 * send but never skips one of the run's. A resumed run selects again (archive, --status) and
 * sends the groups that sort after the last one started; a group sorting before it that the first
 * run did not select (it had no matching event then) is not part of this run.
 */

/** A group started but not finished: the receive time of the last event sent and the ids sent with that time. */
export interface OpenGroup {
  /** Absent: the group was started and nothing of it sent yet. */
  readonly receivedAt?: number;
  readonly sentIds: readonly string[];
}

export interface ReplayProgress {
  /** The last group (name order) the run started; absent: none yet. */
  readonly through?: string;
  /** Groups at or before `through` that were not finished. */
  readonly open: Readonly<Record<string, OpenGroup>>;
  /** Events sent by the run so far, resumes included. */
  readonly sentCount: number;
}

export const NO_PROGRESS: ReplayProgress = { open: {}, sentCount: 0 };

interface Ordered {
  readonly record: { readonly eventId: string; readonly receivedAt: number };
}

/** The order groups are started in: by name (code units), the same in every run whatever the selection. */
export function compareGroupNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Of a group's events (original order), those the run has not sent yet. */
export function unsentEvents<T extends Ordered>(group: string, events: readonly T[], progress: ReplayProgress): T[] {
  if (progress.through === undefined || compareGroupNames(group, progress.through) > 0) return [...events];
  const open = progress.open[group];
  if (open === undefined) return [];
  const lastAt = open.receivedAt;
  if (lastAt === undefined) return [...events];
  return events.filter(({ record }) => record.receivedAt > lastAt || (record.receivedAt === lastAt && !open.sentIds.includes(record.eventId)));
}

/** Keeps the progress of a running run (one lane per group at a time). */
export class ProgressTracker {
  private through: string | undefined;
  private readonly open = new Map<string, OpenGroup>();
  private sent: number;

  constructor(resumed: ReplayProgress = NO_PROGRESS) {
    this.through = resumed.through;
    for (const [group, state] of Object.entries(resumed.open)) this.open.set(group, state);
    this.sent = resumed.sentCount;
  }

  public get sentCount(): number {
    return this.sent;
  }

  public started(group: string): void {
    if (!this.open.has(group)) this.open.set(group, { sentIds: [] });
    if (this.through === undefined || compareGroupNames(group, this.through) > 0) this.through = group;
  }

  public sentOne(group: string, record: Ordered['record']): void {
    const state = this.open.get(group);
    const sentIds = state?.receivedAt === record.receivedAt ? [...state.sentIds, record.eventId] : [record.eventId];
    this.open.set(group, { receivedAt: record.receivedAt, sentIds });
    this.sent++;
  }

  public finished(group: string): void {
    this.open.delete(group);
  }

  public snapshot(): ReplayProgress {
    return { ...(this.through === undefined ? {} : { through: this.through }), open: Object.fromEntries(this.open), sentCount: this.sent };
  }
}
