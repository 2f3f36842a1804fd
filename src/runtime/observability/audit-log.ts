/*
 * One structured JSON line per decision: the pipeline's audit trail (there is no audit table).
 *
 * The field set is closed on purpose: nothing typed here can carry a body, a secret or a
 * signature, so a log line cannot leak them by accident.
 */

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface AuditFields {
  readonly eventId?: string;
  readonly messageGroupId?: string;
  readonly messageId?: string;
  /** Why a request or record was rejected or failed, as a short machine-readable code. */
  readonly reason?: string;
  /** Name of an error class (never its message, which may quote the payload). */
  readonly errorClass?: string;
  readonly statusCode?: number;
  readonly attempt?: number;
  readonly bodyBytes?: number;
  readonly durationMs?: number;
  readonly retryAfterSeconds?: number;
  /** The invocation's time left, and the time a record needs, when a record is returned unrun. */
  readonly remainingMs?: number;
  readonly neededMs?: number;
  readonly count?: number;
  readonly requestId?: string;
  /** Set when a request verified with the previous secret version (the label, never the value). */
  readonly secretVersion?: 'AWSPREVIOUS';
  /** The replay run a delivery belongs to (`ack-fast-webhook replay`). */
  readonly replayRunId?: string;
}

export type LineWriter = (line: string) => void;

const writeStdout: LineWriter = (line) => {
  process.stdout.write(line + '\n');
};

export class AuditLog {
  constructor(
    private readonly component: string,
    private readonly write: LineWriter = writeStdout,
    private readonly now: () => number = Date.now,
  ) {}

  public info(message: string, fields: AuditFields = {}): void {
    this.emit('INFO', message, fields);
  }

  public warn(message: string, fields: AuditFields = {}): void {
    this.emit('WARN', message, fields);
  }

  public error(message: string, fields: AuditFields = {}): void {
    this.emit('ERROR', message, fields);
  }

  private emit(level: LogLevel, message: string, fields: AuditFields): void {
    this.write(JSON.stringify({
      timestamp: new Date(this.now()).toISOString(),
      level,
      component: this.component,
      message,
      ...fields,
    }));
  }
}
