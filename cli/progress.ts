/*
 * Progress of a long operation (redrive, replay of many events) on stderr. On a terminal it is
 * one line rewritten in place with the count, the rate and the time left; elsewhere (a log, CI)
 * a plain line each time the caller reports a step, so logs stay readable.
 */
import { CliIo } from './options';

export interface Progress {
  /**
   * `done` finished; `note`, if any, is the line printed off a terminal; `total` replaces the
   * expected total when it becomes known (e.g. a move task's first report).
   */
  update(done: number, note?: string, total?: number): void;
  /** Erases the line on a terminal, so other output can be written; the next update draws it again. */
  clear(): void;
  /** Ends the line on a terminal (nothing to do elsewhere). */
  finish(): void;
}

export interface ProgressOptions {
  readonly label: string;
  /** What is counted, plural (messages, events). */
  readonly unit: string;
  readonly total?: number;
  /** Injectable for tests. */
  readonly nowMs?: () => number;
}

const CLEAR_LINE = '\r\x1b[2K';

function seconds(value: number): string {
  return value >= 90 ? `${Math.round(value / 60)} min` : `${Math.max(1, Math.round(value))} s`;
}

/** `redrive: 40 of ~120 messages (10.0/s, ~8 s left)` */
export function progressText(label: string, unit: string, done: number, total: number | undefined, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const of = total === undefined ? '' : ` of ~${Math.max(total, done)}`;
  const left = total !== undefined && rate > 0 && total > done ? `, ~${seconds((total - done) / rate)} left` : '';
  return `${label}: ${done}${of} ${unit} (${rate.toFixed(1)}/s${left})`;
}

export function startProgress(io: CliIo, options: ProgressOptions): Progress {
  const now = options.nowMs ?? Date.now;
  const startedAt = now();
  let drawn = false;
  let expected = options.total;
  return {
    update(done, note, total) {
      if (total !== undefined) expected = total;
      if (!io.isTTY) {
        if (note !== undefined) io.stderr(`${note}\n`);
        return;
      }
      io.stderr(`${CLEAR_LINE}${progressText(options.label, options.unit, done, expected, now() - startedAt)}`);
      drawn = true;
    },
    clear() {
      if (drawn) io.stderr(CLEAR_LINE);
      drawn = false;
    },
    finish() {
      if (drawn) io.stderr('\n');
      drawn = false;
    },
  };
}
